import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithSpan, startSpan, traceparentOf } from './tracing/spans';

/** probes and scrapes: no span (they would be most of the spans, and say nothing about a parcel) */
const UNTRACED = /^\/(health(\/|$)|metrics$)/;

type RoutedRequest = IncomingMessage & { route?: { path?: string }; baseUrl?: string };

/**
 * Express-style middleware: one SERVER span per request, continuing the caller's `traceparent` (or starting a
 * trace), active for everything the request does (logs, outbox rows, calls to other services). Answers with
 * `traceparent` (this span) and `x-request-id` (the trace id). When the response is sent the span gets the
 * matched route (`GET /orders/:orderNumber`), the status code, and status ERROR for a 5xx.
 */
export function traceMiddleware(req: RoutedRequest, res: ServerResponse, next: () => void): void {
  const url = req.url ?? '/';
  const urlPath = url.split('?')[0];
  if (UNTRACED.test(urlPath)) return next();
  const method = req.method ?? 'GET';
  const header = req.headers['traceparent'];
  const span = startSpan(method, {
    kind: SpanKind.SERVER,
    parent: (Array.isArray(header) ? header[0] : header) ?? null,
    attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_PATH]: urlPath },
  });
  res.setHeader('traceparent', traceparentOf(span));
  res.setHeader('x-request-id', span.spanContext().traceId);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    if (req.route?.path) {
      const route = `${req.baseUrl ?? ''}${req.route.path}`;
      span.setAttribute(ATTR_HTTP_ROUTE, route);
      span.updateName(`${method} ${route}`);
    }
    if (res.headersSent) {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${res.statusCode}` });
    } else {
      span.addEvent('connection closed before the response');
    }
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  runWithSpan(span, next);
}
