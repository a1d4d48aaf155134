/** The part of Express's response the carrier API writes itself (it plays carriers: hangs, garbage, 429s). */
export interface CarrierResponse {
  status(code: number): CarrierResponse;
  setHeader(name: string, value: string): void;
  type(contentType: string): CarrierResponse;
  send(body: string): void;
  once(event: 'close', listener: () => void): void;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
  destroy(): void;
}

export function sendJson(res: CarrierResponse, status: number, body: unknown): void {
  res.status(status).type('application/json').send(JSON.stringify(body));
}

/** RFC 9457, as the other services answer (carrier-sync reads only the status). */
export function sendProblem(res: CarrierResponse, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status, detail, ...extra }));
}
