import { BadRequestException } from '@nestjs/common';
import { idempotencyKeyOf } from './idempotency-key';

describe('idempotencyKeyOf', () => {
  it('takes a key of visible ASCII, or none', () => {
    expect(idempotencyKeyOf(undefined)).toBeUndefined();
    expect(idempotencyKeyOf('0b6f4a3e-8c1d-4f5e-9a7b-2c3d4e5f6a7b')).toBe('0b6f4a3e-8c1d-4f5e-9a7b-2c3d4e5f6a7b');
    expect(idempotencyKeyOf(['k1', 'k2'])).toBe('k1');
  });

  it.each(['', 'has space', 'x'.repeat(201), 'ключ'])('refuses %j with a 400', (key) => {
    expect(() => idempotencyKeyOf(key)).toThrow(BadRequestException);
  });
});
