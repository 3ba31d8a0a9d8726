import fs from 'node:fs';
import { renderMetricsMarkdown } from '../src/analytics/metrics-doc.js';

// docs/metrics.md from the metric registry; test/unit/metrics.test.ts fails when it is stale
fs.writeFileSync(new URL('../docs/metrics.md', import.meta.url), renderMetricsMarkdown());
console.log('docs/metrics.md written');
