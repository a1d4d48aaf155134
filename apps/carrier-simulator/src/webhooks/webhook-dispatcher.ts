import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { isPushDialect, type PushDialect } from '../carriers/carrier-dialect';
import { dialectOf } from '../carriers/dialects';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../config/simulator.config';
import { FaultPlan } from '../faults/fault-plan';
import type { FaultKind } from '../faults/fault-rule';
import type { Journey, JourneyEvent } from '../journeys/journey';
import { unmappedEventAfter } from '../journeys/journey-events';
import { nextWakeOf, releasableEvents, swapWithNext } from '../journeys/journey-progress';
import { JourneyStore } from '../journeys/journey-store';
import { DeliveryLedger } from '../ledger/delivery-ledger';
import { faultsAppliedTotal, webhookAttemptsTotal, webhookEventsAcceptedTotal } from '../metrics/simulator-metrics';
import { malformedBody } from './malformed-body';
import { chunk, retryDelayMs, type WebhookDelivery } from './webhook-delivery';
import { postWebhook } from './webhook-post';

/** a secret no receiver has: the `bad-signature` fault signs with it */
const WRONG_SECRET = Buffer.from('not-the-carriers-secret');
/** the longest the dispatcher sleeps when nothing is due (new journeys wake it anyway) */
const IDLE_WAKE_MS = 1000;
/** the shortest: events falling due within it go out together (fewer, fuller requests; less scanning) */
const MIN_TICK_MS = 10;

export interface DispatcherStatus {
  /** deliveries waiting to go out or to be retried */
  queued: number;
  inFlight: number;
}

