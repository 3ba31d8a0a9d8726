/** Roles of DOMAIN.md. A user holds one or more; what they may do is bounded by their unit's subtree. */
export const ROLES = [
  'intake', // 登记员 / 话务员
  'dispatcher', // 信访部门 / 热线派单员
  'handler', // 承办人
  'unit_head', // 单位负责人
  'supervisor', // 督查督办
  'return_visit', // 回访员
  'mediator', // 调解员
  'analyst', // 分析 / 领导
  'admin', // 系统管理员
  'citizen', // 信访人 (portal account; most citizens use a tracking code instead)
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  intake: { zh: '登记员', en: 'Intake operator' },
  dispatcher: { zh: '派单员', en: 'Dispatcher' },
  handler: { zh: '承办人', en: 'Handler' },
  unit_head: { zh: '单位负责人', en: 'Unit head' },
  supervisor: { zh: '督查督办', en: 'Supervisor' },
  return_visit: { zh: '回访员', en: 'Return-visit staff' },
  mediator: { zh: '调解员', en: 'Mediator' },
  analyst: { zh: '分析员', en: 'Analyst' },
  admin: { zh: '管理员', en: 'Administrator' },
  citizen: { zh: '信访人', en: 'Citizen' },
};

/**
 * Roles whose work needs the petitioner's contact details (to call back, visit, mediate).
 * Everyone else sees masked values; nobody in an accused unit sees them at all.
 */
export const PERSONAL_DATA_ROLES: readonly Role[] = ['intake', 'dispatcher', 'handler', 'unit_head', 'return_visit', 'mediator'];

export const UNIT_TYPES = [
  'province',
  'city',
  'district',
  'street',
  'community',
  'grid',
  'department',
  'petition_office',
  'legal_organ',
  'discipline_organ',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
