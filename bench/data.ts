import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

// The shared data sets are read in place and never copied into the repository (licence unknown).
export const DATA_DIR = fileURLToPath(new URL('../../shared/data/tipdm2020-c-smart-gov/', import.meta.url));

export function readJsonl(name: string): Record<string, string>[] {
  return readFileSync(DATA_DIR + name, 'utf8').split('\n').filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, string>);
}

/** Trims the scrape's leading tabs/newlines and full-width spaces. */
export const clean = (s: string | undefined): string => (s ?? '').replace(/[\s\u3000]+/g, ' ').trim();

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'cpu';
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Prints rows as a Markdown table (pasted as is into bench/README.md). */
export function table(header: string[], rows: (string | number)[][]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}
