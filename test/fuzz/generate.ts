/**
 * Schema-driven request generation for the fuzzer: the operations come from the app's own OpenAPI document
 * (GET /api/openapi.json, built from the zod schemas that validate the requests), so a new endpoint, parameter or
 * field is fuzzed without touching the test. For each operation a plausible request is made from the schemas
 * (ids drawn from the test's own org, so handlers go deep), then usually broken in one of many ways.
 */
import { DATE_STRINGS, ID_STRINGS, MALFORMED_JSON, deepNesting, hostileString, hostileValue, invalidUtf8Body, pick, type Rng } from './values.js';

type Schema = Record<string, any>;

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/cases/{id} */
  path: string;
  params: string[];
  query: { name: string; required: boolean; schema: Schema }[];
  body?: { mediaType: string; schema: Schema };
  staffOnly: boolean;
}

export interface Pools {
  /** values for a path parameter or field, by name (id, caseId, unitId, …); a function may look at the operation */
  idsFor(name: string, op: Operation): string[];
}

export interface FuzzRequest {
  op: Operation;
  mutation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export function operationsOf(doc: { paths: Record<string, Record<string, any>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, o] of Object.entries(methods)) {
      const parameters = (o.parameters ?? []) as { name: string; in: string; required: boolean; schema: Schema }[];
      const content = o.requestBody?.content as Record<string, { schema: Schema }> | undefined;
      const mediaType = content ? Object.keys(content)[0]! : undefined;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required, schema: p.schema ?? {} })),
        body: mediaType ? { mediaType, schema: content![mediaType]!.schema ?? {} } : undefined,
        staffOnly: (o.security ?? []).length > 0,
      });
    }
  return ops;
}

const UUID = () => '00000000-0000-4000-8000-000000000000';

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes out as the raw bytes of one */
const enc = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

/** A value that the schema would plausibly accept. */
export function plausible(schema: Schema, rng: Rng, op: Operation, pools: Pools, name = '', root: Schema = schema, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return null;
  if (schema.$ref) {
    const key = String(schema.$ref).split('/').pop()!;
    const target = root.$defs?.[key] ?? root.definitions?.[key];
    return target ? plausible(target, rng, op, pools, name, root, depth + 1) : {};
  }
  if ('const' in schema) return schema.const;
  if (schema.enum) return pick(rng, schema.enum);
  if (schema.default !== undefined && rng.chance(0.2)) return schema.default;
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return plausible(pick(rng, union), rng, op, pools, name, root, depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Schema) => plausible(s, rng, op, pools, name, root, depth + 1)));
  const type = Array.isArray(schema.type) ? pick(rng, schema.type.filter((t: string) => t !== 'null')) : schema.type;
  switch (type) {
    case 'object':
    case undefined: {
      if (!schema.properties) return type === 'object' ? {} : plausibleString(schema, rng, op, pools, name);
      const out: Record<string, unknown> = {};
      const required = new Set<string>(schema.required ?? []);
      for (const [k, s] of Object.entries(schema.properties as Record<string, Schema>))
        if (required.has(k) || rng.chance(0.6)) out[k] = plausible(s, rng, op, pools, k, root, depth + 1);
      return out;
    }
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, rng.int(0, 3)));
      return Array.from({ length: n }, () => plausible(schema.items ?? {}, rng, op, pools, name.replace(/s$/, ''), root, depth + 1));
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const max = schema.maximum ?? min + 100;
      if (/year/i.test(name)) return 2050;
      const n = rng.int(Math.ceil(min), Math.floor(Math.min(max, min + 1000)));
      return type === 'integer' ? n : n + (rng.chance(0.3) ? 0.5 : 0);
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    default:
      return plausibleString(schema, rng, op, pools, name);
  }
}

