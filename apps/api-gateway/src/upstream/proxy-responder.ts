import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { GatewayRequest } from '../auth/caller-context';
import { UpstreamClient, UpstreamUnavailableError, type UpstreamRequest, type UpstreamResponse } from './upstream-client';

export interface ProxyResponse {
  status(code: number): ProxyResponse;
  setHeader(name: string, value: string): void;
  send(body: Buffer | string): void;
}

/**
 * Calls a service for a public request and answers with its status and body. A problem+json body gets the
 * public URL as its `instance`; an unreachable service is a 503 problem (its address never leaves).
 */
@Injectable()
export class ProxyResponder {
  async forward(client: UpstreamClient, req: GatewayRequest, res: ProxyResponse, upstream: Omit<UpstreamRequest, 'caller'>): Promise<void> {
    let answer;
    try {
      answer = await client.call({ ...upstream, caller: req.caller ?? { kind: 'anonymous' } });
    } catch (e) {
      if (e instanceof UpstreamUnavailableError) throw new ServiceUnavailableException({ detail: 'A service behind the gateway is not answering; try again shortly.' });
      throw e;
    }
    this.respond(req, res, answer);
  }

  /** Answers with a service's answer: its status, type, Retry-After and body; a problem gets the public URL as `instance`. */
  respond(req: GatewayRequest, res: ProxyResponse, answer: UpstreamResponse): void {
    res.status(answer.status);
    if (answer.contentType) res.setHeader('content-type', answer.contentType);
    if (answer.retryAfter) res.setHeader('retry-after', answer.retryAfter);
    if (answer.contentType?.startsWith('application/problem+json')) {
      try {
        const problem = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
        problem.instance = req.originalUrl.split('?')[0];
        res.send(JSON.stringify(problem));
        return;
      } catch {
        /* not JSON after all: pass it on */
      }
    }
    res.send(answer.body);
  }
}

/** `?a=1&b=2` of the public URL, for the service call. */
export function queryOf(originalUrl: string): string {
  const i = originalUrl.indexOf('?');
  return i < 0 ? '' : originalUrl.slice(i);
}

/**
 * The client's Idempotency-Key, passed on as it is. Read from the request rather than with `@Headers()`,
 * which would put a second, required `idempotency-key` parameter into the OpenAPI document beside the
 * optional `Idempotency-Key` the routes declare.
 */
export function idempotencyKeyOf(req: GatewayRequest): string | undefined {
  const v = req.headers['idempotency-key'];
  return Array.isArray(v) ? v[0] : v;
}
