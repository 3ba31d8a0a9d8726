/**
 * The demo city's area boundaries (jiangcheng.geojson): the three districts and eight streets of 江城市 drawn as
 * simple non-overlapping polygons — a made-up layout, not real geography — stored for the city unit like an office's
 * own file (PUT /api/admin/geo/boundaries), so the dashboards' map has outlines to draw.
 */
import fs from 'node:fs';
import type { Runtime } from '../../bootstrap.js';
import { storeBoundaries } from '../../analytics/geo.js';
import { CITY } from '../org.js';

export const DEMO_BOUNDARIES_FILE = new URL('./jiangcheng.geojson', import.meta.url);

export async function seedBoundaries(rt: Runtime, log: (s: string) => void = () => undefined) {
  const city = await rt.deps.db.selectFrom('units').select('id').where('code', '=', CITY.code).executeTakeFirstOrThrow();
  const data: unknown = JSON.parse(fs.readFileSync(DEMO_BOUNDARIES_FILE, 'utf8'));
  const r = await storeBoundaries(rt.deps.db, String(city.id), data, null);
  if (r.unknownCodes.length) throw new Error(`seedBoundaries: codes without a unit: ${r.unknownCodes.join(', ')}`);
  log(`area boundaries: ${r.features} features, ${r.bytes} bytes`);
}
