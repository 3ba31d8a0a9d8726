/**
 * POST requests: a GeoReport v2 service request becomes a case registered through the one registration use case
 * (channel 'api'), in the key's unit. The submitter's first_name, last_name, email and phone become the petitioner —
 * shielded like every petitioner and never part of any GET answer; device_id and account_id are not kept.
 */
import { newToken } from '../core/ids.js';
import type { Lang } from '../core/i18n.js';
import { registerCase } from '../cases/register-case.js';
import type { RequestMeta } from '../org/actor.js';
import type { Deps } from '../workflow/deps.js';
import { bad } from './errors.js';
import { verifyApiKey } from './keys.js';
import { checkAttributes, serviceByCode } from './services.js';
import type { Rec } from './format.js';

/** A form body as the parser hands it over: every field a list of its values (src/http/form-body.ts) */
export type Form = Record<string, string[]>;

const one = (f: Form, name: string): string | undefined => {
  const v = f[name];
  if (!v || v.length === 0) return undefined;
  if (v.length > 1) throw bad(`${name}: given more than once`);
  const s = v[0]!.trim();
  return s === '' ? undefined : s;
};

/** attribute[code]=v and attribute[code][]=v (multivaluelist) */
export function attributesOfForm(f: Form): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, vals] of Object.entries(f)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (!m) continue;
    out[m[1]!] = m[2] ? vals : vals.length === 1 ? vals[0]! : vals;
  }
  return out;
}

function coordinate(s: string | undefined, name: string, max: number): number | undefined {
  if (s === undefined) return undefined;
  if (!/^-?\d{1,3}(\.\d+)?$/.test(s) || Math.abs(Number(s)) > max) throw bad(`${name}: not a WGS84 coordinate`);
  return Number(s);
}

const CJK = /[\u3400-\u9fff]/;

/** Chinese names are family name first (last_name + first_name), others "first last" */
function personName(first?: string, last?: string): string | undefined {
  if (!first && !last) return undefined;
  const both = [first, last].filter(Boolean) as string[];
  return CJK.test(both.join('')) ? `${last ?? ''}${first ?? ''}` : both.join(' ');
}

export async function submitRequest(deps: Deps, args: { form: Form; meta: RequestMeta; lang: Lang }): Promise<Rec[]> {
  const f = args.form;
  const key = await verifyApiKey(deps, one(f, 'api_key'));
  const code = one(f, 'service_code');
  if (!code) throw bad('service_code: required');
  const svc = await serviceByCode(deps.db, code);
  const lat = coordinate(one(f, 'lat'), 'lat', 90);
  const long = coordinate(one(f, 'long'), 'long', 180);
  if ((lat === undefined) !== (long === undefined)) throw bad('lat and long: give both');
  const addressString = one(f, 'address_string');
  const addressId = one(f, 'address_id');
  if (lat === undefined && !addressString && !addressId) throw bad('a location is required: lat and long, address_string or address_id');
  if (addressString && addressString.length > 500) throw bad('address_string: at most 500 characters');
  if (addressId && addressId.length > 100) throw bad('address_id: at most 100 characters');
  const description = one(f, 'description');
  if (description && [...description].length > 4000) throw bad('description: at most 4,000 characters');
  const mediaUrl = one(f, 'media_url');
  if (mediaUrl && (mediaUrl.length > 2000 || !/^https?:\/\/[^\s]+$/i.test(mediaUrl))) throw bad('media_url: an http(s) URL');
  const { answers, lines } = await checkAttributes(deps.db, svc.id, attributesOfForm(f));

  const name = personName(one(f, 'first_name'), one(f, 'last_name'));
  const email = one(f, 'email');
  const phone = one(f, 'phone');
  const hasContact = Boolean(name || email || phone);
  const location = addressString ?? (lat !== undefined ? `${lat},${long}` : `address_id ${addressId}`);
  const summary = description ? `${svc.name}：${[...description].slice(0, 40).join('')}` : svc.name;
  const content = [description ?? `${svc.name}（Open311）`, ...lines, `位置 / location: ${location}`, ...(mediaUrl ? [`media_url: ${mediaUrl}`] : [])].join('\n');
  const token = newToken();

  const r = await registerCase(deps, {
    actor: { kind: 'system', job: 'open311' },
    meta: args.meta,
    lang: args.lang,
    intakeUnitId: key.unitId,
    input: {
      channel: 'api',
      categoryId: svc.id,
      title: [...summary].slice(0, 200).join('').padEnd(2, '。'),
      content: content.padEnd(5, '。'),
      location: [...location].slice(0, 500).join(''),
      anonymous: !hasContact,
      ...(hasContact ? { petitioner: { name: name ?? '（未留姓名）', ...(email ? { email } : {}), ...(phone ? { phone } : {}) } } : {}),
    },
    inTx: async (tx, caseId) => {
      await tx
        .insertInto('open311_requests')
        .values({ case_id: caseId, token, api_key_id: key.id, service_code: svc.code, lat: lat ?? null, long: long ?? null, address_string: addressString ?? null, address_id: addressId ?? null, media_url: mediaUrl ?? null, attributes: JSON.stringify(answers) })
        .execute();
    },
  });
  const route = deps.clocks.rule('route');
  const notice =
    args.lang === 'en'
      ? `Registered as ${r.regNo}; the petition office routes it within ${route.amount} days (${route.source}).`
      : `已登记（${r.regNo}），信访部门将在${route.amount}日内转送、交办（${route.source}）。`;
  return [{ service_request_id: r.regNo, token, service_notice: notice }];
}
