import { randomBytes, randomInt, createHash } from 'node:crypto';

// Without 0/O/1/I/L so a code read over the phone is not misheard.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** Citizen tracking code: short enough to read on the phone, with a check character. */
export function newTrackingCode(): string {
  const body = randomCode(9);
  return `${body.slice(0, 3)}-${body.slice(3, 6)}-${body.slice(6)}${checkChar(body)}`;
}

export function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (ALPHABET.indexOf(body[i]!) + 1) * (i + 1);
  return ALPHABET[sum % ALPHABET.length]!;
}

export function normalizeTrackingCode(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/^(.{3})(.{3})(.{4})$/, '$1-$2-$3');
}

export function newSecret(): string {
  return randomCode(8);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
