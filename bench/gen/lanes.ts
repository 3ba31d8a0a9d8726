/**
 * The main thread's side of --workers N: one worker thread (bench/gen/worker.ts) per lane, each owning whole cities
 * (balanced by their expected share of cases). Items (bench/gen/stream.ts) are batched per lane; at most two batches
 * are in flight per lane, and a batch's COPY chunks are written to the database sink, in arrival order, before the
 * lane may send another (the database's backpressure reaches the generators).
 */
import { Worker } from 'node:worker_threads';
import type { District, Org } from './org.js';
import type { Sink, Table } from './sink.js';
import { ITEM_FIELDS } from './stream.js';
import type { WorkerInit, WorkerReply } from './worker.js';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}
const deferred = (): Deferred => {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((a, b) => ((resolve = a), (reject = b)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
};

export class Lanes {
  done = 0;
  private readonly workers: Worker[] = [];
  private readonly laneOfCity = new Map<number, number>();
  private readonly bufs: Float64Array[] = [];
  private readonly fill: number[] = [];
  private readonly waiting: Deferred[][] = [];
  private readonly doneBy: number[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private stopping = false;

  constructor(n: number, org: Org, init: WorkerInit, private readonly sink: Sink, private readonly batch: number) {
    // cities to lanes: the heaviest first, each to the lightest lane so far
    const load = new Array<number>(n).fill(0);
    const cities = org.cities.map((c) => ({ id: c.unit.id, w: c.districts.reduce((s, d) => s + d.weight * c.weight, 0) })).sort((a, b) => b.w - a.w);
    for (const c of cities) {
      const l = load.indexOf(Math.min(...load));
      load[l]! += c.w;
      this.laneOfCity.set(c.id, l);
    }
    for (let l = 0; l < n; l++) {
      // run by tsx: the entry registers the TypeScript loader in the worker (tsx registers it in the main thread only)
      const w = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { ...init, seed: init.seed * 31 + l + 1 } });
      w.on('message', (r: WorkerReply) => this.received(l, r));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (!this.stopping) this.fail(new Error(`generator worker ${l} exited with code ${code}`));
      });
      this.workers.push(w);
      this.bufs.push(new Float64Array(batch * ITEM_FIELDS));
      this.fill.push(0);
      this.waiting.push([]);
      this.doneBy.push(0);
    }
  }

  private fail(e: unknown) {
    this.failure ??= e;
    for (const q of this.waiting) for (const d of q.splice(0)) d.reject(e);
  }

  private received(l: number, r: WorkerReply) {
    const d = this.waiting[l]!.shift();
    this.writing = this.writing.then(async () => {
      for (const [t, c] of r.out) this.sink.write(t as Table, c);
      await this.sink.flush();
      this.doneBy[l] = r.done;
      this.done = this.doneBy.reduce((s, x) => s + x, 0);
    });
    this.writing.then(() => d?.resolve(), (e) => (d?.reject(e), this.fail(e)));
  }

  private async send(l: number, end: boolean) {
    if (this.failure) throw this.failure;
    const q = this.waiting[l]!;
    while (q.length >= 2) await q[0]!.promise;
    const items = this.bufs[l]!.subarray(0, this.fill[l]! * ITEM_FIELDS);
    const d = deferred();
    q.push(d);
    this.workers[l]!.postMessage({ items, end }, [items.buffer as ArrayBuffer]);
    this.bufs[l] = new Float64Array(this.batch * ITEM_FIELDS);
    this.fill[l] = 0;
    return d.promise;
  }

  /** queues one item (copied) for the lane owning its district's city */
  async push(district: District, item: Float64Array) {
    const l = this.laneOfCity.get(district.city.unit.id)!;
    this.bufs[l]!.set(item, this.fill[l]! * ITEM_FIELDS);
    if (++this.fill[l]! >= this.batch) await this.send(l, false);
  }

  /** sends the rest, lets every worker write its last rows (supervision counters), waits for the writes, stops them */
  async end() {
    const last = this.workers.map((_, l) => this.send(l, true));
    await Promise.all(last);
    await this.writing;
    this.stopping = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    if (this.failure) throw this.failure;
  }
}
