import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  carrierCode: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** the answer given */
  status: number;
  /** parsed body (when it was JSON) */
  body?: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- webhook bodies are read loosely in checks
type Json = any;

const SECRETS: Readonly<Record<string, string>> = {
  'sim-post': 'sim-post-secret',
  'sim-lastmile': 'sim-lastmile-secret',
  'sim-track': 'sim-track-secret',
  'sim-seventeen': 'sim-seventeen-secret',
};

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Checks a push carrier's signature the way its style specifies (written here independently of the simulator). */
export function signatureValid(carrierCode: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const secret = SECRETS[carrierCode];
  if (!secret) return false;
  if (carrierCode === 'sim-post' || carrierCode === 'sim-lastmile') {
    const [id, ts, sig] = [headers['webhook-id'], headers['webhook-timestamp'], headers['webhook-signature']].map(String);
    if (Math.abs(Number(ts) - Date.now() / 1000) > 300) return false;
    return same(sig, `v1,${createHmac('sha256', secret).update(`${id}.${ts}.${rawBody}`).digest('base64')}`);
  }
  if (carrierCode === 'sim-track') return same(String(headers['aftership-hmac-sha256']), createHmac('sha256', secret).update(rawBody).digest('base64'));
  return same(String(headers['sign']), createHash('sha256').update(`${rawBody}/${secret}`).digest('hex'));
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/;

/** every time a pushed body carries, by style: all must be ISO-8601 with an offset, or the body is refused */
function timesOf(carrierCode: string, body: Json): unknown[] {
  if (carrierCode === 'sim-track') return (body?.msg?.checkpoints ?? [null]).map((c: Json) => c?.checkpoint_time);
  if (carrierCode === 'sim-seventeen') return (body?.data?.track_info?.tracking?.providers ?? []).flatMap((p: Json) => (p.events ?? []).map((e: Json) => e.time_iso));
  return (body?.events ?? [null]).map((e: Json) => e?.occurredAt);
}

/**
 * A stand-in for the platform's webhook intake, for the simulator's own tests: verifies signatures (401),
 * parses (400 for bad JSON or a bad time), answers 202 — or what `answer` says first (an outage).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** override the answer: a status (and headers) to answer with instead of checking */
  answer?: (carrierCode: string) => number | { status: number; headers: Record<string, string> } | undefined;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const carrierCode = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const forced = this.answer?.(carrierCode);
        let status = (typeof forced === 'object' ? forced.status : forced) ?? 202;
        const extraHeaders = typeof forced === 'object' ? forced.headers : {};
        let body: unknown;
        if (status === 202) {
          try {
            body = JSON.parse(rawBody);
          } catch {
            status = 400;
          }
          if (!signatureValid(carrierCode, req.headers, rawBody)) status = 401;
          else if (status === 202 && !timesOf(carrierCode, body).every((t) => typeof t === 'string' && ISO_WITH_OFFSET.test(t))) status = 400;
        }
        this.received.push({ carrierCode, headers: req.headers, rawBody, status, body });
        res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders }).end(JSON.stringify(status === 202 ? { accepted: 1 } : { status }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/carriers`;
  }

  /** accepted webhook bodies of a carrier */
  accepted(carrierCode: string): Json[] {
    return this.received.filter((r) => r.carrierCode === carrierCode && r.status === 202).map((r) => r.body);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
