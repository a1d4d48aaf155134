import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from '@parcelstream/nest-messaging';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { metricsRegistry } from './metrics';

/** The outboxes of this process (one per app; tests run several apps in one process). */
const outboxes = new Set<{ dataSource: DataSource; schema: string }>();

interface Backlog {
  pending: number;
  oldestAgeSeconds: number;
}

async function readBacklog(): Promise<Backlog> {
  const total: Backlog = { pending: 0, oldestAgeSeconds: 0 };
  for (const { dataSource, schema } of outboxes) {
    if (!dataSource.isInitialized) continue;
    try {
      const [row] = (await dataSource.query(
        `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age FROM "${schema}".outbox`,
      )) as { pending: number; age: number }[];
      total.pending += row.pending;
      total.oldestAgeSeconds = Math.max(total.oldestAgeSeconds, row.age);
    } catch {
      // the database is away: /metrics still answers; readiness says why
    }
  }
  return total;
}

export const outboxPublished = new Counter({
  name: 'messaging_outbox_published_total',
  help: 'Outbox rows the relay published to Kafka',
  registers: [metricsRegistry],
});

new Gauge({
  name: 'messaging_outbox_pending',
  help: 'Outbox rows not yet published (backlog)',
  registers: [metricsRegistry],
  async collect() {
    this.set((await readBacklog()).pending);
  },
});

new Gauge({
  name: 'messaging_outbox_oldest_age_seconds',
  help: 'Age of the oldest unpublished outbox row (0 when empty)',
  registers: [metricsRegistry],
  async collect() {
    this.set((await readBacklog()).oldestAgeSeconds);
  },
});

/** Puts this app's outbox on the gauges while the app runs. */
@Injectable()
export class OutboxMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly entry: { dataSource: DataSource; schema: string };

  constructor(dataSource: DataSource, @Inject(MESSAGING_OPTIONS) options: MessagingModuleOptions) {
    this.entry = { dataSource, schema: options.schema };
  }

  onModuleInit(): void {
    outboxes.add(this.entry);
  }

  onModuleDestroy(): void {
    outboxes.delete(this.entry);
  }
}
