/**
 * The dashboards' answers, kept for a short while (MINSHENG_DASHBOARD_CACHE_SECONDS, default 30; 0 = off). A leaders'
 * dashboard is read far more often than its figures change — the rollups are folded once a minute — and an overview
 * is 15 periods of rates plus the counts: under 200 concurrent users (bench/load.ts) the overview was the one request
 * that timed out. So identical requests share one computation while it runs, and its answer for the TTL.
 *
 * The key is everything the answer depends on: the endpoint, the asker's scope (a unit outside it answers 404, so two
 * scopes never share), the language and the query. Roles are checked by the caller before asking. Errors are not kept.
 * Every answer carries its `asOf`, so a kept answer says how old it is.
 */
import type { Deps } from '../workflow/deps.js';
import { canonicalJson } from '../core/canonical-json.js';

const MAX_ENTRIES = 500;

interface Entry {
  at: number;
  value: Promise<unknown>;
}

const caches = new WeakMap<Deps, Map<string, Entry>>();

export async function cachedAnswer<T>(deps: Deps, key: unknown[], compute: () => Promise<T>): Promise<T> {
  const ttlMs = deps.config.dashboardCacheSeconds * 1000;
  if (ttlMs <= 0) return compute();
  let cache = caches.get(deps);
  if (!cache) caches.set(deps, (cache = new Map()));
  const k = canonicalJson(key); // ?a=1&b=2 and ?b=2&a=1 are one key
  const now = Date.now();
  const hit = cache.get(k);
  if (hit && now - hit.at < ttlMs) return hit.value as Promise<T>;
  const value = compute();
  cache.set(k, { at: now, value });
  value.catch(() => {
    if (cache.get(k)?.value === value) cache.delete(k);
  });
  // oldest first (a Map keeps insertion order): drop what is past its time, then the oldest beyond the bound
  for (const [key2, e] of cache) {
    if (cache.size <= MAX_ENTRIES && now - e.at < ttlMs) break;
    if (key2 !== k) cache.delete(key2);
  }
  return value;
}
