import { Alert } from 'antd';

/** What a form could not show next to its fields: the first message as the title, the others below it. */
export function FormAlerts({ alerts }: { alerts: string[] }) {
  if (!alerts.length) return null;
  return <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={alerts[0]} description={alerts.slice(1).join('；') || undefined} />;
}
