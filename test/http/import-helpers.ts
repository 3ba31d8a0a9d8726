// Shared by the import tests: a multipart upload, waiting for the job, and a GBK encoder built from the decoder.
import { api, type Call, type Harness, type TestUser } from '../helpers/harness.js';

export function multipart(filename: string, bytes: Buffer, mime = 'application/octet-stream') {
  const boundary = `----minsheng${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(h: Harness, user: TestUser, filename: string, bytes: Buffer): Promise<Call> {
  const m = multipart(filename, bytes);
  const res = await h.app.inject({ method: 'POST', url: '/api/imports', payload: m.payload, headers: { ...m.headers, cookie: user.cookie } });
  let body: any = res.body;
  try {
    body = res.json();
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, res };
}

/** Polls the import until its job has finished; the progress seen on the way is returned too. */
export async function waitFor(h: Harness, user: TestUser, id: string) {
  const seen: number[] = [];
  for (let i = 0; i < 2400; i++) {
    const r = await api(h, user, 'GET', `/api/imports/${id}`);
    if (r.status !== 200) throw new Error(`GET import ${r.status} ${JSON.stringify(r.body)}`);
    seen.push(r.body.progress);
    if (['done', 'rejected', 'failed'].includes(r.body.status)) return { ...r.body, seen };
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error('import did not finish');
}

export async function run(h: Harness, user: TestUser, id: string, mapping: unknown, options: unknown) {
  const s = await api(h, user, 'POST', `/api/imports/${id}/start`, { mapping, options });
  if (s.status !== 202) throw new Error(`start ${s.status} ${JSON.stringify(s.body)}`);
  return waitFor(h, user, id);
}

let gbkTable: Map<string, number[]> | undefined;
/** Node encodes no GBK; invert the decoder over the double-byte range instead (what a Chinese Excel writes). */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbkTable.get(ch);
      if (!bytes) throw new Error(`no GBK for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

/** A summary line per import for the test log: how many rows landed and why the others did not. */
export function report(label: string, r: { counts: Record<string, number>; reasons: { outcome: string; reason: string; rows: number }[] }) {
  const why = r.reasons.map((x) => `    ${x.rows} × ${x.outcome}: ${x.reason}`).join('\n');
  console.log(`[import] ${label}: ${JSON.stringify(r.counts)}\n${why}`);
}
