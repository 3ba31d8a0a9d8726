/**
 * The registers in the workbench. Everything else (statuses, actions, who may act, the forms) comes from the
 * server's tables (GET /api/workflows) and the OpenAPI document; this says only where each lives and what its list
 * shows first.
 */
import type { Label } from '../../lib/meta';
import type { RecordView } from './api';

/** An id field of a form filled from a list the server gives: GET url (with ?param=<the value of field `from`>), items {id, displayName | name, unitName}. */
export interface Picker {
  url: string;
  from?: string;
  param?: string;
}

/** People on a record (parties, a reporter): shown masked; `reveal` is the audited request that unmasks them. */
export interface PeopleConfig {
  field: string;
  title: Label;
  /** when given, the card shows even with nobody on the record, saying this */
  empty?: Label;
  reveal(r: RecordView): string | null;
}

/** Photos of a record, listed at `field`, uploaded to <base>/:id/photos with a `stage`; who may upload is the server's to say. */
export interface PhotosConfig {
  field: string;
  /** the stages offered for upload: in which statuses and to which roles (the server checks again and may refuse) */
  stages: Array<{ stage: string; statuses: string[]; roles: string[]; unlocks?: string }>;
}

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
  /** a second way to create a record from a case: the case page links to /registers/<key>?fromCase=<id> */
  fromCase?: { path: string; field: string; label: Label };
  /** extra pages of this register, linked from its list: path under /registers/<key>/ and label */
  pages?: Array<{ path: string; label: Label }>;
  /** lists of rows in a record, with the columns shown in order (others hidden); unnamed lists show all their columns */
  lists?: Record<string, string[]>;
  people?: PeopleConfig;
  photos?: PhotosConfig;
  pickers?: Record<string, Picker>;
  /** the creating route when it is not POST <base> (a campaign creates many records at once) */
  createPath?: string;
  /** the board's route when it is not GET <base>/board */
  boardPath?: string;
  /** where to go after creating (default: the new record's page) */
  afterCreate?: (created: Record<string, unknown>) => string;
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
  // inside lists and nested form groups
  at: { zh: '时间', en: 'When' },
  by: { zh: '经办人', en: 'By' },
  n: { zh: '次序', en: 'No.' },
  role: { zh: '身份', en: 'Role' },
  name: { zh: '姓名', en: 'Name' },
  phone: { zh: '电话', en: 'Phone' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  address: { zh: '住址', en: 'Address' },
  email: { zh: '电子邮箱', en: 'E-mail' },
  accountability: { zh: '追责建议', en: 'Accountability recommendations' },
};

const STAFF = ['intake', 'dispatcher', 'handler', 'unit_head', 'supervisor', 'return_visit', 'mediator', 'analyst'];

