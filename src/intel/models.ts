import type { Deps } from '../workflow/deps.js';
import { trainClassifier, predict, type Classifier } from '../text/classifier.js';
import { deserializeModel, serializeModel } from '../text/model-json.js';
import { tokenize } from '../text/tokenize.js';

export type Target = 'category' | 'unit';

/** Cases whose routing is settled: the office's own answers are the training labels. */
const SETTLED = ['replied', 'reviewed', 'rereviewed', 'closed'];
export const MIN_TRAINING_CASES = 20;

export const caseTokens = (title: string, content: string) => tokenize(`${title} ${title} ${content}`, 'exact');

/**
 * Trains the category and the responsible-unit classifiers on settled cases, stores each as a new version and
 * makes it active. A target with too few cases or one label keeps its previous model.
 */
export async function trainModels(deps: Deps, opts: { minCases?: number } = {}) {
  const min = opts.minCases ?? MIN_TRAINING_CASES;
  const rows = await deps.db
    .selectFrom('cases')
    .select(['title', 'content', 'category_id', 'lead_unit_id'])
    .where('status', 'in', SETTLED)
    .orderBy('registered_at', 'desc')
    .limit(200_000)
    .execute();
  const tokens = rows.map((r) => caseTokens(r.title, r.content));
  const results: Array<{ target: Target; version?: number; cases: number; labels: number; skipped?: string; trainMs?: number }> = [];
  for (const target of ['category', 'unit'] as const) {
    const docs = rows
      .map((r, i) => ({ tokens: tokens[i]!, label: target === 'category' ? r.category_id : r.lead_unit_id }))
      .filter((d): d is { tokens: string[]; label: string } => d.label !== null && d.tokens.length > 0);
    const labels = new Set(docs.map((d) => d.label)).size;
    if (docs.length < min || labels < 2) {
      results.push({ target, cases: docs.length, labels, skipped: `needs at least ${min} settled cases over 2 or more labels` });
      continue;
    }
    const t0 = performance.now();
    const model = trainClassifier(docs);
    const trainMs = Math.round(performance.now() - t0);
    const version = await deps.db.transaction().execute(async (tx) => {
      const last = await tx.selectFrom('text_models').select((eb) => eb.fn.max('version').as('v')).where('target', '=', target).executeTakeFirst();
      const v = (last?.v ?? 0) + 1;
      await tx.updateTable('text_models').set({ active: false }).where('target', '=', target).where('active', '=', true).execute();
      await tx
        .insertInto('text_models')
        .values({ target, version: v, cases_used: docs.length, labels, metrics: JSON.stringify({ trainMs }), model: serializeModel(model), active: true })
        .execute();
      return v;
    });
    cache.delete(target);
    results.push({ target, version, cases: docs.length, labels, trainMs });
  }
  return results;
}

const cache = new Map<Target, { version: number; model: Classifier }>();

export async function activeModel(deps: Deps, target: Target): Promise<{ version: number; model: Classifier } | null> {
  const row = await deps.db.selectFrom('text_models').select(['version', 'model']).where('target', '=', target).where('active', '=', true).executeTakeFirst();
  if (!row) return null;
  const hit = cache.get(target);
  if (hit && hit.version === row.version) return hit;
  const loaded = { version: row.version, model: deserializeModel(row.model) };
  cache.set(target, loaded);
  return loaded;
}

/** Top-3 categories and responsible units for a new matter, with scores and the words that drove them. */
export async function suggestRouting(deps: Deps, text: { title: string; content: string }, lang: 'zh' | 'en') {
  const tokens = caseTokens(text.title, text.content);
  const out: Record<Target, Array<{ id: string; name: string; score: number; words: string[] }>> & { modelVersions: Partial<Record<Target, number>> } = {
    category: [],
    unit: [],
    modelVersions: {},
  };
  for (const target of ['category', 'unit'] as const) {
    const m = await activeModel(deps, target);
    if (!m) continue;
    out.modelVersions[target] = m.version;
    const top = predict(m.model, tokens, 3);
    const ids = top.map((s) => s.label);
    const names = ids.length
      ? target === 'category'
        ? await deps.db.selectFrom('categories').select(['id', 'name', 'name_en']).where('id', 'in', ids).execute()
        : await deps.db.selectFrom('units').select(['id', 'name', 'name_en']).where('id', 'in', ids).execute()
      : [];
    out[target] = top.map((s) => {
      const n = names.find((x) => x.id === s.label);
      return { id: s.label, name: (lang === 'en' && n?.name_en) || n?.name || s.label, score: Math.round(s.score * 1000) / 1000, words: s.words };
    });
  }
  return out;
}
