/**
 * The channels' adapters. A notice is handed to the adapter of its channel; the adapter answers the provider's name
 * and message id, which the outbox records as proof of how it went out, or throws, and the job retries.
 * - e-mail: SMTP through nodemailer (any office mail server);
 * - SMS: an SmsProvider. Real gateways (运营商短信网关, 云短信) differ in API and contract, so each is one small class
 *   implementing this interface; the logging provider writes what it would send to notification_sms_log, for the demo,
 *   the tests, and an office that sends its texts by hand from that list.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { withDbActor } from '../db/actor-context.js';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { NotificationSettings, SmtpSettings } from './settings.js';
import './tables.js';

export interface OutgoingNotice {
  id: string;
  caseId: string;
  address: string;
  subject: string;
  body: string;
}

export interface Sent {
  provider: string;
  messageId: string;
}

export interface ChannelAdapter {
  send(n: OutgoingNotice, db: Kysely<DB>): Promise<Sent>;
}

/** What an SMS gateway implements: one text to one phone number, answering the gateway's message id. */
export type SmsProvider = ChannelAdapter;

export interface Adapters {
  sms?: ChannelAdapter;
  email?: ChannelAdapter;
}

export class LoggingSmsProvider implements SmsProvider {
  async send(n: OutgoingNotice, db: Kysely<DB>): Promise<Sent> {
    const messageId = `log-${randomUUID()}`;
    await withDbActor(db, { kind: 'system' }, (tx) =>
      tx.insertInto('notification_sms_log').values({ notification_id: n.id, case_id: n.caseId, phone: n.address, text: n.body, message_id: messageId }).execute(),
    );
    return { provider: 'sms-log', messageId };
  }
}

export class SmtpMailer implements ChannelAdapter {
  private readonly transport;
  constructor(
    private readonly s: SmtpSettings,
    timeoutMs = 15_000,
  ) {
    this.transport = nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure,
      requireTLS: s.requireTls,
      auth: s.user ? { user: s.user, pass: s.pass ?? '' } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(n: OutgoingNotice): Promise<Sent> {
    const info = await this.transport.sendMail({ from: this.s.from, to: n.address, subject: n.subject, text: n.body, headers: { 'X-Minsheng-Notification': n.id } });
    return { provider: `smtp:${this.s.host}`, messageId: String(info.messageId) };
  }

  close(): void {
    this.transport.close();
  }
}

/** The adapters this node's settings configure (none when nothing is set: the outbox then only fills). */
export function adaptersFrom(s: NotificationSettings): Adapters {
  return {
    ...(s.smsProvider === 'log' ? { sms: new LoggingSmsProvider() } : {}),
    ...(s.smtp ? { email: new SmtpMailer(s.smtp, s.timeoutMs) } : {}),
  };
}
