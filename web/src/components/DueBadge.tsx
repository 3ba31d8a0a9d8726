import { ClockCircleOutlined, ExclamationCircleFilled, PauseCircleOutlined, WarningFilled } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n/i18n';
import { duration, fmtTime, type DueLevel } from '../lib/time';

/**
 * Time left on a deadline. Colour is never the only signal: each level carries its own icon and word
 * (正常 / 即将到期 / 已超期), so it reads the same in grey-scale and to a screen reader.
 */
export function DueBadge({ dueAt, level, paused }: { dueAt: string | null; level: DueLevel | null; paused?: boolean }) {
  const { t } = useI18n();
  if (paused) return <Tag icon={<PauseCircleOutlined />}>{t('paused')}</Tag>;
  if (!dueAt) return <span style={{ color: 'rgba(0,0,0,0.45)' }}>—</span>;
  const ms = new Date(dueAt).getTime() - Date.now();
  const lvl: DueLevel = ms < 0 ? 'overdue' : (level ?? 'ok');
  const text = ms < 0 ? t('overdueBy', { t: duration(ms, t) }) : t('left', { t: duration(ms, t) });
  const tip = `${t('dueAt')}: ${fmtTime(dueAt)}`;
  if (lvl === 'overdue')
    return (
      <Tooltip title={tip}>
        <Tag color="error" icon={<ExclamationCircleFilled />} data-level="overdue">
          {text}
        </Tag>
      </Tooltip>
    );
  if (lvl === 'warning')
    return (
      <Tooltip title={tip}>
        <Tag color="warning" icon={<WarningFilled />} data-level="warning">
          {t('dueSoon')} · {text}
        </Tag>
      </Tooltip>
    );
  return (
    <Tooltip title={tip}>
      <Tag icon={<ClockCircleOutlined />} data-level="ok">
        {text}
      </Tag>
    </Tooltip>
  );
}
