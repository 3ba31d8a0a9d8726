/** UI text of a case's record (timeline and clocks) read in words, [中文, English]; merged into MESSAGES. */
export const TIMELINE_MESSAGES = {
  // a clock warning or overdue mark as one sentence: which deadline, which warning, when due, whose
  tlWarnFraction: ['{rule}时限 {warning} 预警，{due} 到期', '{rule} deadline: {warning} of the time used, due {due}'],
  tlWarnBefore: ['{rule}时限 到期前 {hours} 小时预警，{due} 到期', '{rule} deadline: {hours} h left, due {due}'],
  tlOverdue: ['{rule}时限已超期（{due} 到期）', '{rule} deadline passed (was due {due})'],
  tlOfUnit: ['责任单位：{unit}', 'Unit responsible: {unit}'],
  tlWhyNoted: ['事项处于“{status}”状态，不适用“记录回访”操作，仅记入时间线', 'The case is “{status}”: the visit is noted on the timeline, not recorded as the case action'],
  // a dispute's steps on the petition's timeline (人民调解)
  f_action: ['操作', 'Action'],
  f_from: ['原状态', 'From'],
  f_to: ['新状态', 'To'],
  f_type: ['类型', 'Type'],
} as const;
