import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { metricsRegistry, ReadinessState } from '@parcelstream/service-runtime';
import { Counter, Gauge } from 'prom-client';
import { TRACKING_CONFIG, type TrackingConfig } from '../config/tracking-config';
import type { TimelineStream } from './timeline-stream';

/** the hubs of this process (one per app; tests run several apps in one process) */
const hubs = new Set<LiveTimelineHub>();

new Gauge({
  name: 'tracking_live_streams_open',
  help: 'Live tracking streams (SSE) open on this process',
  registers: [metricsRegistry],
  collect() {
    this.set([...hubs].reduce((sum, h) => sum + h.openStreams, 0));
  },
});

const refused = new Counter({
  name: 'tracking_live_streams_refused_total',
  help: 'Live tracking streams refused (503): the process is at STREAM_MAX_CONNECTIONS, or shutting down',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});

/** A place taken among the process's streams: attach the stream to it, or release it. */
export interface StreamSlot {
  attach(shipmentId: string, stream: TimelineStream): void;
  release(): void;
}

/**
 * This process's open streams by shipment: at most STREAM_MAX_CONNECTIONS of them, a heartbeat comment to each
 * every STREAM_HEARTBEAT_MS, the timeline changes heard from Kafka handed to the streams of that shipment, and
 * every stream ended at shutdown (before the HTTP server closes, which would otherwise wait for them), so that
 * clients reconnect — with Last-Event-ID — to a replica that is still up.
 */
@Injectable()
export class LiveTimelineHub implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('LiveTracking');
  private readonly byShipment = new Map<string, Set<TimelineStream>>();
  private taken = 0;
  private closing = false;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
    private readonly readiness: ReadinessState,
  ) {}

  get openStreams(): number {
    return this.taken;
  }

  onModuleInit(): void {
    hubs.add(this);
    this.heartbeat = setInterval(() => this.each((s) => s.heartbeat()), this.config.streamHeartbeatMs);
    this.heartbeat.unref();
  }

  /** Takes a place for a new stream, or refuses with a 503 (full, or shutting down). */
  reserve(): StreamSlot {
    if (this.closing || this.readiness.isDraining) {
      refused.inc({ reason: 'shutdown' });
      throw new ServiceUnavailableException({ detail: 'This instance is shutting down: reconnect.', retryAfter: 1 });
    }
    if (this.taken >= this.config.streamMaxConnections) {
      refused.inc({ reason: 'capacity' });
      throw new ServiceUnavailableException({ detail: 'Too many live streams on this instance: try again shortly.', retryAfter: 5 });
    }
    this.taken++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.taken--;
    };
    return {
      release,
      attach: (shipmentId, stream) => {
        let streams = this.byShipment.get(shipmentId);
        if (!streams) this.byShipment.set(shipmentId, (streams = new Set()));
        streams.add(stream);
        stream.onClose(() => {
          release();
          const set = this.byShipment.get(shipmentId);
          set?.delete(stream);
          if (set?.size === 0) this.byShipment.delete(shipmentId);
        });
      },
    };
  }

  /** Whether a stream of this shipment is open here (changes of other shipments need not be read at all). */
  isWatching(shipmentId: string | null): boolean {
    return shipmentId !== null && this.byShipment.has(shipmentId);
  }

  /** Version `version` of the shipment's timeline exists: its streams here catch up. */
  notify(shipmentId: string, version: number): void {
    const streams = this.byShipment.get(shipmentId);
    if (streams) for (const s of streams) s.notify(version);
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    const open = this.taken;
    this.each((s) => s.close());
    hubs.delete(this);
    if (open > 0) this.log.log(`ended ${open} live stream(s) for shutdown`);
  }

  private each(work: (s: TimelineStream) => void): void {
    for (const streams of [...this.byShipment.values()]) for (const s of [...streams]) work(s);
  }
}
