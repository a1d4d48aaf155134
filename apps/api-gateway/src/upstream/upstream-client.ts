import { signCaller, CALLER_HEADER, type Caller } from '@parcelstream/caller-identity';
import { currentTraceparent, failSpan, SpanKind, SpanStatusCode, startSpan, traceparentOf, type Span } from '@parcelstream/observability';
import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface UpstreamRequest {
  method: string;
  /** path and query on the service, e.g. `/orders/PS-…?limit=20` */
  path: string;
  caller: Caller;
  body?: Buffer | string;
  headers?: Record<string, string | undefined>;
  timeoutMs?: number;
}

export interface UpstreamResponse {
  status: number;
  contentType: string | undefined;
  body: Buffer;
  /** the service's Retry-After (a 503 or 429 it answered) */
  retryAfter?: string;
}

export class UpstreamUnavailableError extends Error {
  constructor(
    readonly service: string,
    cause: unknown,
  ) {
    super(`${service} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'UpstreamUnavailableError';
  }
}

/**
 * One service's internal HTTP API over keep-alive connections. Adds the signed caller header and the
 * trace context; forwards only the headers the service needs (never the client's Authorization).
 * Each call is a CLIENT span (`GET order-service`) under the gateway's request span, and the service gets its
 * `traceparent`; the span ends with the response body (a stream: when it closes). Health pings are not traced.
 */
export class UpstreamClient {
  /**
   * Idle pooled connections are closed after 4 s, before the services' own 5 s keep-alive timeout closes them under a
   * request (Node's agent shortens this to the server's `Keep-Alive: timeout` hint less 1 s, but only when a timeout is set).
   */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000, timeout: 4_000 });
  /** event streams hold their connection for as long as the client stays: never from (or in the queue of) the pool above */
  private readonly streamAgent = new Agent({ keepAlive: false });
  private readonly host: string;
  private readonly port: number;

  constructor(
    readonly service: string,
    baseUrl: string,
    private readonly callerSecret: string,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
  }

  private open(
    req: UpstreamRequest,
    onResponse: (res: IncomingMessage) => void,
    onError: (e: unknown, request: ClientRequest) => void,
    { traced = true, agent = this.agent }: { traced?: boolean; agent?: Agent } = {},
  ) {
    const identity = signCaller(req.caller, this.callerSecret);
    const span = traced ? this.clientSpan(req) : undefined;
    const headers: Record<string, string> = { traceparent: span ? traceparentOf(span) : currentTraceparent(), accept: 'application/json' };
    if (identity) headers[CALLER_HEADER] = identity;
    for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) headers[k] = v;
    if (req.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(req.body));
    }
    let ended = false;
    const end = (error?: unknown) => {
      if (ended || !span) return;
      ended = true;
      if (error !== undefined) failSpan(span, error);
      span.end();
    };
    const r = request({ host: this.host, port: this.port, method: req.method, path: req.path, headers, agent }, (res) => {
      if (span) {
        span.setAttribute('http.response.status_code', res.statusCode ?? 0);
        if ((res.statusCode ?? 0) >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${res.statusCode}` });
        res.once('end', () => end());
        res.once('close', () => end());
        res.once('error', (e) => end(e));
      }
      onResponse(res);
    });
    r.on('error', (e) => {
      end(e);
      onError(e, r);
    });
    if (req.timeoutMs) r.setTimeout(req.timeoutMs, () => r.destroy(new Error(`no answer within ${req.timeoutMs} ms`)));
    r.end(req.body);
    return r;
  }

  private clientSpan(req: UpstreamRequest): Span {
    return startSpan(`${req.method} ${this.service}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': req.method,
        'url.path': req.path.split('?')[0],
        'server.address': this.host,
        'server.port': this.port,
        'peer.service': this.service,
      },
    });
  }

  call(req: UpstreamRequest): Promise<UpstreamResponse> {
    return this.exchange(req, true);
  }

  private exchange(req: UpstreamRequest, traced: boolean, retried = false): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      let answered = false;
      this.open(
        { timeoutMs: 10_000, ...req },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, contentType: res.headers['content-type'], body: Buffer.concat(chunks), retryAfter: headerOf(res, 'retry-after') }),
          );
          res.on('error', (e) => reject(new UpstreamUnavailableError(this.service, e)));
        },
        (e, r) => {
          if (!retried && !answered && lostIdleConnection(e, r) && safeToSend(req)) resolve(this.exchange(req, traced, true));
          else reject(new UpstreamUnavailableError(this.service, e));
        },
        { traced },
      );
    });
  }

  /**
   * For Server-Sent Events: the service's response as it comes (its own connection, outside the keep-alive pool);
   * `abort()` closes it. `timeoutMs` bounds the wait for the response's head only, not the stream.
   */
  stream(req: UpstreamRequest): Promise<{ response: IncomingMessage; abort: () => void }> {
    const { timeoutMs, ...rest } = req;
    return new Promise((resolve, reject) => {
      const r = this.open(
        rest,
        (response) => {
          clearTimeout(timer);
          resolve({ response, abort: () => r.destroy() });
        },
        (e) => {
          clearTimeout(timer);
          reject(new UpstreamUnavailableError(this.service, e));
        },
        { agent: this.streamAgent },
      );
      const timer = setTimeout(() => r.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs ?? 10_000);
    });
  }

  async ping(): Promise<boolean> {
    try {
      const res = await this.exchange({ method: 'GET', path: '/health/live', caller: { kind: 'anonymous' }, timeoutMs: 1000 }, false);
      return res.status === 200;
    } catch {
      return false;
    }
  }

  close(): void {
    this.agent.destroy();
    this.streamAgent.destroy();
  }
}

export const ORDER_SERVICE = Symbol('ORDER_SERVICE');
export const SHIPMENT_SERVICE = Symbol('SHIPMENT_SERVICE');
export const TRACKING_SERVICE = Symbol('TRACKING_SERVICE');
export const CARRIER_SYNC_SERVICE = Symbol('CARRIER_SYNC_SERVICE');

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * The keep-alive race: the service closed a pooled connection (its idle timeout, a restart) just as this request
 * went out on it, so the request failed before any answer — the service never saw it. Node's documentation
 * prescribes sending it again, once, on a fresh connection (`request.reusedSocket`).
 */
function lostIdleConnection(e: unknown, r: ClientRequest): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return r.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
}

/** Sent again only when a second delivery cannot double an effect: idempotent methods, or a POST the service de-duplicates by its key. */
function safeToSend(req: UpstreamRequest): boolean {
  return IDEMPOTENT_METHODS.has(req.method.toUpperCase()) || req.headers?.['idempotency-key'] !== undefined;
}

function headerOf(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
