/**
 * The texts of the notices to the citizen: Chinese, short (one SMS where possible), with the 登记编号 and the tracking
 * link, never the content of the matter (a text may be read by someone beside the citizen). The formal document
 * (受理告知书 …, src/documents) is downloaded on the portal; a notice tells the citizen it is there.
 */
export interface NoticeFacts {
  /** the case's id: a staff notice links to its page in the workbench */
  case_id: string;
  reg_no: string;
  tracking_code: string;
  unit_name: string | null;
}

export interface NoticeText {
  subject: string;
  body: string;
}

const SIGN = '【民声】';
const cstDate = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
export const trackingLink = (publicUrl: string, code: string) => `${publicUrl}/portal/lookup?code=${encodeURIComponent(code)}`;

/** The text of a notice of a kind (the kinds of minsheng_notice_kind in 0023_notifications.sql). */
export function noticeText(kind: string, c: NoticeFacts, data: Record<string, unknown>, publicUrl: string): NoticeText {
  const no = c.reg_no;
  const unit = c.unit_name ?? '承办单位';
  const n = (subject: string, text: string): NoticeText => ({ subject: `${subject}（${no}）`, body: `${SIGN}${text}查询进度：${trackingLink(publicUrl, c.tracking_code)}` });
  switch (kind) {
    case 'registration_notice':
      return n('信访事项登记告知', `您反映的事项已登记，登记编号${no}，查询码${c.tracking_code}。是否受理将在15日内告知您。`);
    case 'acceptance_notice':
      return n('受理告知', `您的信访事项（登记编号${no}）已由${unit}受理，将自受理之日起60日内办结并出具处理意见书。`);
    case 'non_acceptance_notice':
      return n('不予受理告知', `您的信访事项（登记编号${no}）不予受理，理由及依据详见查询页面。`);
    case 'procedure_notice':
      return n('导入法定途径告知', `您的信访事项（登记编号${no}）应通过法定途径办理，具体途径详见查询页面。`);
    case 'extension_notice': {
      const days = typeof data.days === 'number' ? `${data.days}日` : '';
      const until = typeof data.newDueAt === 'string' ? `，至${cstDate(data.newDueAt)}` : '';
      return n('延期告知', `您的信访事项（登记编号${no}）经批准延长办理期限${days}${until}，延期理由详见查询页面。`);
    }
    case 'reply_notice':
      return n('处理意见告知', `您的信访事项（登记编号${no}）已出具信访处理意见书。如不服，可自收到之日起30日内请求复查。`);
    case 'review_notice':
      return n('复查意见告知', `您的信访事项（登记编号${no}）已出具复查意见。如不服，可自收到之日起30日内请求复核。`);
    case 'rereview_notice':
      return n('复核意见告知', `您的信访事项（登记编号${no}）已出具复核意见。`);
    default:
      return n('信访事项进展', `您的信访事项（登记编号${no}）有新进展。`);
  }
}

/** The staff notices' kinds (staff_notice_rules of 0030_staff_notices.sql), each with what awaits the reader. */
const STAFF_TEXT: Record<string, (no: string, d: Record<string, unknown>) => [string, string]> = {
  dispatch_notice: (no) => ['新交办', `信访事项${no}已转送/交办贵单位，请及时签收；不属于本单位职权范围的，请在5个工作日内提出异议（第二十三条第三款）。`],
  objection_rejected_notice: (no) => ['退单未获同意', `信访事项${no}的退单申请未获同意，请签收办理。`],
  objection_notice: (no) => ['退单待审核', `承办单位对信访事项${no}提出异议（退单），请审核并决定同意改派或驳回。`],
  extension_request_notice: (no) => ['延期待审批', `信访事项${no}申请延长办理期限，请审批（第三十四条）。`],
  reply_approval_notice: (no) => ['处理意见待审批', `信访事项${no}的处理意见书已拟写，请审批并出具（第三十二条）。`],
  review_request_notice: (no) => ['复查待办理', `信访事项${no}已请求复查，请在30日内出具复查意见（第三十五条）。`],
  rereview_request_notice: (no) => ['复核待办理', `信访事项${no}已请求复核，请在30日内出具复核意见（第三十六条）。`],
  deadline_warning_notice: (no, d) => ['时限预警', `信访事项${no}的${clockName(d)}将于${dueOf(d)}到期，请抓紧办理。`],
  overdue_notice: (no, d) => ['已超期', `信访事项${no}的${clockName(d)}已于${dueOf(d)}到期，现已超期，请立即办理并说明情况。`],
};

const clockName = (d: Record<string, unknown>) => (typeof d.ruleLabel === 'string' ? `“${d.ruleLabel}”时限` : '办理时限');
const dueOf = (d: Record<string, unknown>) => (typeof d.dueAt === 'string' ? cstDateTime(d.dueAt) : '期限');
const cstDateTime = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export const STAFF_KINDS = Object.keys(STAFF_TEXT);

/**
 * A notice to staff: what awaits them on which matter, by its registration number, with a link to the case in the
 * workbench. Never the content of the matter nor anyone's personal data: the reader signs in to see the case, and the
 * workbench's rules (scope, shielding) apply there.
 */
export function staffNoticeText(kind: string, c: NoticeFacts, data: Record<string, unknown>, publicUrl: string): NoticeText {
  const [subject, text] = (STAFF_TEXT[kind] ?? ((no: string) => ['待办提醒', `信访事项${no}有待您办理的事项。`]))(c.reg_no, data);
  return { subject: `${subject}（${c.reg_no}）`, body: `${SIGN}${text}打开：${publicUrl}/cases/${encodeURIComponent(c.case_id)}` };
}
