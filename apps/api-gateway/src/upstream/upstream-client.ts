import { signCaller, CALLER_HEADER, type Caller } from '@parcelstream/caller-identity';
import { currentTraceparent } from '@parcelstream/observability';
import { Agent, request, type IncomingMessage } from 'node:http';

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
 */
export class UpstreamClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });
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

  private open(req: UpstreamRequest, onResponse: (res: IncomingMessage) => void, onError: (e: unknown) => void, agent = this.agent) {
    const identity = signCaller(req.caller, this.callerSecret);
    const headers: Record<string, string> = { traceparent: currentTraceparent(), accept: 'application/json' };
    if (identity) headers[CALLER_HEADER] = identity;
    for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) headers[k] = v;
    if (req.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(req.body));
    }
    const r = request({ host: this.host, port: this.port, method: req.method, path: req.path, headers, agent }, onResponse);
    r.on('error', onError);
    if (req.timeoutMs) r.setTimeout(req.timeoutMs, () => r.destroy(new Error(`no answer within ${req.timeoutMs} ms`)));
    r.end(req.body);
    return r;
  }

  call(req: UpstreamRequest): Promise<UpstreamResponse> {
    return new Promise((resolve, reject) => {
      this.open(
        { timeoutMs: 10_000, ...req },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, contentType: res.headers['content-type'], body: Buffer.concat(chunks), retryAfter: headerOf(res, 'retry-after') }),
          );
          res.on('error', (e) => reject(new UpstreamUnavailableError(this.service, e)));
        },
        (e) => reject(new UpstreamUnavailableError(this.service, e)),
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
        this.streamAgent,
      );
      const timer = setTimeout(() => r.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs ?? 10_000);
    });
  }

  async ping(): Promise<boolean> {
    try {
      const res = await this.call({ method: 'GET', path: '/health/live', caller: { kind: 'anonymous' }, timeoutMs: 1000 });
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

function headerOf(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
