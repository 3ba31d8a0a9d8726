/**
 * Hostile values for the fuzzer (test/http/fuzz.test.ts): what an attacker, a broken client or a bad import sends.
 * Every list is fixed, so a run is reproduced from its seed alone.
 */
import { Rng } from '../../src/seed/random.js';

export { Rng };

export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng.next() * list.length)]!;

export const INJECTION_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE cases; --",
  '1; SELECT pg_sleep(5)--',
  "\\'; COPY cases TO '/tmp/x'; --",
  '" OR ""="',
  "admin'--",
  '%27%20OR%201=1',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '<svg/onload=alert(1)>',
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '\\\\server\\share',
  '$(rm -rf /)',
  '`id`',
  '__proto__',
  'constructor',
  '\u202e\u0644\u0627 RTL',
  '😀👍🏽‍🔥',
  '\ud800',
  '\udfff\ud800',
  '\uffff\ufffe',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m',
  '\r\nSet-Cookie: x=1',
  ' ',
  '',
  '   \t\n',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e999',
  '0x7fffffff',
  '９９',
  '张三丰'.repeat(3),
];

export const DATE_STRINGS = [
  '0000-01-01',
  '0001-01-01',
  '1900-01-01',
  '1969-12-31T23:59:59Z',
  '2050-02-30',
  '2050-13-01',
  '2050-00-10',
  '2050-03-02T25:61:61Z',
  '2050-03-02T02:00:00+25:00',
  '9999-12-31',
  '10000-01-01',
  '275760-09-14',
  '-001000-01-01',
  '+275760-09-13T00:00:00.000Z',
  '2050-3-2',
  '20500302',
  '2050/03/02',
  'yesterday',
];

export const NUMBERS: unknown[] = [
  -1, 0, -0, 1.5, -2147483649, 2147483648, 9007199254740993, 1e308, -1e308, 5e-324, 123456789012345678901234567890,
];

export const ID_STRINGS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '0',
  '-1',
  '99999999999999999999999',
  '9223372036854775808',
  '1.5',
  '1e3',
  'abc',
  "1' OR '1'='1",
  '%00',
  '..',
  '%2e%2e%2f',
  'x'.repeat(99),
  'x'.repeat(101),
];

/** A string that is hostile in some way */
export function hostileString(rng: Rng): string {
  const r = rng.next();
  if (r < 0.55) return pick(rng, INJECTION_STRINGS);
  if (r < 0.7) return pick(rng, DATE_STRINGS);
  if (r < 0.8) return pick(rng, ID_STRINGS);
  if (r < 0.9) return 'x'.repeat(pick(rng, [201, 501, 2001, 20001, 100_001]));
  return '很'.repeat(pick(rng, [101, 1001, 10_001]));
}

/** A value of any JSON type, hostile for a field of another type */
export function hostileValue(rng: Rng, depth = 0): unknown {
  const r = rng.next();
  if (r < 0.35) return hostileString(rng);
  if (r < 0.55) return pick(rng, NUMBERS);
  if (r < 0.62) return pick(rng, [true, false, null]);
  if (r < 0.75) return depth > 2 ? [] : [hostileValue(rng, depth + 1), hostileValue(rng, depth + 1)];
  if (r < 0.85) return depth > 2 ? {} : { [hostileString(rng).slice(0, 40)]: hostileValue(rng, depth + 1) };
  if (r < 0.92) return Array.from({ length: pick(rng, [0, 1, 50, 1000]) }, () => 'a');
  return JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}');
}

/** Nested arrays or objects deeper than any input has */
export function deepNesting(rng: Rng): unknown {
  const depth = pick(rng, [70, 500, 3000]);
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = rng.chance(0.5) ? [v] : { a: v };
  return v;
}

/** Raw bodies that are not JSON at all, or broken JSON */
export const MALFORMED_JSON = [
  '{',
  '{"a":',
  '{"title": "x",}',
  "{'title': 'x'}",
  '[1,2,',
  'nul',
  'NaN',
  '{"a":1}{"b":2}',
  '{"a": 1e999}',
  '{"a": -}',
  '\ufeff{"a":1}',
  '{"a":"\\u00"}',
  '{"a":"\\ud800"}',
  '{"__proto__": {"x": 1}}',
  '{"constructor": {"prototype": {"x": 1}}}',
  '"just a string"',
  '12345',
  'true',
  '<xml><a>1</a></xml>',
  '',
  ' ',
];

/** Bytes that are not valid UTF-8, inside an otherwise valid JSON document */
export function invalidUtf8Body(rng: Rng): Buffer {
  const bad = pick(rng, [
    [0xc3, 0x28],
    [0xa0, 0xa1],
    [0xe2, 0x28, 0xa1],
    [0xf0, 0x28, 0x8c, 0xbc],
    [0xf8, 0xa1, 0xa1, 0xa1, 0xa1],
    [0xff, 0xfe, 0xfd],
    [0xed, 0xa0, 0x80],
    [0xc0, 0x80],
  ]);
  return Buffer.concat([Buffer.from('{"title":"'), Buffer.from(bad), Buffer.from('","content":"'), Buffer.from(bad), Buffer.from('内容"}')]);
}
