import { type Caller, CALLER_HEADER, callerIdentitySecret, signCaller } from '@parcelstream/caller-identity';

export const seller = (sellerId: string): Caller => ({ kind: 'user', sub: `user-${sellerId}`, role: 'seller', sellerId });
export const buyer = (buyerId: string): Caller => ({ kind: 'user', sub: buyerId, role: 'buyer' });
export const ops = (): Caller => ({ kind: 'user', sub: 'ops-1', role: 'ops' });

export interface HttpResult<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  status: number;
  contentType: string | null;
  body: T;
}

/** Calls the service as the gateway would: the caller signed into `x-parcelstream-caller`. */
export async function call<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any
  baseUrl: string,
  method: string,
  path: string,
  options: { caller?: Caller; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const signed = options.caller ? signCaller(options.caller, callerIdentitySecret()) : undefined;
  if (signed) headers[CALLER_HEADER] = signed;
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), body: (text ? JSON.parse(text) : undefined) as T };
}
