import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { EventContract } from '../events/event-contract';
import { payloadFastCheckOf } from './payload-fast-check';

export interface FieldError {
  field: string;
  message: string;
}

export class PayloadValidationError extends Error {
  constructor(
    readonly eventType: string,
    readonly errors: FieldError[],
  ) {
    super(`invalid ${eventType} payload: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
    this.name = 'PayloadValidationError';
  }
}

export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/**
 * Validates a plain JSON payload against the contract's class (class-validator's decorators, class-transformer's
 * nested types) and returns it typed as that class — the object itself when the compiled check
 * (payload-fast-check) finds it valid, else class-validator's instance or its errors. Unknown properties are
 * refused, so a producer cannot leak fields (names, addresses) that the contract does not name.
 */
export function validatePayload<T extends object>(contract: EventContract<T>, plain: unknown): T {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new PayloadValidationError(contract.type, [{ field: '', message: 'payload must be a JSON object' }]);
  }
  // the compiled check says "valid" for what class-validator accepts; anything else gets class-validator's verdict and messages
  if (payloadFastCheckOf(contract.payload as new () => object)?.(plain)) return plain as T;
  const instance = plainToInstance(contract.payload, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new PayloadValidationError(contract.type, flattenValidationErrors(errors));
  return instance;
}
