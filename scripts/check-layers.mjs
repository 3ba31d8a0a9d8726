#!/usr/bin/env node
// The layer rule of docs/architecture.md, checked by dependency-cruiser: `npm run check:layers`.
// Prints every offending import as `file → imported file (rule)` and exits 1 if there is one.
//
// Layers, top to bottom; nothing imports a layer above its own:
//   1. composition roots: src/http/, src/jobs/, src/seed/, src/cli.ts, src/bootstrap.ts, src/hooks.ts — import anything
//   2. use cases: src/cases/, src/intel/, src/attachments/, the registers, src/open311/, src/interop/, src/webhooks/ — may import each other
//   3. shared services: src/workflow/, src/clocks/, src/audit/, src/org/
//   4. foundations: src/db/, src/core/, src/calendar/, src/text/ (calendar and text import nothing else of the app)
// Type-only imports count too (`import type` couples layers as much as a value import does), except web/ → src/.
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { fileURLToPath } from 'node:url';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const folders = (...names) => `^src/(${names.join('|')})/`;
const ROOTS = ['^src/(http|jobs|seed)/', '^src/(cli|bootstrap|hooks)[.]ts$'];
const USE_CASES = folders('cases', 'intel', 'attachments', 'visits', 'supervision', 'mediation', 'hazards', 'analytics', 'open311', 'reports', 'retention', 'interop', 'webhooks', 'documents', 'notifications', 'reception', 'coordination', 'campaigns', 'replyboard', 'units');
const SERVICES = folders('workflow', 'clocks', 'audit', 'org');
const FOUNDATIONS = folders('db', 'core', 'calendar', 'text');
const ALL_LAYERS = [...ROOTS, USE_CASES, SERVICES, FOUNDATIONS];

// Imports that break the rule today and are being fixed: exact file → file pairs (regular expressions), each with
// why and until when. Keep this empty; an entry that no longer matches anything is reported so it gets removed.
const TEMPORARY_ALLOWANCES = [
  // { from: '^src/clocks/sweep[.]ts$', to: '^src/cases/events[.]ts$', why: 'until the event writer moves to src/workflow/' },
];

const forbidden = [
  { name: 'use-case-imports-composition-root', comment: 'use cases never import a composition root (src/http, src/jobs, src/seed, src/cli.ts, src/bootstrap.ts, src/hooks.ts)',
    from: { path: USE_CASES }, to: { path: ROOTS } },
  { name: 'service-imports-upward', comment: 'shared services (workflow, clocks, audit, org) import no use case and no composition root',
    from: { path: SERVICES }, to: { path: [...ROOTS, USE_CASES] } },
  { name: 'foundation-imports-upward', comment: 'foundations (db, core, calendar, text) import only foundations',
    from: { path: FOUNDATIONS }, to: { path: [...ROOTS, USE_CASES, SERVICES] } },
  { name: 'calendar-text-import-no-app', comment: 'src/calendar and src/text import only their own folder and npm packages',
    from: { path: '^src/(calendar|text)/' }, to: { path: '^src/', pathNot: '^src/$1/' } },
  { name: 'src-imports-web-or-test', comment: 'src/ never imports web/ or test/',
    from: { path: '^src/' }, to: { path: '^(web|test)/' } },
  { name: 'web-imports-src-at-runtime', comment: 'web/ imports src/ only with `import type`',
    from: { path: '^web/' }, to: { path: '^src/', dependencyTypesNot: ['type-only', 'type-import'] } },
  { name: 'unresolved-local-import', comment: 'a relative import the checker cannot resolve cannot be checked',
    from: { path: '^(src|web)/' }, to: { couldNotResolve: true, path: '^[.]' } },
  { name: 'outside-the-layers', severity: 'warn', comment: 'a file under src/ in no layer: add its folder to a layer in scripts/check-layers.mjs',
    from: { path: '^src/', pathNot: ALL_LAYERS }, to: { path: '^src/' } },
].map((rule) => ({ severity: 'error', ...rule }));

const tsConfig = 'tsconfig.json';
const { output } = await cruise(
  ['src', 'web'],
  {
    validate: true,
    ruleSet: { forbidden },
    tsConfig: { fileName: tsConfig },
    tsPreCompilationDeps: true, // see type-only imports, which the compiled JavaScript no longer has
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^web/dist/' },
  },
  {},
  { tsConfig: extractTSConfig(tsConfig) },
);

// Without the TypeScript compiler dependency-cruiser skips .ts files silently; an empty cruise is no pass.
const tsModules = output.modules.filter((m) => /^src\/.*\.ts$/.test(m.source) && m.dependencies.length > 0);
if (tsModules.length === 0) {
  console.error('layer rule: no TypeScript module under src/ was read (is the typescript package installed?)');
  process.exit(2);
}

const comments = new Map(forbidden.map((r) => [r.name, r.comment]));
const violations = output.summary.violations;
const allowance = (v) => TEMPORARY_ALLOWANCES.find((a) => new RegExp(a.from).test(v.from) && new RegExp(a.to).test(v.to));
const allowed = violations.filter((v) => v.rule.severity === 'error' && allowance(v));
const errors = violations.filter((v) => v.rule.severity === 'error' && !allowance(v));
const warnings = violations.filter((v) => v.rule.severity === 'warn');
const line = (v) => `  ${v.from} → ${v.to} (${v.rule.name})`;

if (warnings.length > 0) {
  console.log(`layer rule: ${warnings.length} warning(s)`);
  for (const v of warnings) console.log(line(v));
}
for (const v of allowed) console.log(`layer rule: allowed for now: ${line(v).trim()} — ${allowance(v).why}`);
for (const a of TEMPORARY_ALLOWANCES.filter((a) => !allowed.some((v) => allowance(v) === a))) {
  console.log(`layer rule: the allowance ${a.from} → ${a.to} matches nothing any more; remove it from scripts/check-layers.mjs`);
}
if (errors.length > 0) {
  console.log(`layer rule: ${errors.length} forbidden import(s)`);
  for (const v of errors) console.log(line(v));
  console.log('\nrules broken (docs/architecture.md, "Layers"):');
  for (const name of new Set(errors.map((v) => v.rule.name))) console.log(`  ${name}: ${comments.get(name)}`);
  process.exit(1);
}
console.log(`layer rule: ok (${output.summary.totalCruised} modules, ${output.summary.totalDependenciesCruised} imports)`);
