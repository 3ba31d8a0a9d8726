/**
 * The default wording of every document kind, used by an office that has not written its own (the admin page edits
 * a copy per office). One line is one paragraph; {{name}} is replaced by the case's data (placeholders in kinds.ts).
 * docs/documents.md reproduces these texts; test/http/documents.test.ts checks that it does.
 */
import type { DocumentKind } from './kinds.js';

export interface TemplateText {
  title: string;
  body: string;
}

export const DEFAULT_TEMPLATES: Record<DocumentKind, TemplateText> = {
  accept_notice: {
    title: '信访事项受理告知书',
    body: [
      '{{petitionerName}}：',
      '您于{{receivedDate}}提出的“{{title}}”信访事项（登记编号{{regNo}}），本机关已于{{acceptedDate}}依法受理，由{{leadUnit}}办理。',
      '处理途径和程序：{{procedure}}',
      '根据《信访工作条例》第二十三条、第三十四条的规定，本机关将自受理之日起60日内办结（{{dueDate}}前）；情况复杂需要延长的，将告知您延期理由。',
      '您可凭查询码{{trackingCode}}在网上信访平台查询办理进度。',
      '特此告知。',
    ].join('\n'),
  },
  not_accepted_notice: {
    title: '信访事项不予受理告知书',
    body: [
      '{{petitionerName}}：',
      '您于{{receivedDate}}提出的“{{title}}”信访事项（登记编号{{regNo}}）收悉。经审查，该事项不予受理，理由如下：{{reason}}',
      '根据《信访工作条例》第二十三条的规定，请您向有权处理的机关、单位提出：{{suggestedAuthority}}。',
      '特此告知。',
    ].join('\n'),
  },
  routing_slip: {
    title: '信访事项转送/交办单',
    body: [
      '{{leadUnit}}：',
      '现将登记编号{{regNo}}的信访事项“{{title}}”{{routeMode}}你单位，请依法处理。',
      '信访事项内容：{{content}}',
      '协办单位：{{assistUnits}}。',
      '办理要求：根据《信访工作条例》第二十二条的规定，请于{{dueDate}}前反馈办理情况。{{note}}',
    ].join('\n'),
  },
  extension_notice: {
    title: '信访事项延期办理告知书',
    body: [
      '{{petitionerName}}：',
      '您提出的“{{title}}”信访事项（登记编号{{regNo}}）已于{{acceptedDate}}受理。因情况复杂，经本机关负责人批准，办理期限延长{{extensionDays}}日，延长后的办结期限为{{dueDate}}。',
      '延期理由：{{reason}}',
      '根据《信访工作条例》第三十四条的规定，特此告知。',
    ].join('\n'),
  },
  handling_opinion: {
    title: '信访事项处理意见书',
    body: [
      '{{petitionerName}}：',
      '您提出的“{{title}}”信访事项（登记编号{{regNo}}），本机关已依法受理并办理完毕。根据《信访工作条例》第三十二条的规定，现将处理意见告知如下：',
      '一、投诉请求：{{request}}',
      '二、事实和理由：{{facts}}{{reasons}}',
      '三、处理意见：{{decision}}。{{replyText}}',
      '四、法律法规依据：{{legalBasis}}',
      '如对本处理意见不服，根据《信访工作条例》第三十五条的规定，可以自收到本意见书之日起30日内（{{dueDate}}前）向{{reviewAuthority}}请求复查。',
    ].join('\n'),
  },
  review_opinion: {
    title: '信访事项复查意见书',
    body: [
      '{{petitionerName}}：',
      '您对{{leadUnit}}就“{{title}}”信访事项（登记编号{{regNo}}）作出的处理意见不服，请求复查。复查请求理由：{{reviewReason}}',
      '根据《信访工作条例》第三十五条的规定，本机关经复查，意见如下：{{decision}}。{{opinion}}',
      '依据：{{legalBasis}}',
      '如对本复查意见不服，根据《信访工作条例》第三十六条的规定，可以自收到本意见书之日起30日内（{{dueDate}}前）向{{reviewAuthority}}请求复核。',
    ].join('\n'),
  },
  rereview_opinion: {
    title: '信访事项复核意见书',
    body: [
      '{{petitionerName}}：',
      '您对“{{title}}”信访事项（登记编号{{regNo}}）的复查意见不服，请求复核。复核请求理由：{{reviewReason}}',
      '根据《信访工作条例》第三十六条的规定，本机关经复核，意见如下：{{decision}}。{{opinion}}',
      '依据：{{legalBasis}}',
      '本复核意见为终结意见。信访人对复核意见不服，仍以同一事实和理由提出投诉请求的，各级机关、单位不再受理。',
    ].join('\n'),
  },
  mediation_agreement: {
    title: '调解协议书',
    body: [
      '申请人：{{petitionerName}}',
      '纠纷编号：{{disputeRegNo}}（信访事项登记编号{{regNo}}）',
      '纠纷的主要事实、争议事项：{{disputeDescription}}',
      '经{{mediationCommittee}}主持调解，根据《信访工作条例》第三十三条和《人民调解法》第二十八条、第二十九条的规定，各方当事人自愿达成如下协议：',
      '{{agreement}}',
      '履行期限：{{dueDate}}前履行完毕。',
      '本协议书自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效，当事人各执一份，人民调解委员会留存一份。',
      '当事人（签名）：　　　　　　　　人民调解员（签名）：',
    ].join('\n'),
  },
};
