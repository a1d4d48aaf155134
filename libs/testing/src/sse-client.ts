import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { waitFor } from './wait-for';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/**
 * A Server-Sent Events client for tests: collects the events and comments of one response as they arrive
 * (parsed per the SSE format), or the body of a non-stream answer.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  body = '';
  ended = false;
  private buffer = '';

  private constructor(
    private readonly req: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    const isStream = this.contentType.startsWith('text/event-stream');
    response.on('data', (chunk: string) => (isStream ? this.parse(chunk) : (this.body += chunk)));
    response.on('end', () => (this.ended = true));
    response.on('close', () => (this.ended = true));
    response.on('error', () => (this.ended = true));
  }

  static open(url: string, headers: Record<string, string | undefined> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const clean = Object.fromEntries(Object.entries({ accept: 'text/event-stream', ...headers }).filter((e): e is [string, string] => e[1] !== undefined));
      const req = request(url, { headers: clean, agent: false }, (res) => resolve(new SseClient(req, res)));
      req.on('error', reject);
      req.end();
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  get contentType(): string {
    return String(this.response.headers['content-type'] ?? '');
  }

  /** the events' ids, as numbers */
  get ids(): number[] {
    return this.events.map((e) => Number(e.id));
  }

  /** the events' data, parsed */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- views are read loosely in assertions
  get views(): Record<string, any>[] {
    return this.events.map((e) => JSON.parse(e.data) as Record<string, unknown>);
  }

  async waitForEvents(count: number, what = `${count} events`): Promise<SseEvent[]> {
    await waitFor(() => this.events.length, (n) => n >= count, { what, timeoutMs: 20_000 });
    return this.events;
  }

  async waitForEnd(): Promise<void> {
    await waitFor(() => this.ended, (e) => e, { what: 'the stream to end', timeoutMs: 20_000 });
  }

  async waitForBody(): Promise<string> {
    await this.waitForEnd();
    return this.body;
  }

  /** hangs up, as a client that goes away */
  close(): void {
    this.req.destroy();
    this.ended = true;
  }

  private parse(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: SseEvent = { data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id:')) event.id = line.slice(3).trim();
        else if (line.startsWith('event:')) event.event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) this.events.push({ ...event, data: data.join('\n') });
    }
  }
}
