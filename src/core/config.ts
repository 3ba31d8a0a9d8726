import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  attachmentsDir: string;
  attachmentMaxBytes: number;
  /** absolute lifetime of a session from sign-in (MINSHENG_SESSION_TTL_HOURS) */
  sessionTtlHours: number;
  /** a session unused for this long ends (MINSHENG_SESSION_IDLE_MINUTES) */
  sessionIdleMinutes: number;
  /** Cookies marked Secure only when served behind TLS; a plain-http demo on localhost would lose them otherwise. */
  secureCookies: boolean;
  logLevel: string;
  /** early warnings: at these fractions of a deadline's time, and these many hours before it */
  warnFractions: number[];
  warnHoursBefore: number[];
  /** a unit that returns (退单) this many assignments within 30 days gets a supervision item (督查督办, 多次退单) */
  supervisionRepeatedReturns: number;
  /** weights and limits the metric definitions read (src/analytics/metrics.ts, docs/metrics.md) */
  metrics: MetricSettings;
  /** login lockout, CSRF origins, idempotency (docs/security.md) */
  security: SecuritySettings;
  /** periodic reports (src/reports, docs/reports.md) */
  reports: ReportSettings;
  /** dashboards: identical requests share one answer for this many seconds (src/analytics/answer-cache.ts); 0 = off */
  dashboardCacheSeconds: number;
  /** closed matters older than this many years are anonymised (src/retention, docs/security.md "Retention"); null: off */
  retentionYears: number | null;
}

export interface ReportSettings {
  /** in a public report (公开版) a count from 1 to this − 1 is shown as "<k", a rate on a smaller denominator as "—" */
  suppressBelow: number;
  /** the weekly, monthly and quarterly reports of the top unit are made by the schedule (MINSHENG_REPORT_SCHEDULE=0 switches it off) */
  schedule: boolean;
  /** a unit with fewer than this in a rate's denominator is listed apart, not ranked */
  rankMinCount: number;
}

export interface SecuritySettings {
  /** wrong passwords for one username within the window that lock it */
  loginMaxFailures: number;
  /** wrong passwords from one client IP (any usernames) within the window that lock that IP */
  loginMaxFailuresPerIp: number;
  loginWindowMinutes: number;
  loginLockMinutes: number;
  /** origins besides the server's own from which cookie-authenticated state changes are accepted */
  allowedOrigins: string[];
  /** how long an Idempotency-Key is remembered */
  idempotencyHours: number;
}

export function loadSecuritySettings(env: NodeJS.ProcessEnv = process.env): SecuritySettings {
  const positive = (name: string, fallback: number) => {
    const n = int(env, name, fallback);
    if (n < 1) throw new Error(`${name} must be a positive integer, got "${env[name]}"`);
    return n;
  };
  const origins = (env.MINSHENG_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of origins)
    if (!/^https?:\/\/[^/\s]+$/.test(o)) throw new Error(`MINSHENG_ALLOWED_ORIGINS must list origins like https://xf.example.gov.cn, got "${o}"`);
  return {
    loginMaxFailures: positive('MINSHENG_LOGIN_MAX_FAILURES', 5),
    loginMaxFailuresPerIp: positive('MINSHENG_LOGIN_MAX_FAILURES_PER_IP', 20),
    loginWindowMinutes: positive('MINSHENG_LOGIN_WINDOW_MINUTES', 15),
    loginLockMinutes: positive('MINSHENG_LOGIN_LOCK_MINUTES', 15),
    allowedOrigins: origins,
    idempotencyHours: positive('MINSHENG_IDEMPOTENCY_HOURS', 24),
  };
}

/** Configuration of the metrics: weights are settings, never constants inside a query. */
export interface MetricSettings {
  /** 响应率: a hotline dispatch counts as answered when signed for within this many hours */
  responseHours: number;
  /** 解决率: weight of a return visit answering 部分解决 (解决 counts 1, 未解决 0) */
  partlySolvedWeight: number;
  /** 满意率: weights of 满意 and 基本满意 (不满意 counts 0) */
  satisfiedWeight: number;
  basicallySatisfiedWeight: number;
  /** the composite score of 响应率, 解决率, 满意率: relative weights (only their ratio matters) */
  composite: { response: number; resolution: number; satisfaction: number };
  /**
   * Rankings (排名): a unit whose denominator for the ranked metric is below this is listed as not ranked, so that
   * 100% of 2 cases never outranks 98% of 2,000 (docs/dashboards.md)
   */
  rankingMinCount: number;
}

