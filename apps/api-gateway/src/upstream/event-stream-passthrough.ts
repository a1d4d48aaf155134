import { type BeforeApplicationShutdown, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ReadinessState } from '@parcelstream/service-runtime';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayRequest } from '../auth/caller-context';
import { ProxyResponder, type ProxyResponse } from './proxy-responder';
import { UpstreamUnavailableError, type UpstreamClient } from './upstream-client';

/** the headers of the client's request that a stream's service needs */
const FORWARDED = ['last-event-id'] as const;

/**
 * Server-Sent Events through the gateway: the service's stream is passed on as its bytes arrive (no buffering
 * here, `X-Accel-Buffering: no` for the proxy in front), with the caller and `Last-Event-ID` forwarded as for
 * any call. Closing travels both ways: a client that hangs up closes the service's stream, a service that ends
 * (or fails) ends the client's. An answer that is not a stream (404, 400, 503 …) is passed on like any other.
 * At shutdown every open stream is ended before the HTTP server closes; clients reconnect elsewhere.
 */
@Injectable()
export class EventStreamPassthrough implements BeforeApplicationShutdown {
  private readonly log = new Logger('EventStreams');
  private readonly open = new Set<() => void>();
  private closing = false;

  constructor(
    private readonly proxy: ProxyResponder,
    private readonly readiness: ReadinessState,
  ) {}

  get openStreams(): number {
    return this.open.size;
  }

  async forward(client: UpstreamClient, req: GatewayRequest, res: ServerResponse & ProxyResponse, path: string): Promise<void> {
    if (this.closing || this.readiness.isDraining) throw new ServiceUnavailableException({ detail: 'The gateway is shutting down: reconnect.', retryAfter: 1 });
    const headers: Record<string, string | undefined> = { accept: 'text/event-stream' };
    for (const name of FORWARDED) {
      const v = req.headers[name];
      headers[name] = Array.isArray(v) ? v[0] : v;
    }
    let upstream: { response: IncomingMessage; abort: () => void };
    try {
      upstream = await client.stream({ method: 'GET', path, caller: req.caller ?? { kind: 'anonymous' }, headers, timeoutMs: 10_000 });
    } catch (e) {
      if (e instanceof UpstreamUnavailableError) throw new ServiceUnavailableException({ detail: 'Live tracking is not answering; try again shortly.' });
      throw e;
    }
    const { response, abort } = upstream;
    const contentType = response.headers['content-type'];
    if (response.statusCode !== 200 || !contentType?.startsWith('text/event-stream')) {
      this.proxy.respond(req, res, { status: response.statusCode ?? 502, contentType, body: await bodyOf(response), retryAfter: header(response, 'retry-after') });
      return;
    }

    res.statusCode = 200;
    res.setHeader('content-type', contentType);
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('x-accel-buffering', 'no');
    res.setHeader('connection', 'keep-alive');
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    const end = () => {
      this.open.delete(end);
      abort();
      if (!res.writableEnded) res.end();
    };
    this.open.add(end);
    response.pipe(res); // writes each chunk as it comes, and waits for a slow client (back-pressure)
    response.once('error', end);
    response.once('close', end); // the service ended the stream, or its connection broke
    res.once('close', end); // the client hung up (or the answer ended)
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    const n = this.open.size;
    for (const end of [...this.open]) end();
    if (n > 0) this.log.log(`ended ${n} event stream(s) for shutdown`);
  }
}

function bodyOf(response: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    response.on('data', (c: Buffer) => chunks.push(c));
    response.once('end', () => resolve(Buffer.concat(chunks)));
    response.once('error', () => resolve(Buffer.concat(chunks)));
  });
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
