import { BadRequestException, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { inputShapeDefects } from './input-shape';

/**
 * Checks every HTTP request's path parameters, query and body for what no input may hold (NUL characters,
 * excessive nesting, `__proto__` keys; see input-shape.ts) before pipes and DTOs see them: a 400 with
 * `errors: [{ field, message }]`. HTTP only — event handlers get their batches untouched.
 */
@Injectable()
export class InputShapeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<{ params?: unknown; query?: unknown; body?: unknown }>();
      const defects = [...inputShapeDefects(req.params, ''), ...inputShapeDefects(req.query, ''), ...inputShapeDefects(req.body, '')];
      if (defects.length > 0) throw new BadRequestException({ title: 'Validation failed', detail: 'The request has invalid fields.', errors: defects.slice(0, 20) });
    }
    return next.handle();
  }
}