function numbers(env: NodeJS.ProcessEnv, name: string, fallback: number[], valid: (n: number) => boolean): number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const list = raw.split(',').map((x) => Number(x.trim()));
  if (list.some((n) => !Number.isFinite(n) || !valid(n))) throw new Error(`${name} must be a comma-separated list of numbers, got "${raw}"`);
  return list;
}

function fraction(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${name} must be a number from 0 to 1, got "${raw}"`);
  return n;
}

function compositeWeights(env: NodeJS.ProcessEnv): MetricSettings['composite'] {
  const name = 'MINSHENG_METRIC_COMPOSITE_WEIGHTS';
  const list = numbers(env, name, [30, 35, 35], (n) => n >= 0);
  if (list.length !== 3 || list.reduce((a, b) => a + b, 0) <= 0)
    throw new Error(`${name} must be three non-negative weights (响应率,解决率,满意率) with a positive sum, e.g. "30,35,35", got "${env[name]}"`);
  return { response: list[0]!, resolution: list[1]!, satisfaction: list[2]! };
}

export function loadMetricSettings(env: NodeJS.ProcessEnv = process.env): MetricSettings {
  const hours = int(env, 'MINSHENG_METRIC_RESPONSE_HOURS', 24);
  if (hours < 1 || hours > 720) throw new Error(`MINSHENG_METRIC_RESPONSE_HOURS must be from 1 to 720, got "${env.MINSHENG_METRIC_RESPONSE_HOURS}"`);
  return {
    responseHours: hours,
    partlySolvedWeight: fraction(env, 'MINSHENG_METRIC_PARTLY_SOLVED_WEIGHT', 0.5),
    satisfiedWeight: fraction(env, 'MINSHENG_METRIC_SATISFIED_WEIGHT', 1),
    basicallySatisfiedWeight: fraction(env, 'MINSHENG_METRIC_BASICALLY_SATISFIED_WEIGHT', 1),
    composite: compositeWeights(env),
    rankingMinCount: rankingMinCount(env),
  };
}

function rankingMinCount(env: NodeJS.ProcessEnv): number {
  const raw = env.MINSHENG_METRIC_RANKING_MIN_COUNT;
  if (raw === undefined || raw.trim() === '') return 10;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new Error(`MINSHENG_METRIC_RANKING_MIN_COUNT must be an integer from 0 to 100000, got "${raw}"`);
  return n;
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
    sessionTtlHours: Math.max(1, int(env, 'MINSHENG_SESSION_TTL_HOURS', 7 * 24)),
    sessionIdleMinutes: Math.max(1, int(env, 'MINSHENG_SESSION_IDLE_MINUTES', 8 * 60)),
    secureCookies: env.MINSHENG_SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL || 'info',
    warnFractions: numbers(env, 'MINSHENG_WARN_AT', [0.8], (n) => n > 0 && n < 1),
    warnHoursBefore: numbers(env, 'MINSHENG_WARN_HOURS_BEFORE', [24], (n) => n > 0),
    supervisionRepeatedReturns: Math.max(1, int(env, 'MINSHENG_SUPERVISION_REPEATED_RETURNS', 3)),
    metrics: loadMetricSettings(env),
    security: loadSecuritySettings(env),
    reports: {
      suppressBelow: Math.max(1, int(env, 'MINSHENG_REPORT_SUPPRESS_BELOW', 5)),
      schedule: env.MINSHENG_REPORT_SCHEDULE !== '0',
      rankMinCount: Math.max(1, int(env, 'MINSHENG_REPORT_RANK_MIN', 5)),
    },
    retentionYears: retentionYears(env),
    dashboardCacheSeconds: int(env, 'MINSHENG_DASHBOARD_CACHE_SECONDS', 30),
  };
}

/** MINSHENG_RETENTION_YEARS: unset or 0 is off (the default: anonymising is irreversible and the term is the office's archive rule) */
function retentionYears(env: NodeJS.ProcessEnv): number | null {
  const n = int(env, 'MINSHENG_RETENTION_YEARS', 0);
  if (n > 100) throw new Error(`MINSHENG_RETENTION_YEARS must be a number of years from 1 to 100 (0 or unset: off), got "${env.MINSHENG_RETENTION_YEARS}"`);
  return n === 0 ? null : n;
}
