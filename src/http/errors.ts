import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_STATUS, type ErrorCode } from '../core/errors.js';
import { errorMessage, pickLang, type Lang } from '../core/i18n.js';
import { langOf } from './route.js';
import { applySecurityHeaders, securityHeaders } from './security.js';

/** The framework's (and the HTTP parser's) refusals by status: each gets one of our codes. */
const BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

const FIELD_OF: Record<string, string> = { FST_ERR_BAD_URL: '(url)', FST_ERR_CTP_INVALID_CONTENT_LENGTH: '(content-length)' };

const MULTIPART_PARSE = /multipart|part header|part terminated|boundary/i;
const isMultipartParseError = (err: Error, req: FastifyRequest) => MULTIPART_PARSE.test(err.message) && typeof req.isMultipart === 'function' && req.isMultipart();

/** PostgreSQL "data exception" codes caused by what the client sent (NUL in text, a malformed value) */
const isClientDataError = (code: string) => /^22/.test(code);

const safeLang = (req: FastifyRequest): Lang => {
  try {
    return langOf(req);
  } catch {
    return pickLang(req.headers?.['accept-language']);
  }
};

/** Any error, ours or the framework's or the database's, as an AppError; null for a genuine server fault. */
export function toAppError(err: FastifyError | AppError | Error, req: FastifyRequest, lang: Lang): AppError | null {
  if (err instanceof AppError) return err;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
  const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : undefined;
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new AppError('UNSUPPORTED_MEDIA_TYPE', { type: String(req.headers?.['content-type'] ?? '').slice(0, 100) });
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('PAYLOAD_TOO_LARGE', { limit: req.server.ctx.deps.config.attachmentMaxBytes });
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', { limit: req.server.initialConfig.bodyLimit ?? 0 });
  if (status === 414) return new AppError('URI_TOO_LONG');
  if (status === 400)
    // malformed JSON, a bad URL and the like: the client's fault, never a 500
    return new AppError('VALIDATION_FAILED', {}, { issues: [{ field: FIELD_OF[code] ?? '(body)', message: err.message.slice(0, 300) }] });
  if (status !== undefined && status >= 400 && status < 500) {
    const mapped = BY_STATUS[status];
    return mapped ? new AppError(mapped, mapped === 'UNSUPPORTED_MEDIA_TYPE' ? { type: String(req.headers?.['content-type'] ?? '') } : {}) : new AppError('BAD_REQUEST', { reason: err.message.slice(0, 200) });
  }
  // the multipart parser's own refusals (a body cut short, a boundary that is not there) are plain Errors, no status
  if (!status && !code && isMultipartParseError(err, req))
    return new AppError('VALIDATION_FAILED', {}, { issues: [{ field: '(body)', message: err.message.slice(0, 300) }] });
  if (isClientDataError(code) && !status) {
    req.log.warn({ err }, 'input refused by the database');
    const nul = /0x00|\\u0000/.test(err.message);
    const message = nul
      ? lang === 'en'
        ? 'contains a NUL character (U+0000), which is not allowed'
        : '含有不允许的空字符（U+0000）'
      : lang === 'en'
        ? 'a value is out of range or malformed'
        : '某个值超出范围或格式不正确';
    return new AppError('VALIDATION_FAILED', {}, { issues: [{ field: '(input)', message }] });
  }
  return null;
}

/** One mapping from error to HTTP: stable code, status from ERROR_STATUS, message in the caller's language. */
export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  const lang = safeLang(req);
  let appErr = toAppError(err, req, lang);
  if (!appErr) {
    req.log.error({ err }, 'unhandled error');
    appErr = new AppError('INTERNAL');
  }
  const status = ERROR_STATUS[appErr.code];
  applySecurityHeaders(req, reply, req.server.ctx?.deps.config.secureCookies ?? false);
  const retry = appErr.details?.retryAfterSeconds;
  if (typeof retry === 'number') reply.header('retry-after', String(retry));
  else if (status === 429) reply.header('retry-after', '60');
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code: appErr.code, message: errorMessage(appErr.code, lang, appErr.params), details: appErr.details ?? {} } });
}

/** Fastify's own routing failures (a malformed URL, a path parameter over maxParamLength) in our shape. */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  return errorHandler(err, req, reply);
}

/**
 * Errors of the HTTP parser, before any request exists (headers too large: 431, a request line or header that
 * is not HTTP: 400, a timeout: 408): written to the socket in our shape, with the security headers, in the
 * language of the Accept-Language header when it was read.
 */
export function clientErrorHandler(https: boolean) {
  return (err: Error & { code?: string; rawPacket?: unknown }, socket: Socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const code: ErrorCode =
      err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST';
    const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.subarray(0, 64 * 1024).toString('latin1') : '';
    const lang = pickLang(/\r\naccept-language:[ \t]*([^\r\n]*)/i.exec(raw)?.[1]);
    const status = ERROR_STATUS[code];
    const params: Record<string, string> = code === 'BAD_REQUEST' ? { reason: lang === 'en' ? 'not a valid HTTP request' : '不是有效的 HTTP 请求' } : {};
    const body = JSON.stringify({ error: { code, message: errorMessage(code, lang, params), details: {} } });
    const headers = {
      ...securityHeaders({ https }),
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
      connection: 'close',
    };
    if (socket.writable) {
      const head = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      socket.write(`HTTP/1.1 ${status} ${httpReason(status)}\r\n${head}\r\n\r\n${body}`);
    }
    socket.destroy(err);
  };
}

const httpReason = (status: number) =>
  ({ 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' })[status] ?? 'Error';
