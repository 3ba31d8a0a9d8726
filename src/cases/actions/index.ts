import { close, reopen } from './close.js';
import { approveExtension, rejectExtension, requestExtension } from './extension.js';
import { evaluate, recordReturnVisit } from './feedback.js';
import { linkExisting, mergeDuplicate, notAccept } from './intake.js';
import { approveReply, draftReply, returnReply } from './reply.js';
import { decideRereview, decideReview, pauseClock, requestRereview, requestReview, resumeClock } from './review.js';
import { recall, rejectObjection, reroute, route, upholdObjection } from './route.js';
import type { ActionHandler } from './types.js';
import { accept, addAssistOpinion, decline, guideToProcedure, object, sign } from './unit.js';

/** Effects of each transition in lifecycle.ts, by action name (register is its own use case). */
export const ACTION_HANDLERS: Record<string, ActionHandler> = {
  route,
  link_existing: linkExisting,
  merge_duplicate: mergeDuplicate,
  not_accept: notAccept,
  sign,
  object,
  uphold_objection: upholdObjection,
  reject_objection: rejectObjection,
  reroute,
  recall,
  accept,
  decline,
  guide_to_procedure: guideToProcedure,
  add_assist_opinion: addAssistOpinion,
  request_extension: requestExtension,
  approve_extension: approveExtension,
  reject_extension: rejectExtension,
  draft_reply: draftReply,
  approve_reply: approveReply,
  return_reply: returnReply,
  evaluate,
  record_return_visit: recordReturnVisit,
  request_review: requestReview,
  decide_review: decideReview,
  request_rereview: requestRereview,
  pause_clock: pauseClock,
  resume_clock: resumeClock,
  decide_rereview: decideRereview,
  close,
  reopen,
};
