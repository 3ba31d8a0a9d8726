import { Timeline, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { useLabels } from '../../lib/meta';
import type { ClockRule } from '../../lib/refdata';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { fetchTables, type RegisterTable } from '../registers/api';
import type { CaseEvent } from './api';
import { DataList } from './DataList';

/** unit ids mean nothing to a citizen (the public API has no unit names); the acting unit is shown instead */
const CITIZEN_HIDDEN = ['leadUnitId', 'assistUnitIds', 'suggestedUnitId', 'reportBackDays'];

const COLOR: Record<string, string> = { clock_overdue: 'red', clock_warning: 'orange', object: 'orange', not_accept: 'gray', decline: 'gray' };

/** Events a register writes on the case's timeline, by the register whose actions and statuses they name. */
const REGISTER_OF: Record<string, string> = { dispute_opened: 'dispute', dispute_progress: 'dispute', dispute_returned: 'dispute' };

/**
 * Every event: what (the action's label), who (staff and unit), when (in China Standard Time), and what was entered.
 * A clock's warning or overdue mark reads as one sentence: "转送交办时限 80% 预警，2026-10-10 17:30 到期".
 */
export function CaseTimeline({ events, unitName, citizen, rules }: { events: CaseEvent[]; unitName?: (id: string) => string; citizen?: boolean; rules?: ClockRule[] }) {
  const { t, tx, lang } = useI18n();
  const labels = useLabels(lang);
  const needsTables = !citizen && events.some((e) => REGISTER_OF[e.type]);
  const tables = useFetch(() => (needsTables ? fetchTables() : Promise.resolve([] as RegisterTable[])), [needsTables]);
  const what = (e: CaseEvent) => (labels.transition(e.type) ? labels.action(e.type) : tx(`ev_${e.type}`, e.type));
  const ruleName = (k: string) => {
    const r = rules?.find((x) => x.key === k);
    return tx(`rule_${k}`, r ? (lang === 'zh' ? r.descriptionZh : r.descriptionEn) : k);
  };
  const clockSentence = (e: CaseEvent): string | null => {
    if (e.type !== 'clock_warning' && e.type !== 'clock_overdue') return null;
    const d = e.data ?? {};
    const rule = ruleName(String(d.rule ?? ''));
    const due = fmtTime(typeof d.dueAt === 'string' ? d.dueAt : null);
    const w = String(d.warning ?? '');
    const hours = /^(\d+(?:\.\d+)?)h$/.exec(w)?.[1];
    const sentence = e.type === 'clock_overdue' ? t('tlOverdue', { rule, due }) : hours ? t('tlWarnBefore', { rule, hours, due }) : t('tlWarnFraction', { rule, warning: w, due });
    const unit = typeof d.unit === 'string' && unitName && !citizen ? t('tlOfUnit', { unit: unitName(d.unit) }) : '';
    return unit ? `${sentence}${lang === 'zh' ? '；' : '; '}${unit}` : sentence;
  };
  return (
    <Timeline
      data-testid="timeline"
      items={events.map((e) => {
        const sentence = clockSentence(e);
        const register = REGISTER_OF[e.type] ? tables.data?.find((x) => x.entity === REGISTER_OF[e.type]) : undefined;
        return {
          key: e.id,
          color: COLOR[e.type] ?? (e.to ? 'blue' : 'gray'),
          children: (
            <div data-testid="timeline-event" data-type={e.type} data-at={e.at}>
              <div>
                <Typography.Text strong>{what(e)}</Typography.Text>
                {e.to && e.to !== e.from && (
                  <Typography.Text type="secondary">
                    {' '}
                    → {labels.status(e.to)}
                  </Typography.Text>
                )}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <span data-testid="timeline-time">{fmtTime(e.at)}</span> ·{' '}
                {(citizen ? e.unit : [e.actor, e.unit].filter(Boolean).join(' · ')) || (labels.transition(e.type)?.citizen ? t('citizenActor') : t('systemActor'))}
              </Typography.Text>
              {sentence ? (
                <div style={{ marginTop: 4 }} data-testid="clock-sentence">
                  {sentence}
                </div>
              ) : (
                Object.keys(e.data ?? {}).length > 0 && (
                  <div style={{ marginTop: 4 }}>
                    <DataList data={e.data} unitName={unitName} compact hide={citizen ? CITIZEN_HIDDEN : undefined} register={register} />
                  </div>
                )
              )}
            </div>
          ),
        };
      })}
    />
  );
}
