/**
 * Where generated rows go: COPY … FROM STDIN on PostgreSQL (pg-copy-streams, one long COPY per table on its own
 * connection, so the server ingests every table in parallel while Node generates), or COPY … FROM '/dev/blob' on
 * PGlite (a batch per table per chunk; PGlite has no COPY FROM STDIN through the pg protocol, but it reads a Blob).
 * Rows are COPY text format lines; `row()` escapes the values. Counts are of lines pushed, and of chunks written.
 */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';

export const COLUMNS = {
  units: ['id', 'parent_id', 'code', 'name', 'name_en', 'type', 'path', 'depth', 'active', 'created_at'],
  users: ['id', 'unit_id', 'username', 'display_name', 'password_hash', 'roles', 'active', 'created_at'],
  categories: ['id', 'code', 'name', 'name_en', 'kind', 'parent_id', 'active'],
  petitioners: ['id', 'name', 'id_number', 'phone', 'address', 'email', 'created_at'],
  cases: [
    'id', 'reg_no', 'tracking_code', 'tracking_secret_hash', 'channel', 'kind', 'category_id', 'title', 'content', 'location', 'oral', 'anonymous',
    'collective', 'headcount', 'status', 'version', 'intake_unit_id', 'lead_unit_id', 'route_type', 'accused_unit_id', 'accused_user_ids',
    'review_level', 'review_unit_id', 'related_case_id', 'designated_after_dispute', 'outcome', 'evaluation', 'received_at', 'registered_at',
    'accepted_at', 'replied_at', 'closed_at', 'created_by', 'updated_at', 'search_vector', 'dup_fingerprint',
  ],
  case_parties: ['case_id', 'petitioner_id', 'role'],
  case_units: ['case_id', 'unit_id', 'role', 'active', 'assigned_at', 'signed_at'],
  case_requests: ['id', 'case_id', 'type', 'status', 'unit_id', 'data', 'requested_by', 'requested_at', 'decided_by', 'decided_at', 'decision_note'],
  case_clocks: ['id', 'case_id', 'rule_key', 'purpose', 'unit_id', 'start_date', 'started_at', 'amount', 'period_unit', 'extended_days', 'pauses', 'due_at', 'status', 'warned', 'overdue_at', 'stopped_at'],
  case_events: ['case_id', 'type', 'from_status', 'to_status', 'actor_user_id', 'actor_unit_id', 'public', 'data', 'at'],
  case_dup_keys: ['band_key', 'case_id', 'received_at'],
  register_events: ['entity', 'entity_id', 'type', 'from_status', 'to_status', 'actor_user_id', 'actor_unit_id', 'public', 'data', 'at'],
  register_clocks: ['id', 'entity', 'entity_id', 'rule_key', 'purpose', 'unit_id', 'start_date', 'started_at', 'amount', 'period_unit', 'extended_days', 'pauses', 'due_at', 'status', 'warned', 'overdue_at', 'stopped_at'],
  return_visits: [
    'id', 'status', 'version', 'office_unit_id', 'unit_id', 'case_id', 'category_id', 'trigger', 'reason', 'sample_point', 'policy_id', 'max_attempts',
    'on_unsolved', 'note', 'attempts', 'next_attempt_at', 'channel', 'reached', 'solved', 'satisfied', 'comments', 'visited_at', 'follow_up',
    'follow_up_note', 'supervision_id', 'cancel_reason', 'closed_at', 'created_by', 'created_at', 'updated_at',
  ],
  return_visit_attempts: ['visit_id', 'n', 'at', 'channel', 'reached', 'next_attempt_at', 'solved', 'satisfied', 'comments', 'user_id'],
  supervision_items: [
    'id', 'status', 'version', 'office_unit_id', 'unit_id', 'case_id', 'subject_entity', 'subject_id', 'source', 'reason', 'dedup_key', 'level',
    'notice_no', 'notice_content', 'notified_at', 'response', 'responded_at', 'review_comment', 'accountability', 'closed_at', 'created_by', 'created_at', 'updated_at',
  ],
  supervision_counters: ['office_unit_id', 'kind', 'year', 'n'],
  disputes: [
    'id', 'status', 'version', 'office_unit_id', 'unit_id', 'case_id', 'reg_no', 'type', 'title', 'description', 'place', 'lat', 'lng', 'source',
    'mediator_user_id', 'initiation', 'accepted_at', 'outcome', 'concluded_at', 'outcome_reason', 'referred_to', 'referred_authority',
    'agreement_content', 'agreement_form', 'agreement_effective_at', 'performance_due_on', 'performance', 'performance_checked_at', 'performance_note',
    'confirmation_applied_at', 'confirmation_court', 'confirmation_result', 'confirmation_decided_at', 'supervision_id', 'returned_at', 'created_by', 'created_at', 'updated_at',
  ],
  dispute_parties: ['dispute_id', 'petitioner_id', 'role', 'seq'],
  dispute_sessions: ['id', 'dispute_id', 'held_on', 'place', 'notes', 'mediator_user_id', 'created_at'],
  hazards: [
    'id', 'status', 'version', 'office_unit_id', 'unit_id', 'case_id', 'reg_no', 'source', 'type', 'grade', 'title', 'description', 'place', 'lat', 'lng',
    'found_by', 'found_on', 'leader_name', 'leader_post', 'requirements', 'measures', 'planned_at', 'rectify_due_at', 'rectification', 'rectified_at',
    'rectified_by', 'verification', 'verified_at', 'verified_by', 'verify_failures', 'close_note', 'closed_at', 'dismiss_reason', 'created_by', 'created_at', 'updated_at',
  ],
  hazard_reporters: ['hazard_id', 'petitioner_id'],
} as const;

