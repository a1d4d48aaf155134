import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { recordError } from '@parcelstream/observability';
import { type Observable, throwError } from 'rxjs';

/** The part of Express's response the filter uses. */
interface ProblemResponse {
  setHeader(name: string, value: string): void;
  status(code: number): ProblemResponse;
  type(contentType: string): ProblemResponse;
  send(body: string): void;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every HTTP error as RFC 9457 `application/problem+json`. Unexpected errors are logged and answered as a
 * bare 500: no stack, SQL or internal path leaves the service.
 *
 * In event handlers (the Kafka batch transport, an RPC context) the original error is rethrown untouched:
 * Nest's default would turn it into `{ message: 'Internal server error' }`, and the consumer needs it to tell
 * an outage from a poison message and to name it in the dead-letter headers.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() === 'rpc') return throwError(() => exception);
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<ProblemResponse>();
    const req = host.switchToHttp().getRequest<{ originalUrl?: string }>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    if (problem.status >= 500) {
      this.log.error(exception instanceof Error ? exception : String(exception));
      recordError(exception); // on the request's span: the exception event (with its stack) stays in the trace
    }
    if (exception instanceof HttpException) {
      const retryAfter = (exception.getResponse() as { retryAfter?: number }).retryAfter;
      if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (!(exception instanceof HttpException)) {
      const status = (exception as { status?: number; type?: string }).type === 'entity.too.large' ? 413 : HttpStatus.INTERNAL_SERVER_ERROR;
      return { type: `about:blank`, title: TITLES[status], status };
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    const problem: ProblemDetails = { type: 'about:blank', title: TITLES[status] ?? exception.name, status };
    if (typeof body === 'string') {
      problem.detail = body;
    } else if (typeof body === 'object' && body !== null) {
      const b = body as Partial<ProblemDetails> & { message?: unknown };
      if (b.type) problem.type = b.type;
      if (b.title) problem.title = b.title;
      if (typeof b.detail === 'string') problem.detail = b.detail;
      else if (typeof b.message === 'string') problem.detail = b.message;
      if (Array.isArray(b.errors)) problem.errors = b.errors;
    }
    return problem;
  }
}
