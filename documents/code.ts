/**
 * Verification codes printed on documents: 12 characters from an alphabet without look-alikes
 * (no 0/O, 1/I/L, U), grouped 4-4-4. 30^12 ≈ 5.3e17 codes: unguessable for a public lookup.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const PATTERN = new RegExp(`^[${ALPHABET}]{4}-[${ALPHABET}]{4}-[${ALPHABET}]{4}$`);

export function newVerificationCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** As typed by a person: any case, with or without dashes or spaces; undefined if it cannot be one. */
export function normalizeVerificationCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== 12) return undefined;
  const code = `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
  return PATTERN.test(code) ? code : undefined;
}
