/**
 * THE metric definitions (DOMAIN.md "What is measured"): every ratio with its exact numerator, denominator, period
 * rule and the unit column it is attributed to — in words (zh, en) and as the one computation over the base tables.
 * docs/metrics.md is rendered from this registry (`npm run docs:metrics`); rollups, dashboards, rankings and reports
 * read these definitions and must reproduce these numbers.
 */
import * as cm from './case-metrics.js';
import type { MetricDefinition, Text } from './definition.js';
import * as rm from './register-metrics.js';

export { COMPOSITE, compositeScore, METRIC_KEYS, rateOf, type MetricDefinition, type MetricKey, type Text } from './definition.js';

const CASE_CATEGORY: Text = { zh: '事项的类别（cases.category_id）及其下级类别', en: 'the case’s category (cases.category_id) and the categories under it' };
const VIA_CASE: Text = {
  zh: '本登记簿没有事项类别：指定类别时只计由该类别事项转来的记录（case_id），不指定时计全部',
  en: 'the register has no case category: with a category, only records that came from a case of that category (case_id) count; without one, all',
};

export const METRICS: readonly MetricDefinition[] = [
  {
    key: 'timely_acceptance',
    name: { zh: '及时受理率', en: 'Timely acceptance rate' },
    numerator: {
      zh: '分母中在期限届满前（含届满日24时）作出受理决定的：受理并告知、不予受理并告知、或导入法定途径（accept_notice 计时 status = met 且 stopped_at ≤ due_at）',
      en: 'of the denominator, those whose acceptance decision was made by the deadline (24:00 of its last day): accepted and notified, declined and notified, or guided into a statutory procedure (accept_notice clock met with stopped_at ≤ due_at)',
    },
    denominator: {
      zh: '受理告知期限（第二十三条，规则 accept_notice，默认15日）在期间内届满的计时，不含届满前因退单改派而终止的',
      en: 'acceptance-notice deadlines (第二十三条, rule accept_notice, 15 days by default) that fell due in the period, except those stopped before falling due because the case went to another unit',
    },
    period: { zh: '按期限届满时刻（due_at）计入期间；尚未届满的不计', en: 'by the instant the deadline falls due (due_at); deadlines not yet reached are not counted' },
    unit: { zh: '计时所属单位 case_clocks.unit_id（须作出受理决定的主办单位；无则为事项的责任单位）', en: 'the clock’s unit case_clocks.unit_id (the lead unit that must decide; else the case’s responsible unit)' },
    category: CASE_CATEGORY,
    source: ['case_clocks', 'cases'],
    notes: [
      {
        zh: '每次交办（含改派后的新承办单位）各有一个受理告知计时，分别计入各自单位；退单被支持、计时在届满前终止的，受理义务随事项转给新单位，不计入原单位。届满后才改派的，按未及时受理计入原单位。',
        en: 'Each dispatch (including the new unit after an upheld objection) has its own acceptance clock, counted for its own unit. A clock stopped before falling due because the objection was upheld is not counted for the unit that returned it — the duty went with the case; one stopped after falling due counts as not timely.',
      },
      {
        zh: '是否超期以 due_at（已含节假日顺延）与办结时刻比较，不依赖定时扫描写入的 overdue_at，使结果与扫描何时运行无关。',
        en: 'Lateness compares due_at (holidays already rolled forward) with the time of the decision, not overdue_at, which a periodic sweep stamps: the result does not depend on when a sweep ran.',
      },
    ],
    compute: cm.timelyAcceptance,
  },
  {
    key: 'on_time_completion',
    name: { zh: '按期办结率（按期答复率）', en: 'On-time completion rate' },
    numerator: {
      zh: '期间内在办理期限（含经批准的延期）届满前出具处理意见书或导入法定途径的（handle 计时 met 且 stopped_at ≤ due_at，stopped_at 在期间内）',
      en: 'handling clocks met in the period by the deadline including any approved extension — reply issued or matter guided into a statutory procedure (handle clock met, stopped_at ≤ due_at, stopped_at in the period)',
    },
    denominator: {
      zh: '分子，加上办理期限在期间内届满而届满时尚未答复的（无论其后是否答复）',
      en: 'the numerator, plus handling deadlines that fell due in the period without a reply by then (whether replied later or not)',
    },
    period: {
      zh: '每个办理计时只计一次，计入其结果确定之日：按期答复的计入答复日，逾期的计入期限届满日',
      en: 'each handling clock counts once, on the day its outcome became certain: the reply day when on time, the day the deadline passed when late',
    },
    unit: { zh: '计时所属单位 case_clocks.unit_id（受理并办理的单位；无则为事项的责任单位）', en: 'the clock’s unit case_clocks.unit_id (the unit that accepted and handles it; else the case’s responsible unit)' },
    category: CASE_CATEGORY,
    source: ['case_clocks', 'cases'],
    notes: [
      {
        zh: 'DOMAIN 的分母为“期间内已答复的，或逾期未答复的”。逾期后才答复的事项已在其届满期间计为逾期，不在答复期间再计一次：每件只计一次，按日汇总可以相加，也不会因长期积压在每个期间重复扣分。',
        en: 'DOMAIN’s denominator is “replied, or overdue unreplied, in the period”. A case replied after its deadline was already counted as late in the period its deadline passed and is not counted again when replied: each case counts once, so per-day rollups add up and a long-stalled case is not counted against every period.',
      },
      {
        zh: '延期（第三十四条）经批准后 due_at 已顺延，按顺延后的期限判断。重新办理（reopen）开始新的办理计时，作为新的一轮计入。',
        en: 'An approved extension (第三十四条) moves due_at, and the extended deadline is the one judged. A reopened case starts a new handling clock, counted as a new round.',
      },
    ],
    compute: cm.onTimeCompletion,
  },
  {
    key: 'response',
    name: { zh: '响应率（热线）', en: 'Response rate (hotline)' },
    numerator: {
      zh: '分母中在规定时间内签收的（case_units.signed_at ≤ assigned_at + N 小时，N = MINSHENG_METRIC_RESPONSE_HOURS，默认24）',
      en: 'of the denominator, those signed for within the set time (case_units.signed_at ≤ assigned_at + N hours, N = MINSHENG_METRIC_RESPONSE_HOURS, default 24)',
    },
    denominator: {
      zh: '期间内向主办单位派出的12345热线工单（channel = hotline 的 case_units 主办记录）；已过 N 小时或已签收的才计入',
      en: 'lead dispatches of 12345 work orders (channel hotline; case_units rows with role lead) made in the period, counted once N hours have passed or the order was signed for',
    },
    period: { zh: '按派单时刻（case_units.assigned_at）计入期间', en: 'by the time of dispatch (case_units.assigned_at)' },
    unit: { zh: '接单的主办单位 case_units.unit_id', en: 'the lead unit dispatched to, case_units.unit_id' },
    category: CASE_CATEGORY,
    source: ['case_units', 'cases'],
    notes: [
      {
        zh: '“先行联系诉求人”目前没有记录（系统只记签收），所以以签收作为响应；待有联系记录后，分子应改为“签收且已联系”。默认24小时对应一般诉求“24小时内联系诉求人”的常见要求；只考核签收的地方可设为2小时等。',
        en: '“Citizen contacted” is not recorded yet (only the signature is), so signing for the work order stands for the response; once contact is recorded the numerator becomes “signed and contacted”. The 24-hour default follows the common rule of contacting the citizen of an ordinary request within 24 hours; places that assess the signature alone set e.g. 2 hours.',
      },
      {
        zh: '同一单位对同一工单只有一条主办记录：退单被驳回后重新交回同一单位时，assigned_at 更新为重新交回的时间、签收时间清空，按这次交回计算。退单后未签收的派单计为未响应。',
        en: 'A unit has one lead row per work order: when a rejected objection sends it back to the same unit, assigned_at becomes that time and the signature is cleared, and that dispatch is the one measured. A dispatch returned without signing counts as not answered.',
      },
    ],
    compute: cm.response,
  },
  {
    key: 'resolution',
    name: { zh: '解决率', en: 'Resolution rate' },
    numerator: {
      zh: '分母中回答“解决”的，加上“部分解决”× 权重（MINSHENG_METRIC_PARTLY_SOLVED_WEIGHT，默认0.5）',
      en: 'of the denominator, visits answering “solved”, plus “partly solved” × a weight (MINSHENG_METRIC_PARTLY_SOLVED_WEIGHT, default 0.5)',
    },
    denominator: { zh: '期间内完成的回访（联系上诉求人，return_visits.status = done）', en: 'return visits completed in the period (citizen reached, return_visits.status = done)' },
    period: { zh: '按回访完成时刻（return_visits.closed_at）计入期间', en: 'by the time the visit was completed (return_visits.closed_at)' },
    unit: {
      zh: '被回访事项的主办单位 return_visits.unit_id（派发回访任务时的主办单位；无则为回访机构）',
      en: 'the handling (lead) unit of the visited case, return_visits.unit_id (as when the task opened; the office if none)',
    },
    category: { zh: '派发回访任务时事项的类别（return_visits.category_id）及其下级类别', en: 'the case’s category when the task opened (return_visits.category_id) and the categories under it' },
    source: ['return_visits'],
    notes: [
      {
        zh: '未联系上（unreachable）的任务没有“是否解决”的回答，不计入分母。分子可以是小数；parts 给出解决、部分解决、未解决的件数。',
        en: 'Unreachable tasks have no answer to “solved?” and are not in the denominator. The numerator may be fractional; parts gives the solved, partly solved and unsolved counts.',
      },
    ],
    compute: rm.resolution,
  },
  {
    key: 'participation',
    name: { zh: '参评率', en: 'Evaluation participation rate' },
    numerator: {
      zh: '分母中得到信访人评价的（该答复之后、本事项下一份答复之前有 evaluate 事件）',
      en: 'of the denominator, answers the citizen evaluated (an evaluate event after the answer and before the case’s next answer)',
    },
    denominator: {
      zh: '期间内出具的书面答复：处理意见书（approve_reply）、复查意见（decide_review）、复核意见（decide_rereview）',
      en: 'written answers issued in the period: replies (approve_reply), review decisions (decide_review), re-review decisions (decide_rereview)',
    },
    period: { zh: '按答复时刻计入期间；评价可以在期间之后', en: 'by the time of the answer; the evaluation may come after the period' },
    unit: { zh: '出具答复的单位（答复事件的 case_events.actor_unit_id）', en: 'the unit that issued the answer (the answer event’s case_events.actor_unit_id)' },
    category: CASE_CATEGORY,
    source: ['case_events', 'cases'],
    notes: [
      {
        zh: '每份答复可评价一次（评价随复查、复核、重新办理重新开放），所以按答复而不是按事项计数。评价由信访人在网上作出，或由登记员、回访员代为记录，都是信访人的评价，均计入。',
        en: 'Each answer can be evaluated once (review, re-review and reopening open a new evaluation), so answers are counted rather than cases. An evaluation made by the citizen online or recorded for them by intake or return-visit staff is the citizen’s evaluation either way, and counts.',
      },
      {
        zh: '一个期间的参评率在评价陆续到来时还会上升；汇总表按答复日存放，评价到来时更新该日。',
        en: 'A period’s participation rate can still rise as evaluations arrive; a rollup keeps it on the day of the answer and updates that day when an evaluation comes.',
      },
    ],
    compute: cm.participation,
  },
  {
    key: 'satisfaction',
    name: { zh: '满意率', en: 'Satisfaction rate' },
    numerator: {
      zh: '满意 × 权重（MINSHENG_METRIC_SATISFIED_WEIGHT，默认1）+ 基本满意 × 权重（MINSHENG_METRIC_BASICALLY_SATISFIED_WEIGHT，默认1）；不满意计0',
      en: 'satisfied × a weight (MINSHENG_METRIC_SATISFIED_WEIGHT, default 1) + basically satisfied × a weight (MINSHENG_METRIC_BASICALLY_SATISFIED_WEIGHT, default 1); dissatisfied counts 0',
    },
    denominator: { zh: '期间内作出的评价（case_events evaluate）', en: 'evaluations made in the period (case_events evaluate)' },
    period: { zh: '按评价时刻计入期间', en: 'by the time of the evaluation' },
    unit: {
      zh: '被评价答复的出具单位（该评价之前最近一份答复事件的 actor_unit_id）',
      en: 'the unit that issued the evaluated answer (actor_unit_id of the latest answer event before the evaluation)',
    },
    category: CASE_CATEGORY,
    source: ['case_events', 'cases'],
    notes: [
      {
        zh: '满意率取信访人对答复的评价（满意/基本满意/不满意），与参评率同源。回访中的满意度回答记在回访登记簿，不并入本指标，以免同一答复计两次；如需“回访满意率”另行定义。',
        en: 'The satisfaction rate reads the citizen’s evaluation of the answer (满意/基本满意/不满意), the same source as the participation rate. The satisfaction answer of a return visit stays in the return-visit register and is not merged here, so an answer is never counted twice; a “return-visit satisfaction rate” would be a separate definition.',
      },
    ],
    compute: cm.satisfaction,
  },
  {
    key: 'return_visit',
    name: { zh: '回访率', en: 'Return-visit rate' },
    numerator: { zh: '分母中已完成回访（联系上诉求人，status = done）的', en: 'of the denominator, tasks completed (citizen reached, status done)' },
    denominator: {
      zh: '期间内派发的回访任务（按回访政策自动派发或人工派发），不含撤销的；未联系上而办结的、尚在回访中的都计入',
      en: 'return-visit tasks opened in the period (by the office’s policy or by hand), except cancelled ones; those closed as unreachable and those still open count',
    },
    period: { zh: '按任务派发时刻（return_visits.created_at）计入期间', en: 'by the time the task was opened (return_visits.created_at)' },
    unit: { zh: '负责回访的机构 return_visits.office_unit_id（登记事项的单位，其回访员负责回访）', en: 'the office keeping the task, return_visits.office_unit_id (the unit that registered the case; its return-visit staff visit)' },
    category: { zh: '派发回访任务时事项的类别（return_visits.category_id）及其下级类别', en: 'the case’s category when the task opened (return_visits.category_id) and the categories under it' },
    source: ['return_visits'],
    notes: [
      {
        zh: '回访是回访机构的工作，所以计入 office_unit_id，而解决率计入被回访的主办单位。“应回访事项”按任务计：同一事项一轮办理只派发一个任务；撤销的任务视为不应回访。',
        en: 'Visiting is the office’s work, so it counts for office_unit_id, while the resolution rate counts for the handling unit visited. “Cases due for a return visit” are counted as tasks: a handling round of a case opens one task; a cancelled task was not due.',
      },
      {
        zh: 'docs/registers.md 曾按不同事项（DISTINCT case_id）计数；这里改为按任务计数，使分子是分母的子集且按日汇总可以相加。',
        en: 'docs/registers.md counted distinct cases (DISTINCT case_id); here tasks are counted, so that the numerator is a subset of the denominator and per-day rollups add up.',
      },
    ],
    compute: rm.returnVisitRate,
  },
  {
    key: 'repeat',
    name: { zh: '重复信访率', en: 'Repeat rate' },
    numerator: {
      zh: '分母中重复已有事项的：登记时注明重复某事项、关联在办事项（第十九条第三款）或合并为重复件的（cases.related_case_id 不为空）',
      en: 'of the denominator, submissions repeating an existing matter: registered as a repeat, linked to a case in progress (第十九条第三款) or merged as a duplicate (cases.related_case_id set)',
    },
    denominator: { zh: '期间内收到的全部信访事项（含重复件）', en: 'all submissions received in the period (repeats included)' },
    period: { zh: '按收到时刻（cases.received_at）计入期间', en: 'by the time of receipt (cases.received_at)' },
    unit: {
      zh: '事项的责任单位：已交办的为主办单位 cases.lead_unit_id，尚未交办（含关联、合并的重复件）的为登记单位 cases.intake_unit_id',
      en: 'the case’s responsible unit: its lead unit cases.lead_unit_id once dispatched, else the registering unit cases.intake_unit_id (so linked and merged repeats count for the office that received them)',
    },
    category: CASE_CATEGORY,
    source: ['cases'],
    notes: [
      {
        zh: '责任单位随改派而变（计入现在的主办单位），按属地统计：区县能看到市里交办到本区的事项。汇总表在改派时须把计数移到新单位。',
        en: 'The responsible unit follows the case when it is re-dispatched (the current lead unit counts), which is how an area sees matters the city sent to it; a rollup must move the count on re-dispatch.',
      },
    ],
    compute: cm.repeatRate,
  },
  {
    key: 'return',
    name: { zh: '退单率', en: 'Return rate' },
    numerator: {
      zh: '分母中被该单位退回（提出异议 / 退单，case_requests 类型 objection）的，无论退单是否被支持',
      en: 'of the denominator, dispatches the unit returned (objected to, case_requests of type objection), whether the objection was upheld or not',
    },
    denominator: { zh: '期间内向主办单位的派单（case_units 主办记录，所有渠道）', en: 'lead dispatches made in the period (case_units rows with role lead, every channel)' },
    period: { zh: '按派单时刻（case_units.assigned_at）计入期间', en: 'by the time of dispatch (case_units.assigned_at)' },
    unit: { zh: '接单的主办单位 case_units.unit_id', en: 'the lead unit dispatched to, case_units.unit_id' },
    category: CASE_CATEGORY,
    source: ['case_units', 'case_requests', 'cases'],
    notes: [
      {
        zh: '退单是承办单位的行为，派单员的裁定决定由谁办，不改变“退过单”这一事实，所以被驳回的退单也计入。每个（事项, 单位）只有一条主办记录，同一单位被驳回后重新交回不算第二次派单。',
        en: 'Returning is the unit’s act; the dispatcher’s decision settles who handles it and does not undo the return, so rejected objections count too. Each (case, unit) has one lead row: a rejected objection sending the case back to the same unit is not a second dispatch.',
      },
    ],
    compute: cm.returnRate,
  },
  {
    key: 'closure',
    name: { zh: '结案率', en: 'Closure rate' },
    numerator: { zh: '分母中现已办结的（cases.closed_at 不为空）', en: 'of the denominator, cases closed now (cases.closed_at set)' },
    denominator: {
      zh: '期间内收到的事项，不含关联在办事项或合并为重复件的（它们在原事项中办理）',
      en: 'cases received in the period, except those linked to or merged into another case (they are handled in that case)',
    },
    period: { zh: '按收到时刻（cases.received_at）计入期间；是否办结按查询时的状态', en: 'by the time of receipt (cases.received_at); closed or not as the case stands when asked' },
    unit: { zh: '事项的责任单位（主办单位，未交办的为登记单位）', en: 'the case’s responsible unit (its lead unit, else the registering unit)' },
    category: CASE_CATEGORY,
    source: ['cases'],
    notes: [
      {
        zh: '按收到期间分组（队列口径），所以结案率不超过100%；一个期间的结案率在其事项陆续办结时上升，重新办理的事项不再计为已办结。',
        en: 'Grouped by the period of receipt (a cohort), so the rate never exceeds 100%; a period’s rate rises as its cases close, and a reopened case no longer counts as closed.',
      },
    ],
    compute: cm.closureRate,
  },
  {
    key: 'mediation_success',
    name: { zh: '调解成功率', en: 'Mediation success rate' },
    numerator: { zh: '分母中达成调解协议的（disputes.outcome = agreement）', en: 'of the denominator, disputes ending in an agreement (disputes.outcome = agreement)' },
    denominator: {
      zh: '期间内调解终结的纠纷：达成协议、调解不成、引导至诉讼仲裁或行政程序（人民调解法第二十六条、第二十八条）',
      en: 'disputes whose mediation concluded in the period: agreement, no agreement, or referred to court, arbitration or an administrative procedure (人民调解法 第二十六条、第二十八条)',
    },
    period: { zh: '按调解终结时刻（disputes.concluded_at）计入期间', en: 'by the time mediation concluded (disputes.concluded_at)' },
    unit: { zh: '承担调解的人民调解委员会 disputes.unit_id（未指派的为登记机构）', en: 'the people’s mediation committee, disputes.unit_id (the registering office if none)' },
    category: VIA_CASE,
    source: ['disputes'],
    notes: [
      {
        zh: '当事人拒绝调解、尚在调解、终结前退回信访程序的纠纷两边都不计；协议之后是否履行另行跟踪，不改变本指标。与 GET /api/disputes/stats 的口径相同。',
        en: 'Disputes refused by a party, still in mediation, or returned to the petition before an outcome are in neither number; whether an agreement is later performed is followed up apart and does not change this rate. The same definition as GET /api/disputes/stats.',
      },
    ],
    compute: rm.mediationSuccess,
  },
  {
    key: 'hazard_closeout',
    name: { zh: '隐患销号率（按期）', en: 'Hazard close-out rate (on time)' },
    numerator: {
      zh: '分母中已销号（status = closed），且通过现场核查的那次整改在该期限前报告完成的（hazards.rectified_at ≤ 期限）',
      en: 'of the denominator, hazards closed out (status closed) whose rectification that passed the on-site check was reported by that deadline (hazards.rectified_at ≤ the deadline)',
    },
    denominator: {
      zh: '首次整改期限（交办时设定的 hazard_rectify 计时）在期间内届满的隐患，不含撤销的（不构成隐患或重复登记）',
      en: 'hazards whose first rectification deadline (the hazard_rectify clock set at assignment) fell due in the period, except dismissed ones (not a hazard, or a duplicate)',
    },
    period: { zh: '按首次整改期限届满时刻计入期间；尚未届满的不计', en: 'by the instant the first rectification deadline falls due; deadlines not yet reached are not counted' },
    unit: { zh: '整改责任单位 hazards.unit_id', en: 'the responsible unit, hazards.unit_id' },
    category: VIA_CASE,
    source: ['hazards', 'register_clocks'],
    notes: [
      {
        zh: '“按期”考核责任单位的整改：核查和销号由机构进行，其所用时间不算作责任单位逾期。以交办时的首次期限为准：核查未通过后重新给的期限不放宽考核，但若重新整改仍在首次期限内完成，仍算按期。',
        en: '“On time” assesses the responsible unit’s rectification: the on-site check and close-out are the office’s steps and their time is not held against the unit. The first deadline, set at assignment, is the one judged: a new period after a failed check does not relax it, but a second rectification still reported within the first deadline is on time.',
      },
      {
        zh: '已整改但尚未核查销号的隐患在分母中、不在分子中，销号后计入分子。',
        en: 'A hazard rectified but not yet verified and closed out is in the denominator and enters the numerator once closed out.',
      },
    ],
    compute: rm.hazardCloseout,
  },
];

export const metricByKey = (key: MetricDefinition['key']): MetricDefinition => METRICS.find((m) => m.key === key)!;
