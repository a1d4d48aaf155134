import { metricsRegistry } from '@parcelstream/service-runtime';
import { Counter } from 'prom-client';

/** Raw codes without a mapping, per carrier (alert on any increase). */
export const unmappedCodesTotal = new Counter({
  name: 'carrier_unmapped_codes_total',
  help: 'Carrier events whose raw code has no mapping (published as UNKNOWN)',
  labelNames: ['carrier', 'code'] as const,
  registers: [metricsRegistry],
});

export const inboundPayloadsTotal = new Counter({
  name: 'carrier_inbound_payloads_total',
  help: 'Carrier payloads received (webhooks and polls) by outcome',
  labelNames: ['carrier', 'channel', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const normalizedEventsTotal = new Counter({
  name: 'carrier_normalized_events_total',
  help: 'Normalised carrier events written to the outbox',
  labelNames: ['carrier', 'status'] as const,
  registers: [metricsRegistry],
});

export const carrierApiCallsTotal = new Counter({
  name: 'carrier_api_calls_total',
  help: 'Calls to carrier APIs (registration, waybill allocation, polling) by outcome',
  labelNames: ['carrier', 'operation', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** A label value a carrier controls: bounded in length. */
export function codeLabel(code: string): string {
  return code.length > 40 ? `${code.slice(0, 40)}…` : code;
}
