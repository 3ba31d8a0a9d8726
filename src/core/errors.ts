/**
 * One error type with stable codes. The HTTP layer maps codes to status in one table
 * (http/errors.ts); use cases never know about HTTP.
 */
import type { MessageParam } from './i18n.js';
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  ATTACHMENT_NOT_FOUND: 404,
  ACTION_NOT_ALLOWED: 409,
  CASE_STATE_CONFLICT: 409,
  STATE_CONFLICT: 409,
  RECORD_NOT_FOUND: 404,
  DEADLINE_PASSED: 409,
  ALREADY_EXISTS: 409,
  CASE_FINAL: 409,
  OBJECTION_NOT_ALLOWED: 409,
  EXTENSION_NOT_ALLOWED: 409,
  ACCUSATION_TO_ACCUSED: 422,
  INVALID_TARGET_UNIT: 422,
  /** issue 11: review refused on 涉法涉诉 / 检举控告 matters; a unit deactivated with open work left on it, or a target unit deactivated */
  REVIEW_NOT_APPLICABLE: 409,
  UNIT_HAS_OPEN_WORK: 409,
  UNIT_INACTIVE: 422,
  /** issue 11 statutory documents: the case has not reached the step the document records */
  DOCUMENT_NOT_APPLICABLE: 409,
  DOCUMENT_NOT_FOUND: 404,
  VERIFIER_NOT_INDEPENDENT: 403,
  EVIDENCE_REQUIRED: 409,
  /** issue 11 reply board: publication refused (accusation, 涉法涉诉, no reply, no consent); personal data left in the public text */
  PUBLICATION_NOT_ALLOWED: 409,
  PERSONAL_DATA_LEFT: 422,
  SECOND_PERSON_REQUIRED: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  /** the framework's own refusals (src/http/errors.ts maps each to one of these) */
  BAD_REQUEST: 400,
  NOT_ACCEPTABLE: 406,
  URI_TOO_LONG: 414,
  HEADERS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  /** security basics (docs/security.md) */
  LOGIN_LOCKED: 429,
  CSRF_ORIGIN_MISMATCH: 403,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  IDEMPOTENCY_ANSWER_LOST: 409,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** i18n parameters interpolated into the message for this code */
    readonly params: Record<string, MessageParam> = {},
    readonly details?: { issues?: FieldIssue[]; [k: string]: unknown },
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = (code: ErrorCode = 'NOT_FOUND') => new AppError(code);
