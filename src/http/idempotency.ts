import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../core/errors.js';
import { inputRule } from '../core/input-rules.js';
import { canonicalJson } from '../core/canonical-json.js';
import type { Actor } from '../org/actor.js';
import { isAnswerAfterCommit, withResultRecorder } from '../core/idempotent-result.js';

/**
 * Idempotency-Key on POST (docs/api.md, "Idempotent requests"). The first request with a key claims a unique row
 * (idempotency_keys, keyed by a hash of actor + key): a concurrent duplicate cannot claim it too, so exactly one
 * executes. Its response (status and body) is stored, encrypted with a key derived from the Idempotency-Key, and
 * replayed to every later request with the same key, actor and body for `idempotencyHours`; the same key with
 * another body (or path) is 422 IDEMPOTENCY_KEY_REUSED. A request that fails is not remembered: the key can be
 * retried. A duplicate arriving while the first is still running waits for it (up to WAIT_MS), then answers 409.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
const WAIT_MS = 5000;
const POLL_MS = 50;
/** a claim this old without a response was left by a process that died: it may be claimed again */
const STALE_CLAIM_MS = 2 * 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function encrypt(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return [iv, c.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

function decrypt(key: Buffer, stored: string): string {
  const [iv, tag, data] = stored.split('.').map((p) => Buffer.from(p, 'base64'));
  const d = createDecipheriv('aes-256-gcm', key, iv!);
  d.setAuthTag(tag!);
  return Buffer.concat([d.update(data!), d.final()]).toString('utf8');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** stated on every POST's Idempotency-Key parameter (src/http/route.ts) */
export const IDEMPOTENCY_KEY = inputRule({ field: 'Idempotency-Key', message: '1–255 visible ASCII characters', doc: '1–255 visible ASCII characters; the same key with another body answers 422 IDEMPOTENCY_KEY_REUSED' });

export function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw.join(',') : raw;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw IDEMPOTENCY_KEY.error();
  return key;
}

export async function withIdempotency(
  req: FastifyRequest,
  reply: FastifyReply,
  actor: Actor | null,
  key: string,
  run: () => Promise<unknown>,
  /** the answer made again when the work committed but its answer did not (RouteSpec.replay) */
  replay?: () => Promise<unknown>,
): Promise<unknown> {
  const { deps } = req.server.ctx;
  const db = deps.db;
  const who = actor?.kind === 'staff' ? `staff:${actor.userId}` : `anon:${req.ip}`;
  const keyHash = sha256(`${who}\n${key}`);
  const cryptKey = createHash('sha256').update(`minsheng-idempotency\n${who}\n${key}`).digest();
  const requestHash = sha256(`${req.method} ${req.url}\n${canonicalJson(req.body ?? null)}`);
  const ttlMs = deps.config.security.idempotencyHours * 3600_000;

  const claim = async (): Promise<boolean> => {
    const now = deps.now();
    const cutoff = new Date(now.getTime() - ttlMs);
    // forget expired keys: this one, and a bounded batch of others
    await sql`DELETE FROM idempotency_keys WHERE key_hash IN (
      SELECT key_hash FROM idempotency_keys WHERE created_at < ${cutoff}::timestamptz LIMIT 100)`.execute(db);
    const row = await db
      .insertInto('idempotency_keys')
      .values({ key_hash: keyHash, request_hash: requestHash, method: req.method, path: req.url.slice(0, 2000), created_at: now })
      .onConflict((oc) => oc.column('key_hash').doNothing())
      .returning('key_hash')
      .executeTakeFirst();
    if (row) return true;
    const stale = await db
      .updateTable('idempotency_keys')
      .set({ created_at: now })
      .where('key_hash', '=', keyHash)
      .where('request_hash', '=', requestHash)
      .where('status', 'is', null)
      .where('created_at', '<', new Date(now.getTime() - STALE_CLAIM_MS))
      .returning('key_hash')
      .executeTakeFirst();
    return stale !== undefined;
  };

  const started = Date.now();
  for (;;) {
    if (await claim()) {
      let result: unknown;
      try {
        // a use case may store its answer inside its own transaction (src/core/idempotent-result.ts)
        result = await withResultRecorder(async (tx, status, body) => {
          await tx
            .updateTable('idempotency_keys')
            .set({ status, response: encrypt(cryptKey, JSON.stringify(body)), completed_at: deps.now() })
            .where('key_hash', '=', keyHash)
            .execute();
        }, run);
      } catch (err) {
        // let the key go, unless the work committed its answer (then a retry replays it)
        await db.deleteFrom('idempotency_keys').where('key_hash', '=', keyHash).where('status', 'is', null).execute();
        throw err;
      }
      if (reply.sent) {
        // streamed: nothing to replay, so nothing to remember
        await db.deleteFrom('idempotency_keys').where('key_hash', '=', keyHash).execute();
        return reply;
      }
      const body = JSON.stringify(result);
      await db
        .updateTable('idempotency_keys')
        .set({ status: reply.statusCode, response: encrypt(cryptKey, body), completed_at: deps.now() })
        .where('key_hash', '=', keyHash)
        .execute();
      return result;
    }
    const row = await db.selectFrom('idempotency_keys').select(['request_hash', 'status', 'response']).where('key_hash', '=', keyHash).executeTakeFirst();
    if (!row) continue; // the first attempt failed and let the key go: claim it now
    if (row.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    if (row.status !== null && row.response !== null) {
      const stored = decrypt(cryptKey, row.response);
      if (isAnswerAfterCommit(JSON.parse(stored))) {
        // done, answer lost: never run it again; answer what the route answers now, or say so
        if (!replay) throw new AppError('IDEMPOTENCY_ANSWER_LOST');
        const again = await replay();
        reply.status(row.status).header('idempotent-replayed', 'true');
        return again;
      }
      reply.status(row.status).header('idempotent-replayed', 'true').type('application/json; charset=utf-8');
      return reply.send(stored);
    }
    if (Date.now() - started > WAIT_MS) throw new AppError('IDEMPOTENCY_IN_PROGRESS', {}, { retryAfterSeconds: 1 });
    await sleep(POLL_MS);
  }
}