/**
 * Sends the push carriers' webhooks: whenever events fall due (in journey order, see releasableEvents) they
 * are batched per carrier — one tracking per request where the style wants it — up to the batch size,
 * signed, and POSTed to `<SIM_WEBHOOK_TARGET>/<carrier>`. A refusal or no answer is retried under the same
 * delivery id with back-off, like a real carrier's sender; every attempt goes into the ledger. Faults are
 * applied on the way: per event (delay, reorder, unmapped code) when it is first released, per attempt
 * (bad signature, malformed body), per accepted delivery (duplicate).
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('WebhookDispatcher');
  private queue: WebhookDelivery[] = [];
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  private timerAtMs = Number.POSITIVE_INFINITY;
  private stopped = false;
  private generation = 0;
  private deliverySequence = 0;
  private unmappedSequence = 0;
  private readonly runTag = Date.now().toString(36);
  private drained?: () => void;

  constructor(
    private readonly store: JourneyStore,
    private readonly faults: FaultPlan,
    private readonly ledger: DeliveryLedger,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.wake();
  }

  /** Stops releasing events and waits (at most one webhook timeout) for the deliveries in flight. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.inFlight === 0) return;
    await Promise.race([new Promise<void>((resolve) => (this.drained = resolve)), new Promise((r) => setTimeout(r, this.config.webhook.timeoutMs + 500).unref())]);
  }

  /** Something changed (a journey started, a poll served events): look again now. */
  wake(): void {
    this.schedule(0);
  }

  status(): DispatcherStatus {
    return { queued: this.queue.length, inFlight: this.inFlight };
  }

  /** Forgets every delivery; answers still on their way are ignored. */
  reset(): void {
    this.generation += 1;
    this.queue = [];
    this.wake();
  }

  private schedule(requestedMs: number): void {
    if (this.stopped) return;
    const delayMs = Math.max(MIN_TICK_MS, requestedMs);
    const at = Date.now() + delayMs;
    if (this.timer && this.timerAtMs <= at) return;
    clearTimeout(this.timer);
    this.timerAtMs = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAtMs = Number.POSITIVE_INFINITY;
      this.tick();
    }, delayMs);
  }

  private tick(): void {
    const now = Date.now();
    try {
      this.release(now);
      this.pump(now);
    } catch (e) {
      this.log.error(`dispatch failed: ${(e as Error).stack ?? String(e)}`);
    }
    this.schedule(this.nextWakeMs(now));
  }

  /** Takes the releasable events of every running journey into new deliveries. */
  private release(now: number): void {
    const groups = new Map<string, { carrierCode: string; events: JourneyEvent[] }>();
    for (const journey of this.store.running()) {
      for (const e of this.take(journey, now)) {
        const dialect = this.pushDialect(e.event.carrierCode);
        const key = `${e.event.carrierCode}|${dialect.requestKey(e.event)}`;
        const group = groups.get(key) ?? { carrierCode: e.event.carrierCode, events: [] };
        group.events.push(e);
        groups.set(key, group);
      }
    }
    for (const { carrierCode, events } of groups.values()) {
      const max = Math.min(this.config.webhook.batchMax, this.pushDialect(carrierCode).maxEventsPerRequest);
      for (const part of chunk(events, max)) {
        const delivery: WebhookDelivery = { id: this.newDeliveryId(), carrierCode, events: part, attempt: 0, nextAttemptAtMs: now };
        for (const e of part) e.deliveries.push(delivery.id);
        this.queue.push(delivery);
      }
    }
  }

  /** The journey's releasable webhook events, after deciding each one's event-level faults once. */
  private take(journey: Journey, now: number): JourneyEvent[] {
    for (;;) {
      const { webhook } = releasableEvents(journey, now);
      const undecided = webhook.find((e) => !e.faultsDecided);
      if (!undecided) {
        for (const e of webhook) {
          e.state = 'IN_FLIGHT';
          e.firstSentAtMs ??= now;
        }
        return webhook;
      }
      undecided.faultsDecided = true;
      const carrierCode = undecided.event.carrierCode;
      const delay = this.fire('delay', carrierCode);
      if (delay) {
        undecided.heldUntilMs = now + delay.delayMs;
        undecided.faults.push(`delay ${delay.delayMs} ms (${delay.id})`);
      }
      const reorder = this.fire('reorder', carrierCode);
      if (reorder && swapWithNext(journey, journey.events.indexOf(undecided))) undecided.faults.push(`reorder (${reorder.id})`);
      const unmapped = this.fire('unmapped-code', carrierCode);
      if (unmapped) {
        const extra = unmappedEventAfter(undecided, ++this.unmappedSequence, { journeyId: journey.id, startedAtMs: journey.startedAtMs, timeScale: this.store.timeScale, originCountryCode: journey.originCountryCode });
        extra.faults = [`unmapped-code (${unmapped.id})`];
        journey.events.splice(journey.events.indexOf(undecided) + 1, 0, extra);
      }
    }
  }

  /** Starts due deliveries up to the concurrency limit. */
  private pump(now: number): void {
    while (this.inFlight < this.config.webhook.concurrency) {
      const index = this.queue.findIndex((d) => d.nextAttemptAtMs <= now);
      if (index < 0) return;
      const [delivery] = this.queue.splice(index, 1) as [WebhookDelivery];
      this.inFlight += 1;
      void this.attempt(delivery, this.generation).finally(() => {
        this.inFlight -= 1;
        if (this.inFlight === 0) this.drained?.();
        this.wake();
      });
    }
  }

  private async attempt(delivery: WebhookDelivery, generation: number): Promise<void> {
    const { carrierCode } = delivery;
    const dialect = this.pushDialect(carrierCode);
    delivery.attempt += 1;
    const context = { deliveryId: delivery.id, sentAtMs: Date.now() };
    const events = delivery.events.map((e) => e.event);
    const applied: string[] = [];
    let secret = this.config.secrets.get(carrierCode) as Buffer;
    const badSignature = this.fire('bad-signature', carrierCode);
    if (badSignature) {
      secret = WRONG_SECRET;
      applied.push(`bad-signature (${badSignature.id})`);
    }
    let body = dialect.render(events, context);
    const malformed = this.fire('malformed', carrierCode);
    if (malformed) {
      body = malformedBody(dialect, events, context, malformed.applied);
      applied.push(`malformed (${malformed.id})`);
    }
    const url = `${this.config.webhookTarget}/${encodeURIComponent(carrierCode)}`;
    const outcome = await postWebhook(url, body, dialect.signatureHeaders(body, secret, context), this.config.webhook.timeoutMs);
    if (generation !== this.generation) return; // reset meanwhile
    const accepted = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    this.ledger.append({
      channel: 'webhook',
      carrierCode,
      deliveryId: delivery.id,
      attempt: delivery.attempt,
      ...(delivery.duplicateOf ? { duplicateOf: delivery.duplicateOf } : {}),
      url,
      status: outcome.status,
      outcome: accepted ? 'ACCEPTED' : outcome.status === null ? 'NO_ANSWER' : 'REFUSED',
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.response !== undefined ? { response: outcome.response } : {}),
      durationMs: outcome.durationMs,
      faults: applied,
      events: events.map((e) => ({ ref: e.ref, journeyId: e.journeyId, trackingNumber: e.trackingNumber, rawCode: e.code.rawCode, occurredAt: e.occurredAt, ...(e.eventId ? { eventId: e.eventId } : {}) })),
    });
    webhookAttemptsTotal.inc({ carrier: carrierCode, outcome: outcome.status === null ? 'no-answer' : String(outcome.status) });
    const now = Date.now();
    if (accepted) {
      if (delivery.duplicateOf) return;
      for (const e of delivery.events) this.finish(e, 'ACCEPTED', now);
      webhookEventsAcceptedTotal.inc({ carrier: carrierCode }, delivery.events.length);
      const duplicate = this.fire('duplicate', carrierCode);
      if (duplicate) {
        for (const e of delivery.events) e.faults.push(`duplicate (${duplicate.id})`);
        this.queue.push({ id: this.newDeliveryId(), carrierCode, events: delivery.events, attempt: 0, nextAttemptAtMs: now, duplicateOf: delivery.id });
      }
      return;
    }
    if (delivery.attempt < this.config.webhook.maxAttempts) {
      // a 429 or 503 saying when to come back is obeyed (the gateway rate-limits anonymous callers)
      delivery.nextAttemptAtMs = now + Math.max(retryDelayMs(this.config.webhook, delivery.attempt), outcome.retryAfterMs ?? 0);
      this.queue.push(delivery);
      return;
    }
    this.log.warn(`delivery ${delivery.id} to ${carrierCode}: gave up after ${delivery.attempt} attempts (last: ${outcome.status ?? outcome.error})`);
    if (!delivery.duplicateOf) for (const e of delivery.events) this.finish(e, 'GAVE_UP', now);
  }

  private finish(e: JourneyEvent, state: 'ACCEPTED' | 'GAVE_UP', now: number): void {
    if (e.state !== 'IN_FLIGHT') return;
    e.state = state;
    e.doneAtMs = now;
  }

  private fire(kind: FaultKind, carrierCode: string) {
    const rule = this.faults.fire(kind, { target: 'webhook', carrierCode });
    if (rule) faultsAppliedTotal.inc({ kind, target: 'webhook', carrier: carrierCode });
    return rule;
  }

  private nextWakeMs(now: number): number {
    let next = now + IDLE_WAKE_MS;
    for (const j of this.store.running()) {
      const at = nextWakeOf(j, now);
      if (at !== undefined && at < next) next = at;
    }
    // a delivery due now but waiting for a free slot starts when one frees up (each attempt wakes the loop)
    for (const d of this.queue) if (d.nextAttemptAtMs > now && d.nextAttemptAtMs < next) next = d.nextAttemptAtMs;
    return Math.max(0, next - now);
  }

  private newDeliveryId(): string {
    return `sim_${this.runTag}_${++this.deliverySequence}`;
  }

  private pushDialect(carrierCode: string): PushDialect {
    const dialect = dialectOf(carrierCode);
    if (!isPushDialect(dialect)) throw new Error(`${carrierCode} does not push`);
    return dialect;
  }
}
