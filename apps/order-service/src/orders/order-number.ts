import { randomBytes } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so a number read aloud or typed is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `PS-7KQ2-9XMD-4TAB`: 12 random symbols (60 bits), human-friendly and unguessable enough. */
export function newOrderNumber(): string {
  const bytes = randomBytes(12);
  const symbols = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `PS-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 12)}`;
}
