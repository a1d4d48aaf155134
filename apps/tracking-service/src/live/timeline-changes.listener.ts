import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { TrackingTimelineChangedEvent, type TrackingTimelineChanged } from '@parcelstream/contracts';
import { BroadcastConsumer, KAFKA_PORT, type KafkaPort } from '@parcelstream/messaging';
import { hostname } from 'node:os';
import { LiveTimelineHub } from './live-timeline-hub';

let appsInProcess = 0;

/**
 * This replica's consumer group on `tracking.timeline.changes.v1`: `tracking-live.<instance>.<pid>.<n>`
 * (instance: SERVICE_INSTANCE, the pod name, else the host name; n counts the apps of one process, 1 but in
 * tests). Unique per replica, so every replica hears every change, whichever replica's ingestion made it.
 */
export function liveConsumerGroup(instance = process.env.SERVICE_INSTANCE || hostname()): string {
  return `tracking-live.${instance.replace(/[^A-Za-z0-9_-]/g, '-')}.${process.pid}.${++appsInProcess}`;
}

/**
 * Fan-out of timeline changes to this replica's streams. Starts at the topic's end when the app starts (a stream
 * reads what came before from the database) and deletes its group on a clean shutdown, after the streams end.
 * A replica killed without shutdown leaves an empty group that the broker drops when its offsets expire
 * (`offsets.retention.minutes`, 7 days by default).
 */
@Injectable()
export class TimelineChangesListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('LiveTracking');
  private readonly consumer: BroadcastConsumer<TrackingTimelineChanged>;

  constructor(
    @Inject(KAFKA_PORT) kafka: KafkaPort,
    private readonly hub: LiveTimelineHub,
  ) {
    this.consumer = new BroadcastConsumer({
      kafka,
      groupId: liveConsumerGroup(),
      contract: TrackingTimelineChangedEvent,
      // the key is the shipment id: a change of a shipment nobody here watches is not even parsed
      wants: (shipmentId) => this.hub.isWatching(shipmentId),
      onEvents: (events) => {
        for (const e of events) this.hub.notify(e.payload.shipmentId, e.payload.version);
      },
      log: (level, message, extra) => this.log[level === 'info' ? 'log' : level](extra ? { msg: message, ...extra } : message),
    });
  }

  get groupId(): string {
    return this.consumer.groupId;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start();
    this.log.log(`live streams hear timeline changes as ${this.consumer.groupId}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
