import type { ServerResponse } from 'node:http';

/**
 * One `text/event-stream` answer (Server-Sent Events): frames written as they come, never buffered by a proxy
 * (`X-Accel-Buffering: no`, `Cache-Control: no-transform`).
 */
export class SseResponse {
  private gone = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(private readonly res: ServerResponse) {
    res.once('close', () => {
      this.gone = true;
      for (const l of this.closeListeners.splice(0)) l();
    });
  }

  open(): void {
    if (this.closed) return; // the client left while the stream was being opened
    this.res.statusCode = 200;
    this.res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('cache-control', 'no-cache, no-transform');
    this.res.setHeader('x-accel-buffering', 'no');
    this.res.setHeader('connection', 'keep-alive');
    this.res.flushHeaders();
    this.res.socket?.setNoDelay(true);
  }

  /** `id:`, `event:` and one `data:` line of JSON (which holds no newline). */
  event(id: number, type: string, data: unknown): void {
    this.write(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** a comment line: clients ignore it, proxies see traffic */
  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  /** bytes written that the client has not taken yet */
  get backlog(): number {
    return this.res.writableLength;
  }

  get closed(): boolean {
    return this.gone || this.res.writableEnded || this.res.destroyed;
  }

  /** the client went away, or the answer was ended (at once if that happened already) */
  onClose(listener: () => void): void {
    if (this.gone) queueMicrotask(listener);
    else this.closeListeners.push(listener);
  }

  end(): void {
    if (!this.closed) this.res.end();
  }

  private write(chunk: string): void {
    if (!this.closed) this.res.write(chunk);
  }
}
