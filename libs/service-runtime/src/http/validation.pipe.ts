import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors } from '@parcelstream/contracts';
import { inputShapeDefects } from './input-shape';

/**
 * Whitelisting validation: unknown properties are a 400 with `errors: [{ field, message }]` (RFC 9457).
 * Before the DTO is looked at, every body, query and path parameter is checked for what no input may hold
 * (NUL characters, excessive nesting, `__proto__` keys; see input-shape.ts), with or without a DTO.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const defects = inputShapeDefects(value, metadata.data ?? '');
      if (defects.length > 0) throw new BadRequestException({ title: 'Validation failed', detail: 'The request has invalid fields.', errors: defects });
    }
    return super.transform(value, metadata);
  }
}

export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({ title: 'Validation failed', detail: 'The request has invalid fields.', errors: flattenValidationErrors(errors) }),
  });
}
