import { useMemo } from 'react';
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n';
import { post } from '../../lib/api';
import type { Unit } from '../../lib/refdata';
import { areaOfLocation, inArea, unitPaths, type UnitPath } from '../../lib/unitPaths';
import { useFetch } from '../../lib/useFetch';
import { UnitPathLabel } from '../../components/UnitPicker';
import type { CaseView } from './api';
import type { RuleSuggestion } from '../register/IntakeSuggestions';

interface ModelSuggestion {
  id: string;
  name: string;
  score: number;
  words: string[];
}
interface Row {
  unitId: string;
  unitName: string;
  rules: RuleSuggestion[];
  model?: ModelSuggestion;
}

/**
 * At the top of the route / re-route drawer: the units computed for this case — the office's routing rules that
 * match (派单规则, with the rule and why) and the classifier's units (with the words behind them), one row per unit,
 * rules first. "Use this unit" fills 主办单位; the dispatcher decides (POST /api/intake/suggest).
 */
export function RouteSuggestions({ c, units, chosen, onUse }: { c: CaseView; units: Unit[]; chosen?: string; onUse(unitId: string): void }) {
  const { t } = useI18n();
  const suggest = useFetch(
    () =>
      post<{ rules?: RuleSuggestion[]; unit?: ModelSuggestion[] }>('/api/intake/suggest', {
        title: c.title,
        content: c.content,
        location: c.location ?? undefined,
        categoryId: c.categoryId ?? undefined,
      }),
    [c.id],
  );
  const paths = useMemo(() => unitPaths(units), [units]);
  // a suggested unit of another district / street than the one the case's place names is marked, never hidden
  const area = useMemo(() => areaOfLocation(paths, c.location), [paths, c.location]);
  const otherArea = (p: UnitPath | undefined) => {
    if (!area || !p || inArea(p, area)) return undefined;
    const level = p.ancestors[1] ? paths.get(p.ancestors[1]) : undefined; // the unit's own area at the same level
    return level && level.unit.type === area.type ? { theirs: level.segments.at(-1)!, ours: paths.get(area.id)!.segments.at(-1)! } : undefined;
  };
  const rows = useMemo(() => {
    const out: Row[] = [];
    const row = (unitId: string, unitName: string) => {
      let r = out.find((x) => x.unitId === unitId);
      if (!r) out.push((r = { unitId, unitName, rules: [] }));
      return r;
    };
    for (const r of suggest.data?.rules ?? []) row(r.unitId, r.unitName).rules.push(r);
    for (const m of suggest.data?.unit ?? []) row(m.id, m.name).model = m;
    return out;
  }, [suggest.data]);

  if (suggest.loading || suggest.error) return null;
  if (!rows.length) return <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('rsNone')} data-testid="route-suggestions-none" />;
  return (
    <Card size="small" title={t('rsTitle')} style={{ marginBottom: 16 }} data-testid="route-suggestions">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('rsIntro')}
      </Typography.Paragraph>
      {rows.map((r) => {
        const p = paths.get(r.unitId);
        const inUse = chosen === r.unitId;
        return (
          <div key={r.unitId} data-testid="route-suggestion" data-unit-id={r.unitId} style={{ display: 'flex', gap: 12, alignItems: 'flex-start', padding: '8px 0', borderTop: '1px solid rgba(5,5,5,0.06)' }}>
            <div style={{ flex: 1, minWidth: 0 }}>
              <div>{p ? <UnitPathLabel path={p} /> : <strong>{r.unitName}</strong>}</div>
              {r.rules.map((x) => (
                <div key={x.ruleId} data-testid="route-suggestion-rule">
                  <Tag color="blue">{t('rsRule')}</Tag>
                  <Typography.Text>{x.name}</Typography.Text>
                  <Typography.Text type="secondary">（{x.reason}）</Typography.Text>
                </div>
              ))}
              {r.model && (
                <div data-testid="route-suggestion-model">
                  <Tag color="purple">{t('rsModel')}</Tag>
                  <Typography.Text type="secondary">{t('rsScore', { score: r.model.score.toFixed(2) })}</Typography.Text>
                  {r.model.words.length > 0 && (
                    <>
                      <Typography.Text type="secondary">，{t('rsWords')}：</Typography.Text>
                      <Space size={2} wrap style={{ display: 'inline-flex' }}>
                        {r.model.words.map((w) => (
                          <Tag key={w} bordered={false}>
                            {w}
                          </Tag>
                        ))}
                      </Space>
                    </>
                  )}
                </div>
              )}
              {!p && <Typography.Text type="warning">{t('rsOutOfScope')}</Typography.Text>}
              {otherArea(p) && (
                <Tag color="orange" data-testid="route-suggestion-other-area">
                  {t('rsOtherArea', otherArea(p)!)}
                </Tag>
              )}
            </div>
            <Button size="small" type={inUse ? 'default' : 'primary'} ghost={!inUse} icon={inUse ? <CheckOutlined /> : undefined} disabled={!p} onClick={() => onUse(r.unitId)} data-testid="route-suggestion-use">
              {inUse ? t('rsInUse') : t('rsUse')}
            </Button>
          </div>
        );
      })}
    </Card>
  );
}
