import type { FieldError } from '@parcelstream/contracts';

type Json = Record<string, unknown>;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads untrusted JSON field by field, collecting every problem with its path (RFC 9457 `errors[]`).
 * Unknown properties are ignored: a carrier adding fields must not break intake, and only what is read
 * ever reaches an event.
 */
export class PayloadReader {
  readonly errors: FieldError[] = [];

  fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  object(value: unknown, field: string): Json | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return this.fail(field, 'must be an object');
    return value as Json;
  }

  optionalObject(value: unknown, field: string): Json | undefined {
    return value === undefined || value === null ? undefined : this.object(value, field);
  }

  array(value: unknown, field: string, { min = 0 } = {}): unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(field, 'must be an array');
    if (value.length < min) return this.fail(field, `must hold at least ${min} item(s)`);
    return value;
  }

  string(value: unknown, field: string, { max = 200, pattern }: { max?: number; pattern?: RegExp } = {}): string | undefined {
    if (typeof value !== 'string' || value.trim() === '') return this.fail(field, 'must be a non-empty string');
    if (value.length > max) return this.fail(field, `must be at most ${max} characters`);
    if (pattern && !pattern.test(value)) return this.fail(field, `must match ${pattern.source}`);
    return value;
  }

  optionalString(value: unknown, field: string, options: { max?: number; pattern?: RegExp } = {}): string | undefined {
    return value === undefined || value === null || value === '' ? undefined : this.string(value, field, options);
  }

  /** ISO-8601 with a UTC offset (or Z), kept as sent */
  timestamp(value: unknown, field: string): string | undefined {
    const s = this.string(value, field, { max: 40 });
    if (s === undefined) return undefined;
    if (!ISO_WITH_OFFSET.test(s) || Number.isNaN(Date.parse(s))) return this.fail(field, 'must be an ISO-8601 time with a UTC offset');
    return s;
  }

  optionalTimestamp(value: unknown, field: string): string | undefined {
    return value === undefined || value === null ? undefined : this.timestamp(value, field);
  }

  countryCode(value: unknown, field: string): string | undefined {
    return this.string(value, field, { max: 2, pattern: /^[A-Z]{2}$/ });
  }

  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) return this.fail(field, `must be one of ${allowed.join(', ')}`);
    return value as T;
  }
}
