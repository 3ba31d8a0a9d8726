import { Tag } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../lib/meta';
import type { RegisterTable } from './api';

const DONE = /closed|completed|performed|cancel|withdrawn|unreachable|referred|no_agreement/;

/** A register record's status in words; finished ones grey, the rest coloured. */
export function RecordStatus({ table, status }: { table: RegisterTable | undefined; status: string }) {
  const { lang } = useI18n();
  return (
    <Tag color={DONE.test(status) ? 'default' : /overdue/.test(status) ? 'error' : 'processing'} data-status={status}>
      {pick(table?.statuses[status], lang, status)}
    </Tag>
  );
}
