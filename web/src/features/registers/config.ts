/**
 * The four registers in the workbench. Everything else (statuses, actions, who may act, the forms) comes from the
 * server's tables (GET /api/workflows) and the OpenAPI document; this says only where each lives and what its list
 * shows first.
 */
import type { Label } from '../../lib/meta';

export interface RegisterConfig {
  key: string;
  entity: string;
  base: string;
  title: Label;
  /** fields tried in order for a record's headline */
  headline: string[];
  /** extra list columns: field names with labels */
  columns: Array<{ field: string; label: Label }>;
  /** roles that see it in the menu (the server scopes and refuses anyway) */
  roles: string[];
}

const STAFF = ['intake', 'dispatcher', 'handler', 'unit_head', 'supervisor', 'return_visit', 'mediator', 'analyst'];

export const REGISTERS: RegisterConfig[] = [
  {
    key: 'visits',
    entity: 'return_visit',
    base: '/api/visits',
    title: { zh: '回访任务', en: 'Return visits' },
    headline: ['caseTitle', 'title', 'regNo'],
    columns: [{ field: 'regNo', label: { zh: '登记号', en: 'Reg. no.' } }],
    roles: ['return_visit', 'intake', 'supervisor', 'analyst', 'dispatcher'],
  },
  {
    key: 'supervision',
    entity: 'supervision',
    base: '/api/supervision',
    title: { zh: '督查督办', en: 'Supervision' },
    headline: ['reason', 'title', 'caseTitle'],
    columns: [
      { field: 'level', label: { zh: '督办级别', en: 'Level' } },
      { field: 'unitName', label: { zh: '被督办单位', en: 'Supervised unit' } },
    ],
    roles: STAFF,
  },
  {
    key: 'disputes',
    entity: 'dispute',
    base: '/api/disputes',
    title: { zh: '矛盾纠纷调解', en: 'Dispute mediation' },
    headline: ['title', 'description'],
    columns: [
      { field: 'type', label: { zh: '类型', en: 'Type' } },
      { field: 'place', label: { zh: '地点', en: 'Place' } },
    ],
    roles: STAFF,
  },
  {
    key: 'hazards',
    entity: 'hazard',
    base: '/api/hazards',
    title: { zh: '风险隐患', en: 'Hazards' },
    headline: ['title', 'description'],
    columns: [
      { field: 'grade', label: { zh: '等级', en: 'Grade' } },
      { field: 'type', label: { zh: '类型', en: 'Type' } },
      { field: 'place', label: { zh: '地点', en: 'Place' } },
    ],
    roles: STAFF,
  },
];

export const registerByKey = (key: string | undefined) => REGISTERS.find((r) => r.key === key);

export function headlineOf(cfg: RegisterConfig, r: Record<string, unknown>): string {
  for (const f of cfg.headline) {
    const v = r[f];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return String(r.id ?? '').slice(0, 8);
}
