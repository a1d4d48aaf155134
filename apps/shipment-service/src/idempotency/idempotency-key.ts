import { BadRequestException } from '@nestjs/common';

/** Visible ASCII, 1 to 200 characters (a UUID is typical). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The `Idempotency-Key` header, or undefined when absent; a malformed key is a 400 problem. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new BadRequestException({
      title: 'Invalid Idempotency-Key',
      detail: 'Idempotency-Key must be 1 to 200 visible ASCII characters.',
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }],
    });
  }
  return value;
}
