// Locates the read-only shared data set next to the repo (../shared/data from the repo root).
// It is read at run time and never copied into the repo.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function sharedDataPath(...parts: string[]): string {
  return path.resolve(repoRoot, '../shared/data', ...parts);
}

export function sharedDataPresent(file: string): boolean {
  const present = existsSync(file);
  if (!present) console.warn(`[calendar tests] SKIPPED cross-check: shared data file not found at ${file}`);
  return present;
}
