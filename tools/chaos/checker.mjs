/**
 * The chaos run's checker: pure functions over what the simulator says it sent and had accepted (a journey
 * from `GET /control/journeys/{number}`, its `timeline`) and what the platform shows (the tracking view of the
 * shipment, the buyer's order). It does not reuse the platform's fold: the expected status comes from the
 * simulator's own expectations of each event, so a bug in the fold is not checked against itself.
 */

/** Order statuses from the shipment's tracking status (one fully shipped package; SPEC §2, order-service's projection). */
const MOVING = new Set(['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'AVAILABLE_FOR_PICKUP', 'ATTEMPT_FAIL', 'DELIVERED']);
const TROUBLE = new Set(['EXCEPTION', 'RETURNING', 'RETURNED', 'EXPIRED']);

export function expectedOrderStatus(trackingStatus) {
  if (TROUBLE.has(trackingStatus)) return 'EXCEPTION';
  if (trackingStatus === 'DELIVERED') return 'DELIVERED';
  if (MOVING.has(trackingStatus)) return 'IN_TRANSIT';
  return 'SHIPPED';
}

/** The events the simulator saw accepted (`202`), in the journey's script order. */
export const acceptedEvents = (journey) => journey.timeline.filter((e) => e.state === 'ACCEPTED');

/**
 * The status a shipment must show after its accepted events: that of the latest accepted event by carrier
 * time (script order breaks ties) whose code maps to a status (`UNKNOWN` never changes it). `PENDING` when none.
 */
export function expectedStatus(accepted) {
  let best = null;
  for (const e of accepted) {
    if (e.expectedStatus === 'UNKNOWN') continue;
    const t = Date.parse(e.occurredAt);
    if (!best || t > best.t || (t === best.t && e.seq > best.seq)) best = { t, seq: e.seq, status: e.expectedStatus };
  }
  return best?.status ?? 'PENDING';
}

const sameInstant = (a, b) => Date.parse(a) === Date.parse(b);

/** How many of the view's events are this journey event (by carrier event id, else code and carrier time). */
function copiesOf(event, viewEvents) {
  if (event.eventId) return viewEvents.filter((v) => v.id === event.eventId).length;
  return viewEvents.filter((v) => v.rawCode === event.rawCode && sameInstant(v.occurredAt, event.occurredAt)).length;
}

/**
 * One shipment: every accepted event on its timeline exactly once, the status its events give, and the order
 * agreeing with the tracking view. `view` null: the platform does not know the waybill (everything lost).
 */
export function checkShipment({ journey, view, order }) {
  const accepted = acceptedEvents(journey);
  const viewEvents = view?.events ?? [];
  let lost = 0;
  let duplicated = 0;
  const problems = [];
  for (const e of accepted) {
    const n = copiesOf(e, viewEvents);
    if (n === 0) {
      lost += 1;
      problems.push(`lost ${e.ref} ${e.rawCode}@${e.occurredAt}`);
    } else if (n > 1) {
      duplicated += 1;
      problems.push(`${n}× ${e.ref} ${e.rawCode}@${e.occurredAt}`);
    }
  }
  const want = expectedStatus(accepted);
  const got = view?.status ?? null;
  const wrongStatus = got !== want;
  if (wrongStatus) problems.push(`status ${got} instead of ${want}`);
  let orderDisagrees = false;
  if (order && got) {
    const shipment = (order.shipments ?? []).find((s) => s.shipmentId === journey.shipmentRef);
    const wantOrder = expectedOrderStatus(got);
    if (order.status !== wantOrder || shipment?.trackingStatus !== got) {
      orderDisagrees = true;
      problems.push(`order ${order.orderNumber} ${order.status} (package ${shipment?.trackingStatus ?? 'missing'}) while tracking shows ${got}`);
    }
  }
  return { accepted: accepted.length, applied: accepted.length - lost, lost, duplicated, wrongStatus, orderDisagrees, problems };
}

/** Sums shipment results; `wrong` counts wrong statuses and orders that disagree with their shipment. */
export function summarize(results) {
  const total = { shipments: results.length, accepted: 0, applied: 0, lost: 0, duplicated: 0, wrongStatuses: 0, orderDisagreements: 0 };
  for (const r of results) {
    total.accepted += r.accepted;
    total.applied += r.applied;
    total.lost += r.lost;
    total.duplicated += r.duplicated;
    if (r.wrongStatus) total.wrongStatuses += 1;
    if (r.orderDisagrees) total.orderDisagreements += 1;
  }
  return { ...total, wrong: total.wrongStatuses + total.orderDisagreements };
}

/** The run's last line, exactly as issue 9 names it. */
export const verdictLine = (t) => `chaos: ${t.accepted} accepted, ${t.lost} lost, ${t.duplicated} duplicated, ${t.wrong} wrong statuses`;
