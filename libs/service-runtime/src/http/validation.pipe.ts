import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors } from '@parcelstream/contracts';

/** Whitelisting validation: unknown properties are a 400 with `errors: [{ field, message }]` (RFC 9457). */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadRequestException({ title: 'Validation failed', detail: 'The request has invalid fields.', errors: flattenValidationErrors(errors) }),
  });
}
