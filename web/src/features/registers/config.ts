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
  /** labels of the record's fields (camelCase, as the API answers); others are shown humanised */
  fields?: Record<string, Label>;
  /** extra pages of this register, linked from its list: path under /registers/<key>/ and label */
  pages?: Array<{ path: string; label: Label }>;
}

/** Fields every register record has. */
export const COMMON_FIELDS: Record<string, Label> = {
  officeUnitName: { zh: '台账单位', en: 'Office' },
  unitName: { zh: '责任单位', en: 'Responsible unit' },
  caseRegNo: { zh: '信访事项登记号', en: 'Case reg. no.' },
  caseTitle: { zh: '信访事项', en: 'Case' },
  caseStatus: { zh: '信访事项状态', en: 'Case status' },
  reason: { zh: '事由', en: 'Reason' },
  note: { zh: '说明', en: 'Note' },
  createdAt: { zh: '登记时间', en: 'Registered' },
  updatedAt: { zh: '更新时间', en: 'Updated' },
  closedAt: { zh: '办结时间', en: 'Closed' },
};

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
    headline: ['reason', 'caseTitle'],
    columns: [
      { field: 'levelLabel', label: { zh: '督办级别', en: 'Level' } },
      { field: 'sourceLabel', label: { zh: '来源', en: 'Source' } },
      { field: 'unitName', label: { zh: '被督办单位', en: 'Supervised unit' } },
    ],
    roles: STAFF,
    fields: {
      levelLabel: { zh: '督办级别', en: 'Level' },
      sourceLabel: { zh: '来源', en: 'Source' },
      unitName: { zh: '被督办单位', en: 'Supervised unit' },
      officeUnitName: { zh: '督办单位', en: 'Supervising office' },
      noticeNo: { zh: '督办单号', en: 'Notice no.' },
      noticeContent: { zh: '督办事项及要求', en: 'Notice' },
      notifiedAt: { zh: '督办单发出时间', en: 'Notice issued' },
      response: { zh: '书面反馈', en: 'Response' },
      respondedAt: { zh: '反馈时间', en: 'Responded' },
      reviewComment: { zh: '审核意见', en: 'Review comment' },
      unitId: { zh: '被督办单位', en: 'Supervised unit' },
      caseId: { zh: '信访事项（ID，可选）', en: 'Case (id, optional)' },
      level: { zh: '督办级别', en: 'Level' },
      content: { zh: '督办事项及要求', en: 'Notice' },
      responseWorkdays: { zh: '反馈期限（工作日）', en: 'Working days to respond' },
      comment: { zh: '审核意见', en: 'Comment' },
      measure: { zh: '追责建议', en: 'Recommendation' },
      target: { zh: '针对单位或岗位', en: 'Unit or post concerned' },
    },
    pages: [{ path: 'bulletins', label: { zh: '通报', en: 'Bulletins' } }],
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
