import fs from 'node:fs';
import { WORKFLOW_DOCS } from './workflows.js';

for (const w of WORKFLOW_DOCS) {
  fs.writeFileSync(new URL(`../${w.doc}`, import.meta.url), w.render());
  console.log(`${w.doc} written`);
}
