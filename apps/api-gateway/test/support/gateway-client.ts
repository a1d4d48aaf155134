import { SignJWT } from 'jose';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
export type Json = Record<string, any>;

export const TEST_JWT_SECRET = 'gateway-test-secret-0123456789';

/** An HS256 token as the identity provider would issue it in tests. */
export function token(claims: Json, sub: string, secret = TEST_JWT_SECRET): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer('parcelstream')
    .setAudience('parcelstream-api')
    .setExpirationTime(Math.floor(Date.now() / 1000) + 900)
    .sign(new TextEncoder().encode(secret));
}

export interface GatewayAnswer {
  status: number;
  body: Json;
  text: string;
  headers: Headers;
}

/** A public API call as a client makes it; `raw` is sent as is, `body` as JSON. */
export async function callGateway(
  baseUrl: string,
  method: string,
  path: string,
  opts: { bearer?: string; body?: unknown; raw?: string; headers?: Record<string, string>; firstChunkOnly?: boolean } = {},
): Promise<GatewayAnswer> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : {}), ...opts.headers },
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    signal: abort.signal,
  });
  let text: string;
  if (opts.firstChunkOnly && res.headers.get('content-type')?.startsWith('text/event-stream')) {
    // a live stream never ends: read what arrives first (or nothing within 2 s), then hang up
    const reader = res.body!.getReader();
    const timer = setTimeout(() => abort.abort(), 2000);
    const first = await reader.read().catch(() => ({ value: undefined }));
    clearTimeout(timer);
    abort.abort();
    text = first.value ? Buffer.from(first.value).toString('utf8') : '';
  } else {
    text = await res.text();
  }
  let body: Json = {};
  try {
    body = text ? (JSON.parse(text) as Json) : {};
  } catch {
    body = { text };
  }
  return { status: res.status, body, text, headers: res.headers };
}

/** A port for a suite's process: 13300 + offset, or GATEWAY_TEST_PORT_BASE + offset (to run beside other suites on one machine). */
export const testPort = (offset: number): number => Number(process.env.GATEWAY_TEST_PORT_BASE ?? 13300) + offset;