function plausibleString(schema: Schema, rng: Rng, op: Operation, pools: Pools, name: string): string {
  const ids = pools.idsFor(name, op);
  if (ids.length && (/id$/i.test(name) || /ids$/i.test(name) || name === '' || name === 'key')) return pick(rng, ids);
  if (schema.format === 'uuid') return UUID();
  if (schema.format === 'date') return `2050-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
  if (schema.format === 'date-time') return `2050-03-0${rng.int(1, 9)}T0${rng.int(0, 9)}:00:00.000Z`;
  if (schema.format === 'email') return 'a@example.org';
  const pattern = String(schema.pattern ?? '');
  if (/^\^\\d\+\$$|^\^\[0-9\]\+\$$/.test(pattern)) return String(rng.int(1, 99999));
  if (/\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(pattern)) return `2050-03-1${rng.int(0, 9)}`;
  if (/^\^\[a-z\]/.test(pattern)) return `fz_${rng.int(1, 9999)}`;
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 60;
  const base = pick(rng, ['小区楼顶漏水长期无人维修', '噪声扰民', 'Street light broken at night', '请求督促维修，多次反映无果。', 'abc', '13800001111']);
  let s = base;
  while (s.length < min) s += base;
  return s.slice(0, Math.max(min, Math.min(max, s.length)));
}

/** Paths into an object (for choosing a field to break) */
function fieldsOf(v: unknown, prefix: string[] = [], out: string[][] = [], depth = 0): string[][] {
  if (depth > 5 || v === null || typeof v !== 'object') return out;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out.push([...prefix, k]);
    fieldsOf(x, [...prefix, k], out, depth + 1);
  }
  return out;
}

function setAt(obj: unknown, path: string[], value: unknown, del = false): void {
  let cur = obj as Record<string, unknown>;
  for (const k of path.slice(0, -1)) {
    if (cur[k] === null || typeof cur[k] !== 'object') return;
    cur = cur[k] as Record<string, unknown>;
  }
  const last = path.at(-1)!;
  if (del) delete cur[last];
  else cur[last] = value;
}

export const MUTATIONS = [
  'valid',
  'drop_required',
  'wrong_type',
  'hostile_string',
  'unknown_fields',
  'not_an_object',
  'deep_nesting',
  'malformed_json',
  'invalid_utf8',
  'huge_body',
  'wrong_content_type',
  'hostile_path',
  'hostile_query',
  'number_extremes',
  'dates_out_of_range',
  'nul',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Mutations that always make a JSON body unacceptable, for routes where success would reach beyond the test's org */
export const REJECTED_ONLY: Mutation[] = ['drop_required', 'not_an_object', 'malformed_json', 'huge_body', 'wrong_content_type', 'nul'];

const HUGE = 'x'.repeat(2 * 1024 * 1024 + 10);

export function buildRequest(op: Operation, rng: Rng, pools: Pools, mutation: Mutation): FuzzRequest {
  const headers: Record<string, string> = { 'accept-language': pick(rng, ['zh', 'en', 'en-US,en;q=0.9', 'zh-CN', 'xx', '*']) };
  // path
  let url = op.path;
  const hostileParam = mutation === 'hostile_path' && op.params.length > 0 ? pick(rng, op.params) : undefined;
  for (const p of op.params) {
    const ids = pools.idsFor(p, op);
    let v = ids.length && rng.chance(0.85) ? pick(rng, ids) : pick(rng, ID_STRINGS);
    if (p === hostileParam) v = rng.chance(0.5) ? pick(rng, ID_STRINGS) : hostileString(rng).slice(0, rng.chance(0.9) ? 300 : 5000);
    url = url.replace(`{${p}}`, enc(v).replace(/%25(?=[0-9a-f]{2})/gi, rng.chance(0.3) ? '%' : '%25'));
  }
  // query
  const q: string[] = [];
  for (const p of op.query) {
    if (!p.required && !rng.chance(0.5)) continue;
    let v = String(plausible(p.schema, rng, op, pools, p.name) ?? '');
    if (mutation === 'hostile_query' && rng.chance(0.6)) v = rng.chance(0.15) ? 'x'.repeat(2001) : hostileString(rng).slice(0, 3000);
    if (mutation === 'dates_out_of_range' && /from|to|date|since|until|day|month|period/i.test(p.name)) v = pick(rng, DATE_STRINGS);
    if (mutation === 'number_extremes' && /page|size|limit|year|amount|index/i.test(p.name)) v = String(pick(rng, ['-1', '0', '1e308', '99999999999999999999', '1.5', 'NaN']));
    q.push(`${enc(p.name)}=${enc(v)}`);
    if (mutation === 'hostile_query' && rng.chance(0.2)) q.push(`${enc(p.name)}=${enc(v)}`); // repeated: an array
  }
  if (mutation === 'hostile_query' && rng.chance(0.3)) q.push(`${enc(hostileString(rng).slice(0, 50))}=1`, '%zz=1', 'a[b]=1');
  if (q.length) url += `?${q.join('&')}`;

  // body
  let payload: string | Buffer | undefined;
  if (op.body || op.method !== 'GET') {
    const media = op.body?.mediaType ?? 'application/json';
    if (media === 'multipart/form-data') return { op, mutation, method: op.method, url, headers: { ...headers, ...multipartHeaders(rng) }, payload: multipartBody(rng, mutation) };
    headers['content-type'] = 'application/json';
    const schema = op.body?.schema ?? { type: 'object' };
    const value = plausible(schema, rng, op, pools) as Record<string, unknown>;
    const body = value !== null && typeof value === 'object' ? structuredClone(value) : value;
    const fields = fieldsOf(body);
    const required: string[] = schema.required ?? [];
    switch (mutation) {
      case 'drop_required':
        if (body && typeof body === 'object' && required.length) for (const k of required) if (rng.chance(0.7) || k === required[0]) delete (body as Record<string, unknown>)[k];
        payload = JSON.stringify(required.length ? body : [body]);
        break;
      case 'wrong_type':
        for (const f of fields) if (rng.chance(0.4)) setAt(body, f, hostileValue(rng));
        payload = JSON.stringify(fields.length ? body : hostileValue(rng));
        break;
      case 'hostile_string':
      case 'nul':
        for (const f of fields) if (rng.chance(0.5)) setAt(body, f, mutation === 'nul' ? `前${'\u0000'}后` : hostileString(rng));
        if (mutation === 'nul' || !fields.length) setAt(body, [required[0] ?? 'title'], `x\u0000y`);
        payload = JSON.stringify(body);
        break;
      case 'unknown_fields':
        payload = JSON.stringify({ ...(body as object), [hostileString(rng).slice(0, 30) || 'zz']: hostileValue(rng), isAdmin: true, id: pick(rng, ID_STRINGS), status: 'closed' });
        break;
      case 'not_an_object':
        payload = JSON.stringify(pick(rng, [[body], [], 'string', 42, null, true, [[{ a: 1 }]]]));
        break;
      case 'deep_nesting':
        payload = JSON.stringify(rng.chance(0.5) ? deepNesting(rng) : { ...(body as object), [fields[0]?.[0] ?? 'title']: deepNesting(rng) });
        break;
      case 'malformed_json':
        payload = pick(rng, MALFORMED_JSON);
        break;
      case 'invalid_utf8':
        payload = invalidUtf8Body(rng);
        break;
      case 'huge_body':
        payload = rng.chance(0.5) ? JSON.stringify({ ...(body as object), [required[0] ?? 'title']: HUGE }) : `{"title":"${HUGE.slice(0, 1_900_000)}"`;
        break;
      case 'wrong_content_type':
        headers['content-type'] = pick(rng, ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1', 'image/png', '', ';;;']);
        payload = pick(rng, [JSON.stringify(body), 'title=x&content=y', '<a>1</a>', '\u0000\u0001']);
        break;
      case 'number_extremes':
        for (const f of fields) if (typeof getAt(body, f) === 'number' || rng.chance(0.2)) setAt(body, f, pick(rng, [-1, 0, 1e308, -1e308, 1.5, 2 ** 53 + 2, -2147483649]));
        payload = JSON.stringify(body).replace(/1e\+308/, '1e999');
        break;
      case 'dates_out_of_range':
        for (const f of fields) if (/date|on$|at$|until|from|to$|deadline|day/i.test(f.at(-1)!) || rng.chance(0.1)) setAt(body, f, pick(rng, DATE_STRINGS));
        payload = JSON.stringify(body);
        break;
      default:
        payload = JSON.stringify(body ?? {});
    }
    if (!headers['content-type']) delete headers['content-type'];
  }
  return { op, mutation, method: op.method, url, headers, payload };
}

const getAt = (obj: unknown, path: string[]) => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), obj);

const BOUNDARY = '----fuzzboundary7MA4YWxkTrZu0gW';
function multipartHeaders(rng: Rng): Record<string, string> {
  return { 'content-type': pick(rng, [`multipart/form-data; boundary=${BOUNDARY}`, `multipart/form-data; boundary=${BOUNDARY}`, 'multipart/form-data', 'multipart/form-data; boundary=', 'application/json']) };
}

function multipartBody(rng: Rng, mutation: Mutation): Buffer {
  const types = ['image/jpeg', 'image/png', 'text/plain', 'application/pdf', 'text/html', 'application/x-msdownload', 'image/svg+xml', '', 'image/png\r\nX-Evil: 1'];
  const contents = [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]), Buffer.from('<script>alert(1)</script>'), Buffer.alloc(0), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from('MZ\u0090\u0000'), Buffer.from('%PDF-1.4 x')];
  const name = pick(rng, ['a.jpg', '../../etc/passwd', 'a\u0000b.png', 'x'.repeat(400), '照片.png', '"quoted".png', '']);
  const parts: Buffer[] = [];
  const nFields = rng.int(0, 3);
  for (let i = 0; i < nFields; i++) {
    const field = pick(rng, ['code', 'secret', 'stage', 'note', hostileString(rng).slice(0, 20)]);
    const value = rng.chance(0.5) ? hostileString(rng).slice(0, 500) : pick(rng, ['found', 'rectified', 'ABC123', '1234']);
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${value}\r\n`));
  }
  if (mutation !== 'drop_required')
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${pick(rng, types)}\r\n\r\n`),
      mutation === 'huge_body' ? Buffer.alloc(300_000, 1) : pick(rng, contents),
      Buffer.from('\r\n'),
    );
  if (mutation !== 'malformed_json') parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}
