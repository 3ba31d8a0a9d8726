import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useLabels } from '../lib/meta';

const COLOR: Record<string, string> = {
  registered: 'blue',
  dispatched: 'geekblue',
  signed: 'cyan',
  objected: 'volcano',
  accepted: 'processing',
  reply_pending: 'gold',
  replied: 'green',
  review: 'purple',
  reviewed: 'green',
  rereview: 'purple',
  rereviewed: 'green',
  not_accepted: 'default',
  linked: 'default',
  merged: 'default',
  closed: 'default',
};

export function StatusTag({ status }: { status: string }) {
  const { lang } = useI18n();
  const labels = useLabels(lang);
  return (
    <Tag color={COLOR[status]} data-status={status}>
      {labels.status(status)}
    </Tag>
  );
}
