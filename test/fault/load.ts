/**
 * A load generator for the fault tests: concurrent workers register cases through the HTTP API, each with its own
 * Idempotency-Key, and remember what happened to every key — acknowledged (201, with id and reg_no), answered with
 * an error (status), or never answered (connection refused or reset, timeout). Retrying a key that was not
 * acknowledged, with the same body, must never make a second case.
 */
import { createHash } from 'node:crypto';
import { Client, registration } from './proc.js';

export interface Acked {
  id: string;
  regNo: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class RegistrationLoad {
  readonly acked = new Map<string, Acked>();
  /** answered with another status than 201 (e.g. 500 while the database is down) */
  readonly refused = new Map<string, number>();
  /** no answer at all: the server died or the connection broke */
  readonly unanswered = new Set<string>();
  readonly bodies = new Map<string, ReturnType<typeof registration>>();
  private next = 1;
  private running = false;
  private workers: Promise<void>[] = [];

  constructor(
    readonly client: Client,
    /** goes into every title, so the checks count only this run's cases */
    readonly tag: string,
    readonly concurrency = 8,
  ) {}

  keyOf(n: number) {
    return `fault-${this.tag}-${n}`;
  }

  get sent() {
    return this.next - 1;
  }

  start(): void {
    this.running = true;
    for (let w = 0; w < this.concurrency; w++) this.workers.push(this.worker());
  }

  /** stops issuing requests and waits for those in flight */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
    this.workers = [];
  }

  async waitFor(acked: number, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.acked.size < acked) {
      if (Date.now() > until) throw new Error(`only ${this.acked.size} of ${acked} registrations acknowledged in ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  private async worker(): Promise<void> {
    while (this.running) {
      const n = this.next++;
      const key = this.keyOf(n);
      const body = registration(n, this.tag);
      this.bodies.set(key, body);
      await this.send(key, body, 10_000);
      if (this.unanswered.has(key) || this.refused.has(key)) await sleep(100);
    }
  }

  /** one attempt; records the outcome of the key */
  async send(key: string, body = this.bodies.get(key)!, timeoutMs = 30_000): Promise<number> {
    try {
      const r = await this.client.call('POST', '/api/cases', body, { 'idempotency-key': key }, timeoutMs);
      if (r.status === 201) {
        this.acked.set(key, { id: r.body.id, regNo: r.body.regNo });
        this.unanswered.delete(key);
        this.refused.delete(key);
      } else if (!this.acked.has(key)) {
        this.refused.set(key, r.status);
        this.unanswered.delete(key);
      }
      return r.status;
    } catch {
      if (!this.acked.has(key) && !this.refused.has(key)) this.unanswered.add(key);
      return 0;
    }
  }

  /**
   * Retries every key that was not acknowledged, with the same key and body, until each is (a key whose first
   * attempt is still claimed by a dead process answers 409 IDEMPOTENCY_IN_PROGRESS: retried after a pause).
   * Returns how the retries were answered.
   */
  async retryUnacknowledged(timeoutMs = 60_000): Promise<{ retried: number; replayed: number; statuses: Record<number, number> }> {
    const keys = [...new Set([...this.unanswered, ...this.refused.keys()])].filter((k) => !this.acked.has(k));
    const statuses: Record<number, number> = {};
    let replayed = 0;
    const until = Date.now() + timeoutMs;
    for (const key of keys) {
      for (;;) {
        const r = await this.client.call('POST', '/api/cases', this.bodies.get(key), { 'idempotency-key': key }).catch(() => null);
        const status = r?.status ?? 0;
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (r && status === 201) {
          this.acked.set(key, { id: r.body.id, regNo: r.body.regNo });
          this.unanswered.delete(key);
          this.refused.delete(key);
          if (r.headers.get('idempotent-replayed') === 'true') replayed++;
          break;
        }
        if (Date.now() > until) throw new Error(`retry of ${key} still answers ${status} after ${timeoutMs} ms: ${JSON.stringify(r?.body)}`);
        await sleep(500);
      }
    }
    return { retried: keys.length, replayed, statuses };
  }
}

/** sha256 of the sorted ids: one figure that two lists of cases share only if they are the same */
export const checksumOf = (ids: Iterable<string>) =>
  createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex');

/**
 * What the database holds of one run's cases (titles carry the tag): every id, and the titles registered more than
 * once (a title is one load key, so a duplicate title is a duplicated registration).
 */
export const CASES_OF_RUN_SQL = `SELECT id::text AS id, reg_no, title FROM cases WHERE title LIKE $1`;

export function judge(load: RegistrationLoad, rows: Array<{ id: string; reg_no: string; title: string }>) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const titles = new Map<string, number>();
  for (const r of rows) titles.set(r.title, (titles.get(r.title) ?? 0) + 1);
  const missing = [...load.acked.values()].filter((a) => byId.get(a.id)?.reg_no !== a.regNo);
  const duplicated = [...titles].filter(([, n]) => n > 1).map(([t]) => t);
  return { missing, duplicated, stored: rows.length, acknowledged: load.acked.size };
}
