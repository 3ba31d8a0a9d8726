/**
 * Signatures after the Standard Webhooks scheme (standardwebhooks.com), so a receiver can use an off-the-shelf
 * verifier: headers `webhook-id` (the stable delivery id), `webhook-timestamp` (Unix seconds of this attempt) and
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the base64 part of the
 * secret after its `whsec_` prefix. docs/webhooks.md shows how to verify.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

export const newSecret = (): string => SECRET_PREFIX + randomBytes(24).toString('base64');

const keyOf = (secret: string) => Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return 'v1,' + createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

export function signatureHeaders(secret: string, id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, id, timestamp, body) };
}

/**
 * The receiver's check (used by the tests; a receiver in another language does the same): the signature matches one
 * of the space-separated `v1,` entries and the timestamp is within `toleranceSeconds` of now (replay protection).
 */
export function verify(secret: string, headers: Record<string, string | string[] | undefined>, body: string, opts: { now?: number; toleranceSeconds?: number } = {}): boolean {
  const h = (k: string) => (Array.isArray(headers[k]) ? headers[k]![0] : (headers[k] as string | undefined));
  const id = h('webhook-id');
  const ts = Number(h('webhook-timestamp'));
  const sigs = h('webhook-signature');
  if (!id || !Number.isInteger(ts) || !sigs) return false;
  if (Math.abs((opts.now ?? Date.now()) / 1000 - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const want = Buffer.from(sign(secret, id, ts, body));
  return sigs.split(' ').some((s) => {
    const got = Buffer.from(s);
    return got.length === want.length && timingSafeEqual(got, want);
  });
}
