import type { MessagingModuleOptions } from '@parcelstream/nest-messaging';
import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from './metrics';

const consumedEvents = new Counter({
  name: 'messaging_consumer_events_total',
  help: 'Events a consumer group applied, or skipped as duplicates its inbox had seen',
  labelNames: ['group', 'topic', 'outcome'] as const,
  registers: [metricsRegistry],
});

const retriedEvents = new Counter({
  name: 'messaging_consumer_retries_total',
  help: 'Events a consumer group moved to one of its retry tiers',
  labelNames: ['group', 'topic'] as const,
  registers: [metricsRegistry],
});

export const deadLetteredEvents = new Counter({
  name: 'messaging_dead_letters_total',
  help: 'Events a consumer group gave up on (recorded in dead_letter and sent to <group>.dead-letter.v1), by reason',
  labelNames: ['group', 'topic', 'reason'] as const,
  registers: [metricsRegistry],
});

const consumerLag = new Gauge({
  name: 'messaging_consumer_lag',
  help: 'Messages a consumer group has yet to read on a partition (high watermark of its last fetch minus its committed offset)',
  labelNames: ['group', 'topic', 'partition'] as const,
  registers: [metricsRegistry],
});

/** The consumer's counters on the service's registry (scraped at /metrics). */
export const consumerMetrics: NonNullable<MessagingModuleOptions['metrics']> = {
  applied: (group, topic, count) => consumedEvents.inc({ group, topic, outcome: 'applied' }, count),
  duplicates: (group, topic, count) => consumedEvents.inc({ group, topic, outcome: 'duplicate' }, count),
  retried: (group, topic) => retriedEvents.inc({ group, topic }),
  deadLettered: (group, topic, reason) => deadLetteredEvents.inc({ group, topic, reason }),
  lag: (group, topic, partition, lag) => consumerLag.set({ group, topic, partition: String(partition) }, lag),
};
