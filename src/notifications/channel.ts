/**
 * The channel a citizen is told by (docs/notifications.md). The citizen chooses it at registration; it is stored with
 * their personal data (petitioners.notify_channel, shielded by 0015_rls.sql). Without a choice: SMS if a phone was
 * given, else e-mail if an e-mail was given, else none. The outbox trigger of 0023_notifications.sql applies this rule.
 */
import { maskAddress, maskEmail, maskPhone } from '../cases/petitioner-access.js';

export const NOTIFY_CHANNELS = ['sms', 'email', 'none', 'post'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** A notice's address as a reader without the right to personal data sees it (the same masks as the case's parties). */
export const maskAddressOf = (channel: string, address: string) => (channel === 'sms' ? maskPhone(address) : channel === 'email' ? maskEmail(address) : maskAddress(address));
