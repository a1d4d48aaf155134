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
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What the body parser (body-parser / raw-body errors, http-errors style) could not read, said safely. */
const UNREADABLE_BODY: Record<string, string> = {
  'entity.too.large': 'The body is too large.',
  'entity.parse.failed': 'The body is not valid JSON.',
  'charset.unsupported': 'The body must be UTF-8 JSON.',
  'encoding.unsupported': 'This Content-Encoding is not supported.',
  'request.aborted': 'The request was aborted before its body arrived.',
  'request.size.invalid': 'The body does not match its Content-Length.',
  'stream.encoding.set': 'The body could not be read.',
  'parameters.too.many': 'The body has too many parameters.',
};

/**
 * A client's body the parser refused: body-parser's errors carry a 4xx `status`, `expose: true` and a
 * `type`; a broken gzip/deflate body is a zlib error the parser passes on with a 4xx status.
 */
function unreadableBody(exception: unknown): { status: number; detail: string } | undefined {
  const e = exception as { status?: unknown; statusCode?: unknown; expose?: unknown; type?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  if (status === undefined || status < 400 || status > 499 || e?.expose !== true) return undefined;
  return { status, detail: (typeof e.type === 'string' && UNREADABLE_BODY[e.type]) || 'The body could not be read.' };
}

/**
 * Every HTTP error as RFC 9457 `application/problem+json`. Unexpected errors are logged (with their stack) and
 * answered as a bare 500: no stack, SQL or internal path leaves the service. A deliberate 503 is logged as a
 * warning only.
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
      // a 503 the code chose (draining, a limit reached, a dependency down) is an answer, not a fault: a warning
      // without a stack, so that each readiness probe of a graceful shutdown is not an error with a stack trace
      if (exception instanceof HttpException && problem.status === HttpStatus.SERVICE_UNAVAILABLE) {
        this.log.warn({ msg: `${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`, path: problem.instance });
      } else {
        this.log.error(exception instanceof Error ? exception : String(exception));
      }
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
      const unreadable = unreadableBody(exception);
      if (unreadable) return { type: 'about:blank', title: TITLES[unreadable.status] ?? 'Bad Request', status: unreadable.status, detail: unreadable.detail };
      return { type: `about:blank`, title: TITLES[HttpStatus.INTERNAL_SERVER_ERROR], status: HttpStatus.INTERNAL_SERVER_ERROR };
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
