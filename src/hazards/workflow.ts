/**
 * 风险隐患排查整治: the transition table of a hazard. Found by inspection or reported (安全生产法 第七十四条) and
 * registered with its grade; assigned to a responsible unit with a rectification deadline and a responsible leader
 * (包干); the unit records its plan (一案一策) and then the rectification with evidence; someone who is neither the
 * recorder nor in the responsible unit verifies it on site — a failed check sends it back to rectifying with a new
 * deadline; the office closes it out (销号). Major hazards and overdue rectifications are supervised (第四十一条).
 */
import type { Role } from '../org/roles.js';
import { all, defineWorkflow, type Guard, type Transition } from '../workflow/table.js';
import { actorWithin, officeInScope } from '../workflow/register-store.js';
import type { HazardGrade, HazardStatus } from './tables.js';

export interface HazardContext {
  status: HazardStatus;
  grade: HazardGrade;
  officePath: string;
  /** the responsible unit's path, once assigned */
  unitPath: string | null;
  /** photos of the rectified site uploaded in this round (since the last failed check) */
  rectifiedPhotos: number;
  /** the actor (the one whose actions are checked) recorded the rectification being verified */
  actorRecordedRectification: boolean;
  /** the actor works in the responsible unit or a unit under it */
  actorInUnit: boolean;
}

export type HazardRelation = 'office' | 'unit' | 'office_or_unit';

type T = Transition<HazardStatus, HazardContext, HazardRelation>;

const REPORTERS: Role[] = ['intake', 'dispatcher', 'handler', 'unit_head'];
const OFFICE: Role[] = ['dispatcher', 'unit_head'];
const UNIT: Role[] = ['handler', 'unit_head'];
const VERIFIERS: Role[] = ['dispatcher', 'supervisor', 'handler', 'unit_head'];

export const LAW = {
  report: '安全生产法第七十四条',
  rectify: '安全生产法第四十一条第二款、第六十五条第一款第三项',
  major: '安全生产法第四十一条第三款',
  verify: '安全生产法第六十五条第一款第三项',
};

/** On-site verification by another person: not who recorded the rectification, nor anyone in the responsible unit. */
export const independentVerifier: Guard<HazardContext> = (c) => {
  if (c.actorRecordedRectification) return { code: 'VERIFIER_NOT_INDEPENDENT', params: { reason: '核查人不得是整改情况的填报人 / the verifier recorded the rectification' } };
  if (c.actorInUnit) return { code: 'VERIFIER_NOT_INDEPENDENT', params: { reason: '核查人不得来自整改责任单位 / the verifier works in the responsible unit' } };
  return null;
};

/** 整改前后对比: the rectification is reported with at least one photo of the rectified site. */
export const hasRectifiedPhoto: Guard<HazardContext> = (c) =>
  c.rectifiedPhotos > 0 ? null : { code: 'EVIDENCE_REQUIRED', params: { what: '整改后现场照片（先上传 stage=rectified 的照片）/ a photo of the rectified site (upload with stage=rectified first)' } };

const TRANSITIONS: readonly T[] = [
  { action: 'report', from: [], to: 'reported', roles: REPORTERS, relation: 'office', public: false, basis: LAW.report, label: { zh: '登记隐患', en: 'Register a hazard' } },
  { action: 'assign', from: ['reported'], to: 'assigned', roles: OFFICE, relation: 'office', public: false, basis: LAW.rectify, label: { zh: '交办整改（定责任单位、期限、包干领导）', en: 'Assign: unit, deadline, responsible leader' } },
  { action: 'regrade', from: ['reported', 'assigned', 'rectifying'], to: 'same', roles: OFFICE, relation: 'office', public: false, basis: LAW.major, label: { zh: '调整隐患等级', en: 'Change the grade' } },
  { action: 'plan', from: ['assigned'], to: 'rectifying', roles: UNIT, relation: 'unit', public: false, basis: LAW.rectify, label: { zh: '制定整改方案（一案一策）', en: 'Record the rectification plan' } },
  { action: 'report_rectified', from: ['rectifying'], to: 'verifying', roles: UNIT, relation: 'unit', guard: hasRectifiedPhoto, public: false, basis: LAW.rectify, label: { zh: '整改完成，申请核查', en: 'Report the rectification done' } },
  { action: 'verify_pass', from: ['verifying'], to: 'verified', roles: VERIFIERS, relation: 'office', guard: all(independentVerifier), public: false, basis: LAW.verify, label: { zh: '现场核查通过', en: 'On-site check passed' } },
  { action: 'verify_fail', from: ['verifying'], to: 'rectifying', roles: VERIFIERS, relation: 'office', guard: all(independentVerifier), public: false, basis: LAW.verify, label: { zh: '现场核查未通过，退回整改', en: 'On-site check failed: back to rectifying' } },
  { action: 'close', from: ['verified'], to: 'closed', roles: OFFICE, relation: 'office', public: false, label: { zh: '销号', en: 'Close out' } },
  { action: 'dismiss', from: ['reported', 'assigned'], to: 'dismissed', roles: OFFICE, relation: 'office', public: false, label: { zh: '撤销（不构成隐患或重复登记）', en: 'Dismiss (not a hazard, or a duplicate)' } },
];

/**
 * Photos are not transitions (they change no status) but follow the same check: state, then role and place.
 * Found-stage photos while the hazard is not yet rectified, by the office or the unit; rectified-site photos by the
 * responsible unit while it rectifies (before it reports the work done).
 */
export const PHOTO_RULES: Record<'found' | 'rectified', T> = {
  found: { action: 'add_photo_found', from: ['reported', 'assigned', 'rectifying'], to: 'same', roles: [...new Set([...REPORTERS, ...UNIT])], relation: 'office_or_unit', public: false, label: { zh: '上传隐患现场照片', en: 'Add a photo of the hazard' } },
  rectified: { action: 'add_photo_rectified', from: ['rectifying'], to: 'same', roles: UNIT, relation: 'unit', public: false, label: { zh: '上传整改后照片', en: 'Add a photo of the rectified site' } },
};

export const HAZARD_WORKFLOW = defineWorkflow<HazardStatus, HazardContext, HazardRelation>({
  entity: 'hazard',
  title: { zh: '风险隐患排查整治', en: 'Hazards' },
  transitions: TRANSITIONS,
  statuses: {
    reported: { zh: '已登记，待交办', en: 'Registered, to be assigned' },
    assigned: { zh: '已交办，待制定整改方案', en: 'Assigned, plan pending' },
    rectifying: { zh: '整改中', en: 'Being rectified' },
    verifying: { zh: '整改完成，待现场核查', en: 'Rectified, awaiting on-site check' },
    verified: { zh: '核查通过，待销号', en: 'Checked, to be closed out' },
    closed: { zh: '已销号', en: 'Closed out' },
    dismissed: { zh: '已撤销', en: 'Dismissed' },
  },
  relations: {
    office: 'the unit keeping the register lies in the actor’s scope',
    unit: 'in the responsible unit (or a unit under it)',
    office_or_unit: 'the register’s unit lies in the actor’s scope, or the actor is in the responsible unit',
  },
  relationHolds(actor, relation, c) {
    const office = officeInScope(actor, c.officePath);
    const unit = actorWithin(actor, c.unitPath);
    switch (relation) {
      case 'office':
        return office;
      case 'unit':
        return unit;
      case 'office_or_unit':
        return office || unit;
    }
  },
});
