import fs from 'node:fs';
import { renderLifecycleMarkdown } from '../src/cases/lifecycle-doc.js';

fs.writeFileSync(new URL('../docs/lifecycle.md', import.meta.url), renderLifecycleMarkdown());
console.log('docs/lifecycle.md written');
