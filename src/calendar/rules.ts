/**
 * Default statutory clock lengths, as data with their legal source, so an administrator can see
 * where each number comes from and override it per region or category (DOMAIN.md: whether the
 * 条例's bare "日" means calendar days is not settled nationally, so the unit is configurable;
 * the defaults read "日" as calendar days and "工作日" as working days).
 */
import { z } from 'zod';

export const clockRuleSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'key must be snake_case ASCII, e.g. "hotline_general"'),
  amount: z.number().int('amount must be a whole number').positive('amount must be at least 1').max(3650, 'amount must be at most 3650'),
  unit: z.enum(['day', 'workday', 'hour']),
  source: z.string().trim().min(1, 'source (legal basis or local rule) is required'),
  descriptionZh: z.string().trim().min(1),
  descriptionEn: z.string().trim().min(1),
});
export type ClockRule = z.infer<typeof clockRuleSchema>;

const XF = '信访工作条例（2022）';
const HOTLINE_PRACTICE = 'DOMAIN.md：12345 常见做法（参考法规中无统一时限），按类别配置';

const rules = [
  {
    key: 'route', amount: 15, unit: 'day',
    source: `${XF} 第二十二条第一款：收到信访事项，应当予以登记，并区分情况，在15日内分别按照下列方式处理`,
    descriptionZh: '信访部门登记后转送、交办', descriptionEn: 'Petition office registers and forwards or assigns the matter',
  },
  {
    key: 'accept_notice', amount: 15, unit: 'day',
    source: `${XF} 第二十三条第二款、第三款：自收到信访事项（或转送、交办）之日起15日内书面告知信访人`,
    descriptionZh: '书面告知信访人是否受理及处理途径和程序', descriptionEn: 'Written notice to the petitioner of acceptance and procedure',
  },
  {
    key: 'object', amount: 5, unit: 'workday',
    source: `${XF} 第二十三条第三款：不属于本机关、单位职权范围的，应当自收到之日起5个工作日内提出异议；` +
      '潍坊市12345政务服务便民热线条例 第二十二条（退回，未规定时限）',
    descriptionZh: '承办单位对转送、交办提出异议（退单）', descriptionEn: 'Receiving unit objects to the assignment (return a dispatch)',
  },
  {
    key: 'handle', amount: 60, unit: 'day',
    source: `${XF} 第三十四条：应当自受理之日起60日内办结`,
    descriptionZh: '办理期限（自受理之日起）', descriptionEn: 'Handling period, from acceptance',
  },
  {
    key: 'extension_max', amount: 30, unit: 'day',
    source: `${XF} 第三十四条：经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日`,
    descriptionZh: '延期上限（自原办理期限届满之日起）', descriptionEn: 'Maximum extension, counted from the end of the original period',
  },
  {
    key: 'review_request', amount: 30, unit: 'day',
    source: `${XF} 第三十五条：可以自收到书面答复之日起30日内请求……复查`,
    descriptionZh: '信访人请求复查的期限', descriptionEn: 'Period for the petitioner to request review',
  },
  {
    key: 'review_decide', amount: 30, unit: 'day',
    source: `${XF} 第三十五条：应当自收到复查请求之日起30日内提出复查意见`,
    descriptionZh: '复查机关提出复查意见', descriptionEn: 'Reviewing body decides the review',
  },
  {
    key: 'rereview_request', amount: 30, unit: 'day',
    source: `${XF} 第三十六条第一款：可以自收到书面答复之日起30日内……请求复核`,
    descriptionZh: '信访人请求复核的期限', descriptionEn: 'Period for the petitioner to request re-review',
  },
  {
    key: 'rereview_decide', amount: 30, unit: 'day',
    source: `${XF} 第三十六条：应当自收到复核请求之日起30日内提出复核意见；听证所需时间不计算在前款规定的期限内`,
    descriptionZh: '复核机关提出复核意见（听证时间暂停计时）', descriptionEn: 'Re-reviewing body decides (clock paused during a hearing)',
  },
  {
    key: 'hotline_emergency', amount: 2, unit: 'hour', source: HOTLINE_PRACTICE,
    descriptionZh: '12345 紧急诉求', descriptionEn: '12345 emergency request',
  },
  {
    key: 'hotline_utilities', amount: 24, unit: 'hour', source: HOTLINE_PRACTICE,
    descriptionZh: '12345 水电气暖诉求', descriptionEn: '12345 water, power, gas or heating request',
  },
  {
    key: 'hotline_general', amount: 5, unit: 'workday',
    source: '潍坊市12345政务服务便民热线条例 第二十条第一款第一项：能够在五个工作日内办理完毕的，应当办理完毕',
    descriptionZh: '12345 一般诉求', descriptionEn: '12345 general request',
  },
  {
    key: 'hotline_complex', amount: 15, unit: 'day', source: HOTLINE_PRACTICE,
    descriptionZh: '12345 复杂诉求', descriptionEn: '12345 complex request',
  },
  {
    key: 'return_visit', amount: 3, unit: 'workday',
    source: '北京市接诉即办工作条例 第二十三条：诉求办理时限期满，市民热线服务工作机构应当……进行回访（未规定回访时限；本地规则默认3个工作日）',
    descriptionZh: '回访任务完成时限', descriptionEn: 'Return visit to be made within',
  },
  {
    key: 'supervision_response', amount: 5, unit: 'workday',
    source: `${XF} 第四十条：发现……推诿、敷衍、拖延……应当及时督办（未规定书面回复时限；本地规则默认5个工作日）`,
    descriptionZh: '被督办单位书面回复督办单', descriptionEn: 'Supervised unit answers the supervision notice in writing',
  },
  {
    key: 'mediation', amount: 30, unit: 'day',
    source: '人民调解法 第二十二条、第二十六条（未规定调解时限；本地规则默认30日）',
    descriptionZh: '调解终结（达成或未达成协议）', descriptionEn: 'Mediation concluded (agreement or none)',
  },
  {
    key: 'judicial_confirmation', amount: 30, unit: 'day',
    source: '人民调解法 第三十三条：双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认',
    descriptionZh: '申请司法确认的期限', descriptionEn: 'Window to apply to a court for judicial confirmation',
  },
  {
    key: 'agreement_performance', amount: 30, unit: 'day',
    source: '人民调解法 第二十九条、第三十一条（履行期限由调解协议约定；未约定时本地规则默认30日）',
    descriptionZh: '调解协议履行期限', descriptionEn: 'Performance of the mediation agreement',
  },
  {
    key: 'hazard_rectify', amount: 30, unit: 'day',
    source: '安全生产法 第四十一条：及时发现并消除事故隐患（整改期限逐件确定；未确定时本地规则默认30日）',
    descriptionZh: '隐患整改期限', descriptionEn: 'Rectification of a hazard',
  },
  {
    key: 'hazard_verify', amount: 3, unit: 'workday',
    source: '本地规则：整改完成后现场核查（默认3个工作日）',
    descriptionZh: '隐患整改现场核查', descriptionEn: 'On-site verification of a rectified hazard',
  },
  {
    key: 'coordination_decision', amount: 15, unit: 'workday',
    source: `${XF} 第十二条第二款：成员单位应当落实联席会议确定的工作任务和议定事项，及时报送落实情况（未规定时限；本地规则默认15个工作日，议定时可逐项确定）`,
    descriptionZh: '联席会议议定事项落实时限', descriptionEn: 'A joint-meeting decision carried out by a unit',
  },
] as const satisfies readonly ClockRule[];

export type ClockRuleKey = (typeof rules)[number]['key'];

/** The defaults, keyed by rule key; validated at load so a typo here fails fast. */
export const DEFAULT_CLOCK_RULES: Readonly<Record<ClockRuleKey, ClockRule>> = Object.freeze(
  Object.fromEntries(rules.map((r) => [r.key, Object.freeze(clockRuleSchema.parse(r))])) as Record<ClockRuleKey, ClockRule>,
);

/**
 * Defaults with overrides applied (e.g. rules stored by an administrator as JSON). Each override
 * is a complete rule, validated by `clockRuleSchema`; it replaces the default with the same key or
 * adds a new key (e.g. a local hotline category).
 */
export function withClockRuleOverrides(overrides: unknown): Readonly<Record<string, ClockRule>> {
  const parsed = z.array(clockRuleSchema).parse(overrides);
  const merged: Record<string, ClockRule> = { ...DEFAULT_CLOCK_RULES };
  for (const rule of parsed) merged[rule.key] = rule;
  return Object.freeze(merged);
}
