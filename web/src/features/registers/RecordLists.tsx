import { Card, Table } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { Label } from '../../lib/meta';
import type { RecordView } from './api';
import { fieldLabel, isInternalField, showValue } from './display';

type Row = Record<string, unknown>;
const isRows = (v: unknown): v is Row[] => Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && !('zh' in x));
/** shown by the page's own cards */
const OWN = ['clocks', 'events'];
const filled = (v: unknown) => v !== null && v !== undefined && v !== '';

/**
 * The lists a record holds (a dispute's sessions, a visit's attempts, a supervision item's recommendations) as small
 * tables: the columns the register's config names, in its order, or else every column that has a value.
 */
export function RecordLists({ record, fields, valueLabels, lists = {}, skip }: {
  record: RecordView;
  fields: Record<string, Label>;
  valueLabels?: Record<string, Label>;
  lists?: Record<string, string[]>;
  skip: string[];
}) {
  const { t, lang } = useI18n();
  const found = Object.entries(record).filter((e): e is [string, Row[]] => !skip.includes(e[0]) && !OWN.includes(e[0]) && isRows(e[1]) && (e[1].length > 0 || e[0] in lists));
  return (
    <>
      {found.map(([field, rows]) => {
        const keys = lists[field] ?? [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => !isInternalField(k));
        const columns = keys
          .filter((k) => rows.some((r) => filled(r[k])))
          .map((k) => ({ key: k, title: fieldLabel(k, fields, lang), render: (_: unknown, r: Row) => <span style={{ whiteSpace: 'pre-wrap' }}>{showValue(r[k], lang, valueLabels)}</span> }));
        return (
          <Card key={field} title={fieldLabel(field, fields, lang)} size="small" data-testid={`record-list-${field}`}>
            <Table<Row> size="small" rowKey={(_, i) => String(i)} pagination={false} dataSource={rows} columns={columns} scroll={{ x: 'max-content' }} locale={{ emptyText: t('regListEmpty') }} />
          </Card>
        );
      })}
    </>
  );
}