export type Table = keyof typeof COLUMNS;
/** Load order: parents before children (FK checks are off during the load, but a reader of a half-loaded table sees sense). */
export const TABLES = Object.keys(COLUMNS) as Table[];

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES = /[\\\t\n\r]/g;
const ESC: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export type Cell = string | number | boolean | null | undefined;

/** One COPY text-format line. Strings are escaped; null/undefined are \N; booleans t/f. */
export function row(values: readonly Cell[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += '\t';
    if (v === null || v === undefined) out += '\\N';
    else if (typeof v === 'string') out += NEEDS_ESCAPE.test(v) ? v.replace(ESCAPES, (c) => ESC[c]!) : v;
    else if (typeof v === 'boolean') out += v ? 't' : 'f';
    else out += String(v);
  }
  return out + '\n';
}

export interface Sink {
  /** appends a line made by row() */
  push(table: Table, line: string): void;
  /** appends COPY text already encoded (whole lines, e.g. made by a worker thread's bufferSink) */
  write(table: Table, chunk: Uint8Array): void;
  /** hands the buffered lines to the database; resolves when the buffers may be reused (backpressure) */
  flush(): Promise<void>;
  /** finishes every COPY */
  end(): Promise<void>;
  counts: Record<string, number>;
}

type Piece = string | Uint8Array;

/** the buffered pieces of one table as few chunks as possible: consecutive lines joined, encoded chunks as they are */
function chunks(pieces: Piece[]): Piece[] {
  if (pieces.every((p) => typeof p === 'string')) return [pieces.join('')];
  const out: Piece[] = [];
  let run: string[] = [];
  for (const p of pieces) {
    if (typeof p === 'string') run.push(p);
    else {
      if (run.length) out.push(run.join(''));
      run = [];
      out.push(p);
    }
  }
  if (run.length) out.push(run.join(''));
  return out;
}

/** Per-table buffers shared by the sinks: push/write append, drain() hands over (as chunks) and counts what it hands. */
function buffered() {
  const buf = new Map<Table, Piece[]>();
  for (const t of TABLES) buf.set(t, []);
  const counts: Record<string, number> = {};
  return {
    counts,
    push(t: Table, line: string) {
      buf.get(t)!.push(line);
    },
    write(t: Table, chunk: Uint8Array) {
      buf.get(t)!.push(chunk);
    },
    drain(): Array<[Table, Piece[]]> {
      const out: Array<[Table, Piece[]]> = [];
      for (const [t, pieces] of buf) {
        if (pieces.length === 0) continue;
        counts[t] = (counts[t] ?? 0) + pieces.length;
        out.push([t, chunks(pieces)]);
        buf.set(t, []);
      }
      return out;
    },
  };
}

/**
 * A worker thread's sink: lines buffered per table, taken as UTF-8 chunks (transferable to the main thread, which
 * hands them to its own sink with write()). flush() and end() do nothing: the owner takes the chunks.
 */
export function bufferSink(): Sink & { take(): Array<[Table, Uint8Array]> } {
  const b = buffered();
  const enc = new TextEncoder();
  return {
    counts: b.counts,
    push: b.push,
    write: b.write,
    async flush() {},
    async end() {},
    take: () => b.drain().flatMap(([t, cs]) => cs.map((c): [Table, Uint8Array] => [t, typeof c === 'string' ? enc.encode(c) : c])),
  };
}

/** PostgreSQL: one COPY FROM STDIN per table on its own pooled connection, for the whole load. */
export async function pgSink(pool: pg.Pool, tables: readonly Table[] = TABLES): Promise<Sink> {
  const b = buffered();
  const streams = new Map<Table, { s: Writable; done: Promise<void>; release: () => void }>();
  for (const t of tables) {
    const client = await pool.connect();
    await client.query(`SET session_replication_role = replica; SET synchronous_commit = off`);
    const s = client.query(copyFrom(`COPY ${t} (${COLUMNS[t].join(', ')}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => {
      s.on('finish', () => resolve());
      s.on('error', reject);
    });
    done.catch(() => undefined);
    streams.set(t, { s, done, release: () => client.release() });
    b.counts[t] = 0;
  }
  return {
    counts: b.counts,
    push: b.push,
    write: b.write,
    async flush() {
      const waits: Promise<void>[] = [];
      for (const [t, cs] of b.drain()) {
        const st = streams.get(t);
        if (!st) throw new Error(`no COPY stream for ${t}`);
        let ok = true;
        for (const c of cs) ok = st.s.write(c);
        if (!ok) waits.push(new Promise<void>((r, j) => { st.s.once('drain', r); st.s.once('error', j); }));
      }
      await Promise.all(waits);
    },
    async end(this: Sink) {
      await this.flush();
      for (const st of streams.values()) st.s.end();
      for (const st of streams.values()) {
        await st.done;
        st.release();
      }
    },
  };
}

/** PGlite: COPY … FROM '/dev/blob' per table and flush, inside the caller's session (replication role set by the caller). */
export function pgliteSink(db: PGlite): Sink {
  const b = buffered();
  let flushes = 0;
  return {
    counts: b.counts,
    push: b.push,
    write: b.write,
    async flush() {
      for (const [t, cs] of b.drain()) {
        const blob = new Blob(cs as BlobPart[]);
        await db.query(`COPY ${t} (${COLUMNS[t].join(', ')}) FROM '/dev/blob'`, [], { blob });
      }
      // PGlite has no checkpointer process: without this its pg_wal grows as large as the data (8 GB at 1 M cases)
      if (++flushes % 40 === 0) await db.exec('CHECKPOINT');
    },
    async end(this: Sink) {
      await this.flush();
    },
  };
}
