import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  attachmentsDir: string;
  attachmentMaxBytes: number;
  sessionTtlHours: number;
  /** Cookies marked Secure only when served behind TLS; a plain-http demo on localhost would lose them otherwise. */
  secureCookies: boolean;
  logLevel: string;
  /** early warnings: at these fractions of a deadline's time, and these many hours before it */
  warnFractions: number[];
  warnHoursBefore: number[];
  /** a unit that returns (退单) this many assignments within 30 days gets a supervision item (督查督办, 多次退单) */
  supervisionRepeatedReturns: number;
}

function numbers(env: NodeJS.ProcessEnv, name: string, fallback: number[], valid: (n: number) => boolean): number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const list = raw.split(',').map((x) => Number(x.trim()));
  if (list.some((n) => !Number.isFinite(n) || !valid(n))) throw new Error(`${name} must be a comma-separated list of numbers, got "${raw}"`);
  return list;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.MINSHENG_DATA_DIR || './data');
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    attachmentsDir: path.resolve(env.MINSHENG_ATTACHMENTS_DIR || path.join(dataDir, 'attachments')),
    attachmentMaxBytes: int(env, 'MINSHENG_ATTACHMENT_MAX_BYTES', 20 * 1024 * 1024),
    sessionTtlHours: int(env, 'MINSHENG_SESSION_TTL_HOURS', 12),
    secureCookies: env.MINSHENG_SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL || 'info',
    warnFractions: numbers(env, 'MINSHENG_WARN_AT', [0.8], (n) => n > 0 && n < 1),
    warnHoursBefore: numbers(env, 'MINSHENG_WARN_HOURS_BEFORE', [24], (n) => n > 0),
    supervisionRepeatedReturns: Math.max(1, int(env, 'MINSHENG_SUPERVISION_REPEATED_RETURNS', 3)),
  };
}
