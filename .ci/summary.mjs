// Adds up vitest JSON reports (PGlite and PostgreSQL runs) plus CI step failures into one closing line.
import fs from 'node:fs';

const [, , ...args] = process.argv;
const stepFailures = Number(args.pop() ?? 0);
let passed = 0;
let failed = stepFailures;
for (const file of args) {
  if (!fs.existsSync(file)) {
    console.log(`${file}: missing (the run crashed before reporting)`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.success ? 0 : r.numFailedTests === 0 ? 1 : 0);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
