import type { ConnectorStyle } from '@parcelstream/carriers';
import type { DeliveryWindow, DutiesDue, EventLocation, FieldError, TrackingStatus } from '@parcelstream/contracts';

/** One checkpoint as a carrier reported it, before normalisation (no personal data is copied into it). */
export interface CarrierCheckpoint {
  trackingNumber: string;
  /** the carrier's own event id, when it has one */
  carrierEventId?: string;
  /** the carrier's code, kept on the normalised event */
  rawCode: string;
  /** what a carrier speaking the platform's format declares itself (standard webhook) */
  declared?: { status: string; substatus?: string };
  description: string;
  /** ISO-8601 with the carrier's original UTC offset */
  occurredAt: string;
  location?: EventLocation;
  estimatedDelivery?: DeliveryWindow;
  nextTrackingNumber?: string;
  nextCarrierCode?: string;
  duties?: DutiesDue;
}

/** A raw code's meaning: a row of a connector's mapping table. */
export interface CodeMapping {
  status: TrackingStatus;
  /** dotted, starting with the status (SPEC §3) */
  substatus?: string;
  /** why, in ops' words (documentation of the table; not put on the event) */
  reason?: string;
}

export type MappingTable = Readonly<Record<string, CodeMapping>>;

export interface InboundDelivery {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
  receivedAt: Date;
}

export type Verification = { ok: true; deliveryId: string } | { ok: false; reason: string };

export type ParseResult = { ok: true; checkpoints: CarrierCheckpoint[] } | { ok: false; errors: FieldError[] };

/** How the platform understands one carrier style. */
export interface Connector {
  readonly style: ConnectorStyle;
  /** maps a checkpoint onto the canonical vocabulary; undefined = unmapped (an UNKNOWN event) */
  map(checkpoint: CarrierCheckpoint): CodeMapping | undefined;
}

/** A carrier that pushes: signature check, then parsing of the (JSON) body. */
export interface PushConnector extends Connector {
  /** the headers kept in the raw archive (signatures included: the archive must let us re-verify) */
  readonly archivedHeaders: readonly string[];
  /** checks the signature (and replay window) over the raw bytes; gives the delivery id to de-duplicate on */
  verify(delivery: InboundDelivery, secrets: readonly Buffer[], toleranceSec: number): Verification;
  /** number of events in a parsed body, before full validation (to refuse oversized requests early) */
  countEvents(body: unknown): number;
  parse(body: unknown): ParseResult;
}

export function header(delivery: InboundDelivery, name: string): string | undefined {
  const v = delivery.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** A row of a mapping table; own keys only (a code named `constructor` is unmapped, not Object). */
export function lookupCode(table: MappingTable, code: string): CodeMapping | undefined {
  return Object.hasOwn(table, code) ? table[code] : undefined;
}

export function isPushConnector(connector: Connector): connector is PushConnector {
  return 'verify' in connector && 'parse' in connector;
}
