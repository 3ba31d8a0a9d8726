import type { Harness, Org } from '../helpers/harness.js';
import { api } from '../helpers/harness.js';

export type Fields = Record<string, string | string[]>;

/** A form-encoded POST, as GeoReport v2 clients send it; repeated fields for lists (attribute[x][]) */
export async function postForm(h: Harness, url: string, fields: Fields) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  const res = await h.app.inject({ method: 'POST', url, payload: p.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: res.body, json: () => JSON.parse(res.body) };
}

export async function get(h: Harness, url: string) {
  const res = await h.app.inject({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: res.body, json: () => JSON.parse(res.body) };
}

/** Categories (services) of the org: one with attributes, one without, one accusation category */
export async function makeServices(h: Harness, org: Org) {
  const mk = async (code: string, name: string, kind: string) => {
    const r = await api(h, org.users.admin, 'POST', '/api/categories', { code: `${code}-${org.tag}`, name, nameEn: code, kind });
    if (r.status !== 201) throw new Error(`category: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string; code: string };
  };
  const road = await mk('road.pothole', '道路坑洼', 'appeal');
  const noise = await mk('noise', '噪声扰民', 'suggestion');
  const graft = await mk('graft', '检举控告', 'accusation');
  const attrs = await api(h, org.users.admin, 'PUT', `/api/open311/services/${road.id}/attributes`, {
    attributes: [
      { code: 'size', datatype: 'singlevaluelist', required: true, order: 1, description: '坑洼大小', values: [{ key: 'small', name: '小于脸盆' }, { key: 'large', name: '大于脸盆' }] },
      { code: 'depth', datatype: 'number', required: false, order: 2, description: '深度（厘米）', datatypeDescription: '整数或小数' },
      { code: 'hazards', datatype: 'multivaluelist', required: false, order: 3, description: '附近情况', values: [{ key: 'school', name: '学校' }, { key: 'bus', name: '公交站' }] },
      { code: 'note', variable: false, datatype: 'text', order: 4, description: '请勿填写个人信息' },
    ],
  });
  if (attrs.status !== 200) throw new Error(`attributes: ${attrs.status} ${JSON.stringify(attrs.body)}`);
  return { road, noise, graft };
}

export async function makeKey(h: Harness, org: Org, name = 'test-client') {
  const r = await api(h, org.users.admin, 'POST', '/api/open311/keys', { name, unitId: org.units.office.id });
  if (r.status !== 201) throw new Error(`key: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; apiKey: string };
}
