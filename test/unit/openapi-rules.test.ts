/**
 * "The API says what it enforces" (issue 13): every rule the server checks on an input beyond a field's type is in
 * the OpenAPI document, so an integrator is not surprised by a 400. The rules are declared once
 * (src/core/input-rules.ts); this test proves no check escapes the declaration:
 * - every refinement (zod .refine/.superRefine) inside any route's body, query or params schema is a declared rule
 *   listed in that schema's x-rules;
 * - every declared rule is in the document (a rule a use case checks is listed by the route or action that can throw it);
 * - no code under src/ builds a VALIDATION_FAILED error or a refinement by hand, outside the few generic places named
 *   below with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import '../../src/http/routes/index.js';
import { declaredRules, RULES_KEY } from '../../src/core/input-rules.js';
import { allRoutes, openApiDocument } from '../../src/http/route.js';

type Node = z.ZodType & { _zod: { def: Record<string, unknown> } };
const isSchema = (v: unknown): v is Node => !!v && typeof v === 'object' && '_zod' in v;

/** Every schema node reachable from a route's input, with the refinements it carries. */
function* nodes(root: unknown, where: string, seen = new Set<unknown>()): Generator<{ node: Node; where: string }> {
  if (!isSchema(root) || seen.has(root)) return;
  seen.add(root);
  yield { node: root, where };
  const def = root._zod.def;
  for (const [key, value] of Object.entries(def)) {
    if (key === 'checks') continue;
    if (isSchema(value)) yield* nodes(value, `${where}.${key}`, seen);
    else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* nodes(v, `${where}.${key}[${i}]`, seen);
    else if (key === 'shape' && value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* nodes(v, `${where}.${k}`, seen);
  }
  // a lazy schema (getter) is resolved once
  if (def.type === 'lazy' && typeof def.getter === 'function') yield* nodes((def.getter as () => unknown)(), `${where}.lazy`, seen);
}

const customChecks = (n: Node) => ((n._zod.def.checks as { _zod: { def: { check: string } } }[] | undefined) ?? []).filter((c) => c._zod.def.check === 'custom').length;
const rulesOf = (n: Node) => ((n as unknown as { meta(): Record<string, unknown> | undefined }).meta()?.[RULES_KEY] as string[] | undefined) ?? [];

describe('the OpenAPI document states every input rule the server enforces', () => {
  const doc = openApiDocument();
  const text = JSON.stringify(doc);

  it('every refinement in a route input is a declared rule listed in its schema (x-rules)', () => {
    const undocumented: string[] = [];
    let refined = 0;
    for (const r of allRoutes())
      for (const [part, schema] of [['body', r.body], ['docBody', r.docBody], ['query', r.query], ['params', r.params]] as const)
        for (const { node, where } of nodes(schema, `${r.method} ${r.url} ${part}`)) {
          const n = customChecks(node);
          refined += n;
          if (n > rulesOf(node).length) undocumented.push(`${where}: ${n} refinement(s), ${rulesOf(node).length} rule(s) listed`);
        }
    expect(undocumented).toEqual([]);
    expect(refined, 'the walk finds the refinements (e.g. route: reportBackDays when assigning)').toBeGreaterThan(10);
  });

  it('every declared rule is in the document, by its line', () => {
    const rules = declaredRules();
    expect(rules.length).toBeGreaterThan(20);
    const missing = rules.filter((r) => !text.includes(JSON.stringify(r.line).slice(1, -1))).map((r) => r.line);
    expect(missing).toEqual([]);
  });

  it('信访工作条例 第三十二条 "处理意见书…载明…法律法规依据": the draft-reply action says a 支持 decision needs its legal basis', () => {
    const op = (doc.paths['/api/cases/{id}/actions/draft_reply'] as Record<string, { description?: string; [RULES_KEY]?: string[] }>).post!;
    expect(op[RULES_KEY]?.some((l) => l.startsWith('legalBasis:') && l.includes('第三十二条'))).toBe(true);
    expect(op.description).toContain('legalBasis');
    // and a rule zod checks sits in the body's own schema: 交办 (assign) needs its report-back days (第二十二条第三项)
    const route = (doc.paths['/api/cases/{id}/actions/route'] as Record<string, { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } }>).post!;
    const schema = route.requestBody.content['application/json']!.schema;
    expect((schema[RULES_KEY] as string[]).some((l) => l.startsWith('reportBackDays:'))).toBe(true);
    expect(String(schema.description)).toContain('reportBackDays');
  });

  it('no code builds a VALIDATION_FAILED or a refinement by hand (only the generic places below)', () => {
    /** the generic mechanisms, each documented once for every route (docs/api.md#rules) */
    const GENERIC: Record<string, string> = {
      'src/core/input-rules.ts': 'the declaration itself',
      'src/core/validate.ts': 'zod issues → 400 (the schema is in the document)',
      'src/http/errors.ts': "the framework's own refusals (malformed JSON, bad content type), mapped to 400",
      'src/http/guard.ts': 'NUL and over-long strings, refused for every route (stated in the document info)',
      'src/open311/client.ts': 'reads the code of an error, builds none',
      'src/calendar/year-data.ts': 'src/calendar imports nothing of the app (layer rule); its check is rule days of PUT /api/admin/holiday-years/:year',
    };
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !GENERIC[p]) {
          const src = fs.readFileSync(p, 'utf8');
          src.split('\n').forEach((line, i) => {
            if (/'VALIDATION_FAILED'/.test(line) || /\.(super)?[Rr]efine\(/.test(line)) offenders.push(`${p}:${i + 1}: ${line.trim().slice(0, 120)}`);
          });
        }
      }
    };
    walk('src');
    expect(offenders).toEqual([]);
  });
});
