/**
 * The texts of the notices to the citizen: Chinese, short (one SMS where possible), with the 登记编号 and the tracking
 * link, never the content of the matter (a text may be read by someone beside the citizen). The formal document
 * (受理告知书 …, src/documents) is downloaded on the portal; a notice tells the citizen it is there.
 */
export interface NoticeFacts {
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
