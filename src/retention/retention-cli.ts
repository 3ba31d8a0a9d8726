/**
 * `minsheng retention run [--dry-run] [--years N]`: anonymises the matters finished more than N years ago
 * (MINSHENG_RETENTION_YEARS, or --years); --dry-run counts what it would do and changes nothing.
 */
import type { Deps } from '../workflow/deps.js';
import { runRetention, type RetentionResult } from './anonymise.js';

const USAGE = 'usage: minsheng retention run [--dry-run] [--years N]   (N defaults to MINSHENG_RETENTION_YEARS)';

export function describeRetention(r: RetentionResult): string {
  const verb = r.dryRun ? 'would anonymise' : 'anonymised';
  return (
    `retention${r.dryRun ? ' (dry run, nothing changed)' : ''}: ${verb} ${r.matters.case} cases, ${r.matters.dispute} disputes, ` +
    `${r.matters.hazard} hazards finished before ${r.cutoff.toISOString().slice(0, 10)} (${r.years} years); ` +
    `${r.petitionersAnonymised} petitioners' personal data removed, ${r.petitionersKept} kept for matters still within retention; ` +
    `${r.attachments} attachments cleared, ${r.filesDeleted} files deleted`
  );
}

export async function runRetentionCommand(deps: Deps, argv: string[], log: (s: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'run') {
    log(USAGE);
    return 2;
  }
  const i = rest.indexOf('--years');
  const years = i >= 0 ? Number(rest[i + 1]) : deps.config.retentionYears;
  if (years === null) {
    log('retention is off: set MINSHENG_RETENTION_YEARS (or pass --years N) to anonymise matters finished more than N years ago');
    return 2;
  }
  if (!Number.isInteger(years) || years < 1 || years > 100) {
    log(USAGE);
    return 2;
  }
  log(describeRetention(await runRetention(deps, { years, dryRun: rest.includes('--dry-run') })));
  return 0;
}
