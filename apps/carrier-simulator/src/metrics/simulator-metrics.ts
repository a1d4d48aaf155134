import { metricsRegistry } from '@parcelstream/service-runtime';
import { Counter } from 'prom-client';

export const webhookAttemptsTotal = new Counter({
  name: 'sim_webhook_attempts_total',
  help: 'Webhook delivery attempts of the simulated carriers, by the platform answer',
  labelNames: ['carrier', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const webhookEventsAcceptedTotal = new Counter({
  name: 'sim_webhook_events_accepted_total',
  help: 'Journey events the platform accepted (2xx) from the simulated carriers',
  labelNames: ['carrier'] as const,
  registers: [metricsRegistry],
});

export const apiRequestsTotal = new Counter({
  name: 'sim_api_requests_total',
  help: 'Calls to the simulated carriers APIs, by answer status',
  labelNames: ['carrier', 'operation', 'status'] as const,
  registers: [metricsRegistry],
});

export const faultsAppliedTotal = new Counter({
  name: 'sim_faults_applied_total',
  help: 'Injected faults that fired',
  labelNames: ['kind', 'target', 'carrier'] as const,
  registers: [metricsRegistry],
});

export const journeysStartedTotal = new Counter({
  name: 'sim_journeys_started_total',
  help: 'Journeys scripted, by carrier and what started them',
  labelNames: ['carrier', 'origin'] as const,
  registers: [metricsRegistry],
});
