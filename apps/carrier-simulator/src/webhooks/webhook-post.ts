export interface PostOutcome {
  /** null: no answer (timeout, connection refused …) */
  status: number | null;
  response?: unknown;
  /** a 429's or 503's `Retry-After`, in ms */
  retryAfterMs?: number;
  error?: string;
  durationMs: number;
}

/** One HTTP POST of a signed webhook body, with a timeout; never throws. */
export async function postWebhook(url: string, rawBody: string, headers: Record<string, string>, timeoutMs: number): Promise<PostOutcome> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'user-agent': 'parcelstream-carrier-simulator/1', ...headers },
      body: rawBody,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    const retryAfterMs = retryAfterOf(res.headers.get('retry-after'));
    return { status: res.status, response: parseAnswer(text), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    const error = e as Error & { cause?: { code?: string } };
    const message = error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error.cause?.code ?? error.message);
    return { status: null, error: message, durationMs: Math.round(performance.now() - started) };
  }
}

function parseAnswer(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 300);
  }
}

/** `Retry-After`: seconds, or an HTTP date. */
export function retryAfterOf(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
