import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatTraceparent, runInTrace, currentTrace } from './trace-context';

/**
 * Express-style middleware: continues the caller's trace from `traceparent` (or starts one), answers with
 * it, and keeps it for everything the request does (logs, outbox rows, calls to other services).
 */
export function traceMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const header = req.headers['traceparent'];
  runInTrace(Array.isArray(header) ? header[0] : header, () => {
    const trace = currentTrace();
    if (trace) {
      res.setHeader('traceparent', formatTraceparent(trace));
      res.setHeader('x-request-id', trace.traceId);
    }
    next();
  });
}
