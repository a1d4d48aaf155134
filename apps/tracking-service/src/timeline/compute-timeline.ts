import {
  canTransition,
  isTerminal,
  STATUS_RANK,
  type DeliveryWindow,
  type EventLocation,
  type EventStatus,
  type TrackingStatus,
} from '@parcelstream/contracts';
import { customsActionRequired, nextCustoms, type Customs } from '../customs/customs-state';
import type { TimelineEvent } from './timeline-event';

/** Facts about the shipment that are not carrier events but enter the fold at their time. */
export interface TimelineFacts {
  /** the shipment was cancelled (shipment.cancelled) */
  cancelledAt?: string | null;
  /** the stall sweep found no scan ever within the expiry window */
  expiredAt?: string | null;
}

/** What the fold reads of an event. */
export type FoldEvent = Pick<TimelineEvent, 'carrierCode' | 'eventId' | 'trackingNumber' | 'status' | 'substatus' | 'occurredAt' | 'location' | 'estimatedDelivery' | 'duties'>;

export interface Timeline<E extends FoldEvent = TimelineEvent> {
  /** de-duplicated, oldest first: (carrier time, status rank, carrier, event id) */
  events: E[];
  status: TrackingStatus;
  substatus: string | null;
  /** carrier time of the event that set the current status (null: nothing has) */
  statusSince: string | null;
  actionRequired: boolean;
  lastLocation: { city: string | null; countryCode: string } | null;
  /** country of the first located event (the lane's origin when the shipment's is unknown) */
  firstCountryCode: string | null;
  /** the tracking number of the newest event (the leg the parcel is on) */
  currentTrackingNumber: string | null;
  carrierEstimate: DeliveryWindow | null;
  customs: Customs | null;
  /** carrier time of the first physical scan (picked up or later) */
  firstScanAt: string | null;
  /** carrier time of the newest event of any kind */
  lastEventAt: string | null;
  deliveredAt: string | null;
}

/** The sort rank of an event: `UNKNOWN` first among events of the same instant. */
export function eventRank(status: EventStatus): number {
  return status === 'UNKNOWN' ? -1 : STATUS_RANK[status];
}

const instant = (iso: string) => Date.parse(iso);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The total order of a timeline; the read path's SQL orders the same way (`COLLATE "C"`). */
export function compareEvents(a: FoldEvent, b: FoldEvent): number {
  return (
    instant(a.occurredAt) - instant(b.occurredAt) ||
    eventRank(a.status) - eventRank(b.status) ||
    compareText(a.carrierCode, b.carrierCode) ||
    compareText(a.eventId, b.eventId)
  );
}

const PRE_SCAN: ReadonlySet<EventStatus> = new Set(['UNKNOWN', 'PENDING', 'INFO_RECEIVED', 'CANCELLED', 'EXPIRED']);
const ADDRESS_ACTION = new Set(['EXCEPTION.ADDRESS_ISSUE', 'ATTEMPT_FAIL.ADDRESS_ISSUE']);

type FoldStep<E> = { kind: 'event'; event: E } | { kind: 'fact'; status: TrackingStatus; substatus: string; at: string };

/**
 * Folds a shipment's events into its timeline and current status. Pure and order-independent: the events are
 * sorted by carrier time (ties: rank, carrier, event id) and de-duplicated on (carrier, event id), then the
 * status moves only where `canTransition` allows (precedence, explicit exits; a late event never regresses a
 * terminal status). `UNKNOWN` events are on the timeline but never change the status.
 */
export function computeTimeline<E extends FoldEvent>(input: readonly E[], facts: TimelineFacts = {}): Timeline<E> {
  const byId = new Map<string, E>();
  for (const e of input) {
    const id = `${e.carrierCode}\u0000${e.eventId}`;
    const seen = byId.get(id);
    if (!seen || compareEvents(e, seen) < 0) byId.set(id, e);
  }
  const events = [...byId.values()].sort(compareEvents);

  const steps: FoldStep<E>[] = events.map((event) => ({ kind: 'event', event }));
  if (facts.cancelledAt) steps.push({ kind: 'fact', status: 'CANCELLED', substatus: 'CANCELLED.BY_SELLER', at: facts.cancelledAt });
  if (facts.expiredAt) steps.push({ kind: 'fact', status: 'EXPIRED', substatus: 'EXPIRED.NO_SCANS', at: facts.expiredAt });
  // facts go after the events of the same instant (stable sort keeps the events' order)
  steps.sort((a, b) => instant(a.kind === 'event' ? a.event.occurredAt : a.at) - instant(b.kind === 'event' ? b.event.occurredAt : b.at));

  const t: Timeline<E> = {
    events,
    firstCountryCode: null,
    currentTrackingNumber: null,
    status: 'PENDING',
    substatus: null,
    statusSince: null,
    actionRequired: false,
    lastLocation: null,
    carrierEstimate: null,
    customs: null,
    firstScanAt: null,
    lastEventAt: null,
    deliveredAt: null,
  };
  for (const step of steps) {
    if (step.kind === 'fact') {
      if (canTransition(t.status, step.status)) setStatus(t, step.status, step.substatus, step.at);
      continue;
    }
    const e = step.event;
    t.lastEventAt = e.occurredAt;
    t.currentTrackingNumber = e.trackingNumber;
    if (e.location) {
      t.lastLocation = publicLocation(e.location);
      t.firstCountryCode ??= e.location.countryCode;
    }
    if (e.estimatedDelivery) t.carrierEstimate = { from: e.estimatedDelivery.from, to: e.estimatedDelivery.to };
    t.customs = nextCustoms(t.customs, e.substatus, e.duties);
    if (!t.firstScanAt && !PRE_SCAN.has(e.status)) t.firstScanAt = e.occurredAt;
    if (e.status === 'UNKNOWN') continue;
    if (canTransition(t.status, e.status)) {
      if (e.status === 'DELIVERED' && t.status !== 'DELIVERED') t.deliveredAt = e.occurredAt;
      setStatus(t, e.status, e.substatus ?? null, e.occurredAt);
    }
  }
  t.actionRequired = !isTerminal(t.status) && (customsActionRequired(t.customs) || ADDRESS_ACTION.has(t.substatus ?? ''));
  return t;
}

function setStatus(t: Timeline<FoldEvent>, status: TrackingStatus, substatus: string | null, at: string) {
  if (t.status !== status || t.substatus !== substatus) t.statusSince = at;
  t.status = status;
  t.substatus = substatus;
}

export function publicLocation(l: EventLocation): { city: string | null; countryCode: string } {
  return { city: l.city ?? null, countryCode: l.countryCode };
}
