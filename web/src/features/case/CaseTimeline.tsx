import { Timeline, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { useLabels } from '../../lib/meta';
import { fmtTime } from '../../lib/time';
import type { CaseEvent } from './api';
import { DataList } from './DataList';

/** unit ids mean nothing to a citizen (the public API has no unit names); the acting unit is shown instead */
const CITIZEN_HIDDEN = ['leadUnitId', 'assistUnitIds', 'suggestedUnitId', 'reportBackDays'];

const COLOR: Record<string, string> = { clock_overdue: 'red', clock_warning: 'orange', object: 'orange', not_accept: 'gray', decline: 'gray' };

/** Every event: what (the action's label), who (staff and unit), when, and what was entered. */
export function CaseTimeline({ events, unitName, citizen }: { events: CaseEvent[]; unitName?: (id: string) => string; citizen?: boolean }) {
  const { t, tx, lang } = useI18n();
  const labels = useLabels(lang);
  const what = (e: CaseEvent) => (labels.transition(e.type) ? labels.action(e.type) : tx(`ev_${e.type}`, e.type));
  return (
    <Timeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: e.id,
        color: COLOR[e.type] ?? (e.to ? 'blue' : 'gray'),
        children: (
          <div>
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
              {fmtTime(e.at)} · {(citizen ? e.unit : [e.actor, e.unit].filter(Boolean).join(' · ')) || (labels.transition(e.type)?.citizen ? t('citizenActor') : t('systemActor'))}
            </Typography.Text>
            {Object.keys(e.data ?? {}).length > 0 && (
              <div style={{ marginTop: 4 }}>
                <DataList data={e.data} unitName={unitName} compact hide={citizen ? CITIZEN_HIDDEN : undefined} />
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
