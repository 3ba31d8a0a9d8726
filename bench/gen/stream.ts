/**
 * The per-case part of the generator, shared by the single-threaded path and the worker threads (bench/gen/worker.ts):
 * given a case's instant, district and numbers (registration sequence, and the dispute / hazard found on the ground
 * near it, decided by the caller so that every number stays globally unique and in registration order), pick the
 * street, category, text, channel and intake unit, maybe repeat a recent case of the district, and drive the case
 * through its lifecycle (CaseGen), with the registers' dispute and hazard.
 *
 * Everything a case depends on is local to its city (district rings of recent cases for repeats, the intake offices'
 * supervision notice counters), so cities can be generated in parallel by different workers.
 */
import { CATEGORIES } from '../../src/seed/texts.js';
import type { Rng } from '../../src/seed/random.js';
import type { CaseGen, CaseInput, PriorCase } from './cases.js';
import type { District, Org, Street } from './org.js';
import type { Registers } from './registers.js';
import type { StreetPool } from './texts.js';

const H = 3_600_000;

export function weightedPicker<T>(items: T[], weight: (t: T) => number) {
  const cum: number[] = [];
  let s = 0;
  for (const it of items) cum.push((s += weight(it)));
  return (r: number) => {
    const x = r * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

/** One case as the caller decided it: [received ms, district index in org.districts, registration sequence, dispute at ms (0: none), dispute sequence, hazard at ms (0: none), hazard sequence]. */
export const ITEM_FIELDS = 7;

/** The caller's part: the case's district and its numbers (global sequences), from the caller's rng. */
export class CaseNumbers {
  reg = 0;
  disputes = 0;
  hazards = 0;
  private readonly pickDistrict: (r: number) => District;
  private readonly districtIndex = new Map<District, number>();
  constructor(private readonly rng: Rng, private readonly org: Org, private readonly now: number) {
    this.pickDistrict = weightedPicker(org.districts, (d) => d.weight * d.city.weight);
    org.districts.forEach((d, i) => this.districtIndex.set(d, i));
  }

  /** writes the case received at `received` into out[at … at + ITEM_FIELDS) and returns its district */
  next(received: number, out: Float64Array | number[], at: number): District {
    const { rng } = this;
    const district = this.pickDistrict(rng.next());
    out[at] = received;
    out[at + 1] = this.districtIndex.get(district)!;
    out[at + 2] = ++this.reg;
    // registers found on the ground, in proportion to the cases
    const dAt = rng.chance(0.012) ? received + rng.int(0, 20) * H : 0;
    const hAt = rng.chance(0.006) ? received + rng.int(0, 20) * H : 0;
    out[at + 3] = dAt && dAt < this.now ? dAt : 0;
    out[at + 4] = out[at + 3] ? ++this.disputes : 0;
    out[at + 5] = hAt && hAt < this.now ? hAt : 0;
    out[at + 6] = out[at + 5] ? ++this.hazards : 0;
    return district;
  }
}

const CAT_W: Array<[string, number]> = [['CXJS', 22], ['HJBH', 12], ['LDSB', 12], ['JTYS', 8], ['JYWT', 7], ['WSJS', 6], ['SMLY', 7], ['MZ', 6], ['ZF', 8], ['JJKG', 4], ['YJJY', 8]];
const CHANNEL_W: Array<[string, number]> = [['hotline', 55], ['web', 15], ['phone', 8], ['visit', 8], ['letter', 7], ['api', 3.5], ['email', 3], ['fax', 0.5]];
const KIND = new Map<string, string>(CATEGORIES.map((c) => [c.code, c.kind]));

/** The generating part: one case (and its dispute / hazard) from an item made by CaseNumbers. */
export class CaseStream {
  private readonly recent = new Map<number, PriorCase[]>(); // per district: a ring of recent cases, for repeats
  private readonly streetPickers: Map<number, (r: number) => Street>;
  done = 0;
  constructor(
    private readonly rng: Rng,
    private readonly org: Org,
    private readonly pools: Map<number, StreetPool>,
    private readonly catIds: Map<string, number>,
    private readonly gen: CaseGen,
    private readonly regs: Registers,
  ) {
    this.streetPickers = new Map(org.districts.map((d) => [d.unit.id, weightedPicker(d.streets, (s) => s.weight)]));
  }

  one(item: Float64Array | number[], at: number): void {
    const { rng } = this;
    const received = item[at]!;
    let district: District = this.org.districts[item[at + 1]!]!;
    let prior: PriorCase | null = null;
    const ring = this.recent.get(district.unit.id);
    if (ring && ring.length > 50 && rng.chance(0.08)) prior = ring[rng.int(0, ring.length - 1)]!;
    let street: Street;
    let catCode: string;
    let doc;
    if (prior) {
      district = prior.district;
      street = prior.street;
      catCode = prior.catCode;
      doc = prior.doc;
    } else {
      street = this.streetPickers.get(district.unit.id)!(rng.next());
      catCode = rng.weighted(CAT_W);
      doc = rng.pick(this.pools.get(street.unit.id)!.get(catCode)!);
    }
    const channel = prior && rng.chance(0.5) ? prior.channel : rng.weighted(CHANNEL_W);
    const local = !!doc.template.local;
    const intake = channel === 'hotline' ? district.city.hotline : local && rng.chance(0.65) ? district.office : district.city.bureau;
    const input: CaseInput = {
      idx: this.done, seq: item[at + 2]!, received, channel, catCode, catId: this.catIds.get(catCode)!, kind: KIND.get(catCode) as CaseInput['kind'], doc, district, street, intake, prior,
    };
    const made = this.gen.generate(input);
    let r = this.recent.get(district.unit.id);
    if (!r) this.recent.set(district.unit.id, (r = []));
    if (r.length < 400) r.push(made);
    else r[rng.int(0, 399)] = made;
    if (item[at + 3]) this.regs.dispute(item[at + 3]!, district, street, item[at + 4]!);
    if (item[at + 5]) this.regs.hazard(item[at + 5]!, district, street, item[at + 6]!);
    this.done++;
  }
}
