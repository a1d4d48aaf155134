import type { StreamBinding, VersionedView } from './live-tracking.repository';
import type { SseResponse } from './sse-response';

/** The SSE event type of a timeline version. */
export const TIMELINE_EVENT = 'timeline';
/** versions read per query while catching up */
const PAGE = 50;
/** a client that leaves more than this unread is cut off; it resumes with Last-Event-ID from the database */
const MAX_BACKLOG_BYTES = 1024 * 1024;

export type ReadViewsAfter = (after: number, limit: number) => Promise<VersionedView[]>;

/**
 * One client's stream of one shipment's timeline. Every frame is a version (`id:`) with the view as of that
 * version, in order and once: a notification only says "there is something after N"; the stream then reads
 * what comes after the last version it sent, so notifications that arrive late, twice or not in order change
 * nothing, and versions the process never heard of are still sent when a later one is.
 */
export class TimelineStream {
  /** the newest version the client has */
  private sent = 0;
  private dirty = false;
  private pumping = false;
  private ended = false;

  constructor(
    readonly binding: StreamBinding,
    private readonly sse: SseResponse,
    private readonly readAfter: ReadViewsAfter,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Opens the stream: without Last-Event-ID (or with one this shipment never reached) the current view; with
   * one, nothing of its own — then whatever comes after, read from the database.
   */
  start(current: VersionedView, lastEventId: number | null): void {
    this.sse.open();
    if (lastEventId === null || lastEventId > current.version) this.send(current, true);
    else this.sent = lastEventId;
    this.kick();
  }

  /** Version `version` of the shipment exists (heard from Kafka). */
  notify(version: number): void {
    if (version > this.sent) this.kick();
  }

  heartbeat(): void {
    this.sse.comment('heartbeat');
    this.cutOffIfStuck();
  }

  close(): void {
    this.ended = true;
    this.sse.end();
  }

  onClose(listener: () => void): void {
    this.sse.onClose(() => {
      this.ended = true;
      listener();
    });
  }

  private kick(): void {
    this.dirty = true;
    if (this.pumping || this.ended) return;
    this.pumping = true;
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      while (this.dirty && !this.ended) {
        this.dirty = false;
        for (let page = PAGE; page === PAGE && !this.ended; ) {
          const views = await this.readAfter(this.sent, PAGE);
          for (const v of views) this.send(v);
          page = views.length;
        }
      }
    } catch (e) {
      // the client reconnects with the last id it got and loses nothing
      this.onError(e);
      this.close();
    } finally {
      this.pumping = false;
    }
  }

  /** `first`: the opening view, whatever its version (0 when the shipment has none yet) */
  private send(v: VersionedView, first = false): void {
    if (this.ended || (!first && v.version <= this.sent)) return;
    this.sse.event(v.version, TIMELINE_EVENT, v.view);
    this.sent = v.version;
    this.cutOffIfStuck();
  }

  private cutOffIfStuck(): void {
    if (this.sse.backlog > MAX_BACKLOG_BYTES) this.close();
  }
}
