import { Table, Tag } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { ClockRule } from '../../lib/refdata';
import { fmtDate, fmtTime } from '../../lib/time';
import { DueBadge } from '../../components/DueBadge';
import type { Clock } from './api';

export function ClocksCard({ clocks, rules }: { clocks: Clock[]; rules?: ClockRule[] }) {
  const { t, tx, lang } = useI18n();
  const ruleName = (k: string) => {
    const r = rules?.find((x) => x.key === k);
    return tx(`rule_${k}`, r ? (lang === 'zh' ? r.descriptionZh : r.descriptionEn) : k);
  };
  const sorted = [...clocks].sort((a, b) => Number(b.status === 'running' || b.status === 'paused') - Number(a.status === 'running' || a.status === 'paused'));
  return (
    <Table<Clock>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={sorted}
      scroll={{ x: 640 }}
      data-testid="clocks"
      columns={[
        {
          title: t('clockRule'),
          dataIndex: 'rule',
          render: (k: string, r) => (
            <span title={rules?.find((x) => x.key === k)?.source}>
              {ruleName(k)} <span className="ms-muted">({r.amount}{lang === 'zh' ? '' : ' '}{tx(`pu_${r.unit}`, r.unit)})</span>
            </span>
          ),
        },
        { title: t('clockStatus'), dataIndex: 'status', width: 110, render: (s: string) => <Tag>{tx(`clock_${s}`, s)}</Tag> },
        { title: t('dueAt'), dataIndex: 'dueAt', width: 150, render: fmtTime },
        {
          title: t('timeLeft'),
          key: 'left',
          width: 220,
          render: (_, r) => (r.status === 'running' || r.status === 'paused' ? <DueBadge dueAt={r.dueAt} level={r.level} paused={r.status === 'paused'} /> : <span className="ms-muted">—</span>),
        },
        {
          title: t('pauses'),
          key: 'extra',
          render: (_, r) => (
            <span>
              {r.extendedDays > 0 && <Tag color="blue">{t('extendedDays', { n: r.extendedDays })}</Tag>}
              {r.pauses.map((p, i) => (
                <Tag key={i}>
                  {fmtDate(p.from)} – {p.to ? fmtDate(p.to) : '…'} {p.reason ?? ''}
                </Tag>
              ))}
            </span>
          ),
        },
      ]}
    />
  );
}