export const REGISTERS: RegisterConfig[] = [
  {
    key: 'visits',
    entity: 'return_visit',
    base: '/api/visits',
    title: { zh: '回访任务', en: 'Return visits' },
    headline: ['caseTitle', 'caseRegNo'],
    columns: [
      { field: 'caseRegNo', label: { zh: '登记号', en: 'Reg. no.' } },
      { field: 'reasonLabel', label: { zh: '回访原因', en: 'Why visited' } },
      { field: 'unitName', label: { zh: '责任单位', en: 'Responsible unit' } },
      { field: 'attempts', label: { zh: '已回访次数', en: 'Attempts' } },
    ],
    roles: ['return_visit', 'intake', 'supervisor', 'analyst', 'dispatcher'],
    fields: {
      officeUnitName: { zh: '回访单位', en: 'Visiting office' },
      unitName: { zh: '责任单位', en: 'Responsible unit' },
      categoryName: { zh: '事项类别', en: 'Category' },
      reasonLabel: { zh: '回访原因', en: 'Why visited' },
      triggerLabel: { zh: '触发', en: 'Trigger' },
      samplePoint: { zh: '抽样点', en: 'Sampling point' },
      maxAttempts: { zh: '最多回访次数', en: 'Attempts allowed' },
      attempts: { zh: '已回访次数', en: 'Attempts made' },
      attemptsLeft: { zh: '剩余次数', en: 'Attempts left' },
      nextAttemptAt: { zh: '下次回访时间', en: 'Next attempt' },
      channel: { zh: '回访方式', en: 'Channel' },
      reached: { zh: '是否联系上', en: 'Reached' },
      solvedLabel: { zh: '解决情况', en: 'Solved' },
      satisfiedLabel: { zh: '满意度', en: 'Satisfaction' },
      comments: { zh: '回访意见', en: 'Comments' },
      visitedAt: { zh: '回访时间', en: 'Visited' },
      followUp: { zh: '后续处理', en: 'Follow-up' },
      followUpNote: { zh: '后续处理说明', en: 'Follow-up note' },
      onUnsolved: { zh: '未解决时', en: 'When unsolved' },
      note: { zh: '说明', en: 'Note' },
      cancelReason: { zh: '撤销原因', en: 'Cancel reason' },
      solved: { zh: '解决情况', en: 'Solved' },
      satisfied: { zh: '满意度', en: 'Satisfaction' },
      reason: { zh: '撤销原因', en: 'Why cancelled' },
      attemptLog: { zh: '回访记录', en: 'Attempts' },
      n: { zh: '第几次', en: 'Attempt' },
      at: { zh: '回访时间', en: 'When' },
      by: { zh: '回访人', en: 'Visited by' },
    },
    lists: { attemptLog: ['n', 'at', 'channel', 'reached', 'nextAttemptAt', 'solved', 'satisfied', 'comments', 'by'] },
    // the petitioner's number to call: the case's parties, revealed through the case (audited)
    people: { field: 'parties', title: { zh: '信访人', en: 'Petitioner' }, empty: { zh: '匿名事项或信访人未留联系方式，无法电话回访', en: 'Anonymous, or no contact left: cannot be called back' }, reveal: (r) => (typeof r.caseId === 'string' ? `/api/cases/${r.caseId}/parties?reveal=true` : null) },
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
    fromCase: { path: '/api/disputes/from-petition', field: 'caseId', label: { zh: '信访事项转人民调解', en: 'Refer a petition to mediation' } },
    title: { zh: '矛盾纠纷调解', en: 'Dispute mediation' },
    headline: ['title', 'description'],
    columns: [
      { field: 'regNo', label: { zh: '登记号', en: 'Reg. no.' } },
      { field: 'typeLabel', label: { zh: '纠纷类型', en: 'Type' } },
      { field: 'unitName', label: { zh: '调解委员会', en: 'Mediation committee' } },
      { field: 'place', label: { zh: '地点', en: 'Place' } },
    ],
    roles: STAFF,
    fields: {
      regNo: { zh: '登记号', en: 'Reg. no.' },
      title: { zh: '纠纷名称', en: 'Dispute' },
      description: { zh: '纠纷情况', en: 'Description' },
      type: { zh: '纠纷类型', en: 'Type' },
      source: { zh: '来源', en: 'Source' },
      typeLabel: { zh: '纠纷类型', en: 'Type' },
      sourceLabel: { zh: '来源', en: 'Source' },
      place: { zh: '地点', en: 'Place' },
      lat: { zh: '纬度', en: 'Latitude' },
      lng: { zh: '经度', en: 'Longitude' },
      officeUnitName: { zh: '登记单位', en: 'Registered by' },
      unitName: { zh: '调解委员会', en: 'Mediation committee' },
      committeeName: { zh: '调解委员会', en: 'Mediation committee' },
      mediatorName: { zh: '调解员', en: 'Mediator' },
      initiation: { zh: '调解启动方式', en: 'How mediation began' },
      acceptedAt: { zh: '受理时间', en: 'Accepted' },
      outcome: { zh: '调解结果', en: 'Outcome' },
      concludedAt: { zh: '调解终结时间', en: 'Concluded' },
      outcomeReason: { zh: '结果说明', en: 'Reason' },
      referredTo: { zh: '引导途径', en: 'Referred to' },
      referredAuthority: { zh: '受理机关', en: 'Authority' },
      agreementContent: { zh: '协议内容', en: 'Agreement' },
      agreementForm: { zh: '协议形式', en: 'Form' },
      agreementEffectiveAt: { zh: '协议生效时间', en: 'Agreement in effect' },
      performanceDueOn: { zh: '履行期限', en: 'Perform by' },
      performance: { zh: '履行情况', en: 'Performance' },
      performanceCheckedAt: { zh: '履行回访时间', en: 'Performance checked' },
      performanceNote: { zh: '履行情况说明', en: 'Performance note' },
      confirmationAppliedAt: { zh: '申请司法确认时间', en: 'Judicial confirmation applied' },
      confirmationCourt: { zh: '受理法院', en: 'Court' },
      confirmationResult: { zh: '司法确认结果', en: 'Court’s decision' },
      confirmationDecidedAt: { zh: '司法确认时间', en: 'Court decided' },
      returnedAt: { zh: '退回信访程序时间', en: 'Returned to the petition' },
      parties: { zh: '当事人', en: 'Parties' },
      committeeUnitId: { zh: '人民调解委员会', en: 'Mediation committee' },
      mediatorUserId: { zh: '调解员', en: 'Mediator' },
      consent: { zh: '各方当事人同意调解', en: 'Every party consents' },
      heldOn: { zh: '调解日期', en: 'Held on' },
      notes: { zh: '调解记录', en: 'Notes' },
      content: { zh: '协议内容', en: 'Agreement' },
      form: { zh: '协议形式', en: 'Form' },
      effectiveAt: { zh: '协议生效时间', en: 'In effect since' },
      performBy: { zh: '履行期限（最后一日）', en: 'Perform by (last day)' },
      remediesExplained: { zh: '已告知仲裁、行政、司法途径', en: 'Remedies explained' },
      to: { zh: '引导途径', en: 'Referred to' },
      authority: { zh: '受理机关', en: 'Authority' },
      court: { zh: '人民法院', en: 'Court' },
      joint: { zh: '双方当事人共同申请', en: 'Both parties apply' },
      result: { zh: '司法确认结果', en: 'Decision' },
      openSupervision: { zh: '提请督办', en: 'Open a supervision item' },
      caseId: { zh: '信访事项', en: 'Case' },
      sessions: { zh: '调解记录', en: 'Mediation sessions' },
      mediator: { zh: '调解员', en: 'Mediator' },
      role: { zh: '当事人身份', en: 'Role' },
      reason: { zh: '理由', en: 'Reason' },
      note: { zh: '说明', en: 'Note' },
    },
    lists: { sessions: ['heldOn', 'place', 'notes', 'mediator'] },
    people: { field: 'parties', title: { zh: '当事人', en: 'Parties' }, reveal: (r) => `/api/disputes/${r.id}/parties?reveal=true` },
    pickers: { mediatorUserId: { url: '/api/disputes/mediators', from: 'committeeUnitId', param: 'unitId' } },
  },
  {
    key: 'hazards',
    entity: 'hazard',
    base: '/api/hazards',
    title: { zh: '风险隐患', en: 'Hazards' },
    headline: ['title', 'description'],
    columns: [
      { field: 'regNo', label: { zh: '登记号', en: 'Reg. no.' } },
      { field: 'gradeLabel', label: { zh: '等级', en: 'Grade' } },
      { field: 'typeLabel', label: { zh: '类型', en: 'Type' } },
      { field: 'place', label: { zh: '地点', en: 'Place' } },
      { field: 'unitName', label: { zh: '责任单位', en: 'Responsible unit' } },
      { field: 'dueAt', label: { zh: '整改期限', en: 'Due' } },
    ],
    roles: STAFF,
    fields: {
      regNo: { zh: '登记号', en: 'Reg. no.' },
      title: { zh: '隐患名称', en: 'Hazard' },
      description: { zh: '隐患情况', en: 'Description' },
      place: { zh: '地点', en: 'Place' },
      lat: { zh: '纬度', en: 'Latitude' },
      lng: { zh: '经度', en: 'Longitude' },
      grade: { zh: '隐患等级', en: 'Grade' },
      type: { zh: '隐患类型', en: 'Type' },
      source: { zh: '来源', en: 'Source' },
      caseId: { zh: '信访事项（ID，来源为信访事项时必填）', en: 'Case (id, for source petition)' },
      reporter: { zh: '举报人（群众举报、12345热线时填写）', en: 'Reporter (citizen or hotline)' },
      unitId: { zh: '责任单位', en: 'Responsible unit' },
      leader: { zh: '包干领导', en: 'Responsible leader' },
      post: { zh: '职务', en: 'Post' },
      rectifyDays: { zh: '整改期限（天）', en: 'Days to rectify' },
      reason: { zh: '理由', en: 'Reason' },
      note: { zh: '销号说明', en: 'Close-out remarks' },
      photos: { zh: '现场照片', en: 'Photos' },
      gradeLabel: { zh: '隐患等级', en: 'Grade' },
      typeLabel: { zh: '隐患类型', en: 'Type' },
      sourceLabel: { zh: '来源', en: 'Source' },
      foundBy: { zh: '发现单位（人）', en: 'Found by' },
      foundOn: { zh: '发现日期', en: 'Found on' },
      officeUnitName: { zh: '登记单位', en: 'Registered by' },
      leaderName: { zh: '包干领导', en: 'Responsible leader' },
      leaderPost: { zh: '包干领导职务', en: 'Leader’s post' },
      requirements: { zh: '整改要求', en: 'Requirements' },
      measures: { zh: '整改方案（一案一策）', en: 'Rectification plan' },
      plannedAt: { zh: '方案制定时间', en: 'Plan recorded' },
      rectifyDueAt: { zh: '整改期限', en: 'Rectification due' },
      rectification: { zh: '整改情况', en: 'Rectification' },
      rectifiedAt: { zh: '整改完成时间', en: 'Rectified' },
      verification: { zh: '核查意见', en: 'On-site check' },
      verifiedAt: { zh: '核查时间', en: 'Checked' },
      verifyFailures: { zh: '核查未通过次数', en: 'Failed checks' },
      closeNote: { zh: '销号说明', en: 'Close-out remarks' },
      closedAt: { zh: '销号（撤销）时间', en: 'Closed out' },
      dismissReason: { zh: '撤销理由', en: 'Dismissal reason' },
    },
    people: { field: 'reporter', title: { zh: '举报人', en: 'Reporter' }, reveal: (r) => `/api/hazards/${r.id}/reporter?reveal=true` },
    photos: {
      field: 'photos',
      stages: [
        { stage: 'found', statuses: ['reported', 'assigned', 'rectifying'], roles: ['intake', 'dispatcher', 'handler', 'unit_head'] },
        { stage: 'rectified', statuses: ['rectifying'], roles: ['handler', 'unit_head'], unlocks: 'report_rectified' },
      ],
    },
  },
  {
    key: 'coordination',
    entity: 'coordination',
    base: '/api/coordination',
    title: { zh: '联席会议协调', en: 'Joint coordination' },
    headline: ['title', 'description'],
    columns: [
      { field: 'regNo', label: { zh: '登记号', en: 'Reg. no.' } },
      { field: 'kindLabel', label: { zh: '类别', en: 'Kind' } },
      { field: 'openParts', label: { zh: '未落实事项', en: 'Open parts' } },
      { field: 'overdueParts', label: { zh: '逾期事项', en: 'Overdue parts' } },
    ],
    roles: STAFF,
    fields: {
      regNo: { zh: '登记号', en: 'Reg. no.' },
      kind: { zh: '类别', en: 'Kind' },
      kindLabel: { zh: '类别', en: 'Kind' },
      title: { zh: '事项名称', en: 'Title' },
      description: { zh: '情况及提请协调的理由', en: 'The matter and why coordination is needed' },
      caseId: { zh: '信访事项（ID，受理争议必填）', en: 'Case (id, required for a dispute over acceptance)' },
      unitIds: { zh: '所涉单位', en: 'Units involved' },
      units: { zh: '所涉单位', en: 'Units involved' },
      officeUnitName: { zh: '联席会议办公室', en: 'Convening office' },
      unitName: { zh: '确定的受理单位', en: 'Accepting unit' },
      acceptingUnitId: { zh: '确定的受理单位（受理争议）', en: 'Accepting unit (acceptance dispute)' },
      meetings: { zh: '会议记录', en: 'Meetings' },
      heldOn: { zh: '会议日期', en: 'Held on' },
      place: { zh: '地点', en: 'Place' },
      participants: { zh: '参会单位及职务', en: 'Units and posts attending' },
      post: { zh: '职务', en: 'Post' },
      minutes: { zh: '会议纪要', en: 'Minutes' },
      decisions: { zh: '议定事项', en: 'Decisions' },
      content: { zh: '议定事项内容', en: 'Decision' },
      workdays: { zh: '落实时限（工作日）', en: 'Working days' },
      decisionNo: { zh: '议定事项序号', en: 'Decision no.' },
      report: { zh: '落实情况', en: 'What was done' },
      closeNote: { zh: '办结说明', en: 'Closing note' },
      withdrawReason: { zh: '撤回理由', en: 'Withdrawal reason' },
    },
    lists: { meetings: ['n', 'heldOn', 'place', 'minutes'], decisions: ['n', 'content'] },
  },
  {
    key: 'replyboard',
    entity: 'publication',
    base: '/api/replyboard',
    title: { zh: '问政回复公开', en: 'Public reply board' },
    headline: ['publicTitle', 'pubNo'],
    columns: [
      { field: 'pubNo', label: { zh: '公开编号', en: 'Board no.' } },
      { field: 'unitName', label: { zh: '答复单位', en: 'Replying unit' } },
      { field: 'publishedAt', label: { zh: '公开时间', en: 'Published' } },
    ],
    roles: ['dispatcher', 'supervisor'],
    // from a replied case: the case page links here (信访人同意公开的事项)
    fromCase: { path: '/api/replyboard', field: 'caseId', label: { zh: '提议公开到问政回复', en: 'Propose for the public reply board' } },
    fields: {
      pubNo: { zh: '公开编号', en: 'Board no.' },
      officeUnitName: { zh: '公开单位', en: 'Publishing office' },
      unitName: { zh: '答复单位', en: 'Replying unit' },
      title: { zh: '公开标题', en: 'Public title' },
      summary: { zh: '诉求摘要（公开）', en: 'Summary (public)' },
      reply: { zh: '答复（公开）', en: 'Reply (public)' },
      keep: { zh: '保留不遮蔽的词（非个人信息，如单位公开电话）', en: 'Terms to keep (not personal data, e.g. the office’s public hotline)' },
      keepTerms: { zh: '保留不遮蔽的词', en: 'Terms kept' },
      publicTitle: { zh: '公开标题（已遮蔽）', en: 'Public title (redacted)' },
      publicSummary: { zh: '诉求摘要（已遮蔽）', en: 'Summary (redacted)' },
      publicReply: { zh: '答复（已遮蔽）', en: 'Reply (redacted)' },
      sourceTitle: { zh: '编辑稿标题（遮蔽前，内部）', en: 'Edited title (before redaction, internal)' },
      sourceSummary: { zh: '编辑稿摘要（遮蔽前，内部）', en: 'Edited summary (before redaction, internal)' },
      sourceReply: { zh: '编辑稿答复（遮蔽前，内部）', en: 'Edited reply (before redaction, internal)' },
      redactions: { zh: '已遮蔽的个人信息', en: 'What was redacted' },
      field: { zh: '位置', en: 'Field' },
      kind: { zh: '类型', en: 'Kind' },
      masked: { zh: '遮蔽内容（掩码）', en: 'Removed (masked)' },
      consentHeld: { zh: '信访人同意公开', en: 'Citizen consents' },
      consentGivenAt: { zh: '同意时间', en: 'Consent given' },
      consentWithdrawnAt: { zh: '撤回同意时间', en: 'Consent withdrawn' },
      personalDataLeft: { zh: '复核发现的个人信息（须为空方可公开）', en: 'Personal data found by the re-check (must be empty)' },
      repliedOn: { zh: '答复日期', en: 'Replied on' },
      publishedAt: { zh: '公开时间', en: 'Published' },
      unpublishedAt: { zh: '撤下时间', en: 'Unpublished' },
      endReason: { zh: '不予公开/撤下理由', en: 'Reason (rejected / unpublished)' },
      proposedByName: { zh: '提议人', en: 'Proposed by' },
      approvedByName: { zh: '审核人（第二人）', en: 'Approved by (second person)' },
    },
    lists: { redactions: ['field', 'kind', 'masked'] },
  },
  {
    key: 'campaigns',
    entity: 'campaign_item',
    base: '/api/campaigns/items',
    createPath: '/api/campaigns',
    boardPath: '/api/campaigns/board',
    afterCreate: (r) => `/registers/campaigns/board?campaignId=${String(r.id)}`,
    title: { zh: '积案化解', en: 'Backlog campaigns' },
    headline: ['caseTitle', 'caseRegNo'],
    columns: [
      { field: 'caseRegNo', label: { zh: '登记号', en: 'Reg. no.' } },
      { field: 'campaignName', label: { zh: '专项行动', en: 'Campaign' } },
      { field: 'unitName', label: { zh: '责任单位', en: 'Responsible unit' } },
      { field: 'leaderPost', label: { zh: '包案领导职务', en: 'Leader’s post' } },
      { field: 'overdue', label: { zh: '逾期', en: 'Overdue' } },
    ],
    roles: STAFF,
    fields: {
      name: { zh: '专项行动名称', en: 'Campaign name' },
      periodStart: { zh: '开始日期', en: 'Starts' },
      periodEnd: { zh: '结束日期', en: 'Ends' },
      targetDate: { zh: '清仓见底目标日期', en: 'Target date' },
      description: { zh: '工作要求', en: 'Requirements' },
      filter: { zh: '积案筛选条件', en: 'Which cases' },
      registeredBefore: { zh: '登记日期早于', en: 'Registered before' },
      openLongerThanDays: { zh: '登记超过（天）未办结', en: 'Open longer than (days)' },
      repeatOnly: { zh: '仅重复信访', en: 'Repeat petitions only' },
      unitId: { zh: '责任单位', en: 'Responsible unit' },
      categoryIds: { zh: '事项类别', en: 'Categories' },
      kinds: { zh: '信访类型', en: 'Kinds' },
      statuses: { zh: '事项状态', en: 'Case statuses' },
      campaignName: { zh: '专项行动', en: 'Campaign' },
      campaignRegNo: { zh: '专项行动编号', en: 'Campaign no.' },
      campaignTargetDate: { zh: '清仓见底目标日期', en: 'Campaign target date' },
      caseRegisteredAt: { zh: '信访事项登记时间', en: 'Case registered' },
      officeUnitName: { zh: '牵头单位', en: 'Campaign office' },
      unitName: { zh: '责任单位', en: 'Responsible unit' },
      leaderUserId: { zh: '包案领导', en: 'Responsible leader' },
      leaderName: { zh: '包案领导', en: 'Responsible leader' },
      leaderPost: { zh: '包案领导职务', en: 'Leader’s post' },
      plan: { zh: '化解方案（一案一策）', en: 'Plan (one per case)' },
      measures: { zh: '化解措施', en: 'Measures' },
      plannedAt: { zh: '方案确定时间', en: 'Plan assigned' },
      dueAt: { zh: '化解期限', en: 'Due' },
      dueOn: { zh: '化解期限', en: 'Resolve by' },
      overdue: { zh: '逾期未化解', en: 'Overdue' },
      progress: { zh: '化解进展', en: 'Progress' },
      outcome: { zh: '化解结果', en: 'Outcome' },
      outcomeLabel: { zh: '化解结果', en: 'Outcome' },
      outcomeNote: { zh: '化解情况', en: 'How it was resolved' },
      claimedByName: { zh: '报告人', en: 'Reported by' },
      claimedAt: { zh: '报告时间', en: 'Reported' },
      verifiedByName: { zh: '核验人', en: 'Verified by' },
      verifiedAt: { zh: '核验时间', en: 'Verified' },
      verification: { zh: '核验意见', en: 'Verification' },
      refusals: { zh: '核验退回次数', en: 'Times sent back' },
      withdrawReason: { zh: '移出理由', en: 'Why removed' },
      note: { zh: '说明', en: 'Note' },
      reason: { zh: '理由', en: 'Reason' },
    },
    lists: { progress: ['n', 'at', 'note', 'by'] },
    pickers: { leaderUserId: { url: '/api/campaigns/leaders' } },
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
