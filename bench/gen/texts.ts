/**
 * Chinese text of the generated cases. Default: the demo's phrase bank (src/seed/texts.ts: 62 matter templates with
 * facts, actions and legal basis), filled with each street's invented roads and estates. With --texts tipdm the
 * titles and contents are read at run time from /work/shared/data/tipdm2020-c-smart-gov/ (never copied into the
 * project; see its SOURCE.md), keeping the template of the same category for the reply.
 *
 * Texts come from a pool: a few dozen documents per street, each tokenised (jieba, as the app does) once; the search
 * vector (and, with --text full, the MinHash fingerprint and LSH band keys) is computed per pool document and shared
 * by the cases that draw it — cases of one street drawing one document are near-identical repeats, as in real data.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as T from '../../src/seed/texts.js';
import { searchDocument } from '../../src/text/tokenize.js';
import { dupKeyNumbers, fingerprint } from '../../src/text/duplicates.js';
import { encodeFingerprint } from '../../src/intel/index-case.js';
import type { Rng } from '../../src/seed/random.js';
import type { District, Street } from './org.js';

export interface Doc {
  template: T.Template;
  title: string;
  content: string;
  location: string;
  /** filled facts / action / deny text for replies */
  facts: string;
  action: string;
  vars: Record<string, string>;
  /** search document (jieba tokens), then the tsvector text computed by the database */
  searchDoc: string;
  tsvector: string | null;
  fingerprint: string | null;
  dupKeys: number[];
}

const fill = (s: string, vars: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

export const TEMPLATES_BY_CAT = new Map<string, T.Template[]>();
for (const t of T.TEMPLATES) {
  const l = TEMPLATES_BY_CAT.get(t.cat) ?? [];
  l.push(t);
  TEMPLATES_BY_CAT.set(t.cat, l);
}

export function varsFor(rng: Rng, d: District, s: Street): Record<string, string> {
  const comm = rng.pick(s.communities);
  return {
    xq: rng.pick(s.estates),
    road: s.roads[0]!,
    road2: s.roads[1]!,
    dist: d.unit.name.replace(d.city.unit.name, ''),
    b: String(rng.int(1, 32)),
    street: s.unit.name.replace(d.unit.name.replace(d.city.unit.name, ''), ''),
    comm: comm.name,
    school: rng.pick(T.SCHOOLS).replace('江城市', d.city.unit.name),
    hosp: rng.pick(T.HOSPITALS).replace('江城市', d.city.unit.name),
    co: rng.pick(T.COMPANIES).replace(/江城市?/, d.city.unit.name.slice(0, 2)),
    dev: rng.pick(T.DEVELOPERS).replace(/江城市?/, d.city.unit.name.slice(0, 2)),
    shop: rng.pick(T.RESTAURANTS),
    mart: rng.pick(T.MARTS),
    gym: rng.pick(T.GYMS),
    org: rng.pick(T.TRAINING),
    market: rng.pick(T.MARKETS),
    scenic: rng.pick(T.SCENIC),
    river: rng.pick(T.RIVERS),
    park: rng.pick(T.PARKS),
    bus: rng.pick(T.BUS_LINES),
    n: String(rng.int(6, 48)),
    m: String(rng.int(2, 6)),
    mon: String(rng.int(1, 9)),
    amt: String(rng.int(8, 90)),
    right: '',
  };
}

interface TipdmMessage {
  title: string;
  content: string;
  cat: string;
}

const TIPDM_CAT: Record<string, T.CategoryCode> = {
  城乡建设: 'CXJS', 环境保护: 'HJBH', 劳动和社会保障: 'LDSB', 交通运输: 'JTYS', 教育文体: 'JYWT', 卫生计生: 'WSJS', 商贸旅游: 'SMLY',
};

/** Real messages of the 2020 TipDM data set (read in place at run time), by the category code of our tree. */
export function loadTipdm(dir: string): Map<string, TipdmMessage[]> {
  // the labelled raw messages (495): title and content as written, with the official level-1 label
  const file = path.join(dir, 'attachment2_sample_labeled.jsonl');
  const out = new Map<string, TipdmMessage[]>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as Record<string, string>;
    const cat = TIPDM_CAT[o['一级分类'] ?? ''];
    const title = (o['留言主题'] ?? '').trim();
    const content = (o['留言详情'] ?? '').replace(/\s+/g, ' ').trim();
    if (!cat || title.length < 2 || content.length < 5) continue;
    const l = out.get(cat) ?? [];
    l.push({ title: title.slice(0, 200), content: content.slice(0, 2000), cat });
    out.set(cat, l);
  }
  return out;
}

export interface TextOptions {
  docsPerStreet: number;
  full: boolean;
  tipdm: Map<string, TipdmMessage[]> | null;
}

/** The pool of one street: docs by category code. */
export type StreetPool = Map<string, Doc[]>;

export function buildPool(rng: Rng, d: District, s: Street, opts: TextOptions): StreetPool {
  const pool: StreetPool = new Map();
  for (const [cat, templates] of TEMPLATES_BY_CAT) {
    const docs: Doc[] = [];
    const k = Math.max(2, Math.round((opts.docsPerStreet * templates.length) / T.TEMPLATES.length));
    for (let i = 0; i < k; i++) {
      const t = templates[i % templates.length]!;
      const vars = varsFor(rng, d, s);
      let title = fill(t.title, vars);
      let content = fill(t.content, vars);
      const real = opts.tipdm?.get(cat);
      if (real && real.length) {
        const m = rng.pick(real);
        title = m.title;
        content = m.content;
      }
      const location = `${d.unit.name}${vars.street}${vars.road}${vars.xq}`;
      const doc: Doc = {
        template: t,
        title,
        content,
        location,
        facts: fill(t.facts, vars),
        action: fill(t.action, vars),
        vars,
        searchDoc: searchDocument([title, content, location].join(' ')),
        tsvector: null,
        fingerprint: null,
        dupKeys: [],
      };
      if (opts.full) {
        const fp = fingerprint({ title, content });
        doc.fingerprint = JSON.stringify(encodeFingerprint(fp));
        doc.dupKeys = [...new Set(dupKeyNumbers(fp))];
      }
      docs.push(doc);
    }
    pool.set(cat, docs);
  }
  return pool;
}
