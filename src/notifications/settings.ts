/**
 * Notification settings, only from environment variables (docs/notifications.md "配置 / Configuration"). A channel
 * whose adapter is not configured on a node is not sent by that node: its notices wait in the outbox.
 */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it */
  secure: boolean;
  user: string | undefined;
  pass: string | undefined;
  from: string;
  /** refuse to send without STARTTLS */
  requireTls: boolean;
}

export interface NotificationSettings {
  /** the address the tracking link starts with */
  publicUrl: string;
  smtp: SmtpSettings | null;
  /** 'log': the logging provider (writes what it would send to notification_sms_log); unset: no SMS from this node */
  smsProvider: 'log' | null;
  /** attempts in all before a notice is failed, and the base of the exponential backoff in seconds */
  maxAttempts: number;
  retryBaseSeconds: number;
  /** how often the pump looks for new notices; one attempt's timeout */
  pumpMs: number;
  timeoutMs: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

export function loadNotificationSettings(env: NodeJS.ProcessEnv = process.env): NotificationSettings {
  const host = env.MINSHENG_SMTP_HOST?.trim();
  const sms = env.MINSHENG_SMS_PROVIDER?.trim() || null;
  if (sms !== null && sms !== 'log') throw new Error(`MINSHENG_SMS_PROVIDER must be "log" (or unset); a real gateway plugs in as an SmsProvider (src/notifications/adapters.ts), got "${sms}"`);
  const secure = env.MINSHENG_SMTP_SECURE === '1';
  return {
    publicUrl: (env.MINSHENG_PUBLIC_URL?.trim() || `http://127.0.0.1:${env.PORT || 3000}`).replace(/\/+$/, ''),
    smtp: host
      ? {
          host,
          port: int(env, 'MINSHENG_SMTP_PORT', secure ? 465 : 587, 1, 65535),
          secure,
          user: env.MINSHENG_SMTP_USER || undefined,
          pass: env.MINSHENG_SMTP_PASS || undefined,
          from: env.MINSHENG_SMTP_FROM?.trim() || `民声信访平台 <no-reply@${host}>`,
          requireTls: env.MINSHENG_SMTP_REQUIRE_TLS === '1',
        }
      : null,
    smsProvider: sms,
    maxAttempts: int(env, 'MINSHENG_NOTIFY_MAX_ATTEMPTS', 8, 1, 20),
    retryBaseSeconds: int(env, 'MINSHENG_NOTIFY_RETRY_SECONDS', 60, 1, 3600),
    pumpMs: int(env, 'MINSHENG_NOTIFY_PUMP_MS', 5000, 100, 600_000),
    timeoutMs: int(env, 'MINSHENG_NOTIFY_TIMEOUT_MS', 15_000, 1000, 120_000),
  };
}
