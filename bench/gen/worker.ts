/**
 * A generator worker thread (bench/gen/generate.ts --workers N): generates the cases of the cities it owns from the
 * items the main thread sends (instant, district and global numbers: bench/gen/stream.ts), and hands back each
 * batch's COPY text as UTF-8 chunks per table (transferred, not copied); the main thread writes them to the database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Rng } from '../../src/seed/random.js';
import { CaseGen } from './cases.js';
import type { Org } from './org.js';
import { Registers } from './registers.js';
import { bufferSink } from './sink.js';
import { CaseStream, ITEM_FIELDS } from './stream.js';
import type { StreetPool } from './texts.js';

export interface WorkerInit {
  org: Org;
  pools: Map<number, StreetPool>;
  catIds: Map<string, number>;
  now: number;
  seed: number;
  full: boolean;
}

export interface WorkerReply {
  out: Array<[string, Uint8Array]>;
  end: boolean;
  done: number;
}

const init = workerData as WorkerInit;
const rng = new Rng(init.seed);
const sink = bufferSink();
const regs = new Registers(rng, init.org, sink, init.now);
const gen = new CaseGen(rng, init.org, sink, init.now, regs, init.full);
const stream = new CaseStream(rng, init.org, init.pools, init.catIds, gen, regs);

parentPort!.on('message', (m: { items?: Float64Array; end?: boolean }) => {
  if (m.items) for (let i = 0; i < m.items.length; i += ITEM_FIELDS) stream.one(m.items, i);
  if (m.end) regs.writeCounters();
  const out = sink.take();
  const reply: WorkerReply = { out, end: !!m.end, done: stream.done };
  parentPort!.postMessage(reply, out.map(([, c]) => c.buffer as ArrayBuffer));
});
