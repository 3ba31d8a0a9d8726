import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS } from '../core/errors.js';
import { errorMessage } from '../core/i18n.js';
import { langOf } from './route.js';

/** One mapping from error to HTTP: stable code, status from ERROR_STATUS, message in the caller's language. */
export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  const lang = langOf(req);
  let appErr: AppError;
  if (err instanceof AppError) appErr = err;
  else if ('code' in err && err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    appErr = new AppError('UNSUPPORTED_MEDIA_TYPE', { type: String(req.headers['content-type'] ?? '') });
  else if ('code' in err && (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE'))
    appErr = new AppError('PAYLOAD_TOO_LARGE', { limit: 0 });
  else if ('statusCode' in err && err.statusCode === 400)
    // malformed JSON and the like: the client's fault, never a 500
    appErr = new AppError('VALIDATION_FAILED', {}, { issues: [{ field: '(body)', message: err.message }] });
  else if ('statusCode' in err && err.statusCode === 429) appErr = new AppError('RATE_LIMITED');
  else {
    req.log.error({ err }, 'unhandled error');
    appErr = new AppError('INTERNAL');
  }
  const status = ERROR_STATUS[appErr.code];
  return reply.status(status).send({ error: { code: appErr.code, message: errorMessage(appErr.code, lang, appErr.params), details: appErr.details ?? {} } });
}
