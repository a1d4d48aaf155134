import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { listCarriers } from '@parcelstream/carriers';
import { OutboxRelay } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import { BackgroundLoop } from '../app/background-loop';
import { RawPayloadArchive, type RawPayload } from '../archive/raw-payload.archive';
import { CarrierApiClient, CarrierRateLimitedError } from '../carrier-api/carrier-api.client';
import { CircuitOpenError } from '../circuit-breaker/circuit-breaker';
import { CARRIER_SYNC_CONFIG, type CarrierSyncConfig } from '../config/carrier-sync.config';
import type { CarrierCheckpoint } from '../connectors/connector';
import { POLLED_CONNECTOR } from '../connectors/connector-registry';
import { inboundPayloadsTotal } from '../metrics/carrier-metrics';
import type { NormalizedCheckpoint } from '../normalization/normalize-checkpoint';
import { TrackingEventPublisher } from '../normalization/tracking-event.publisher';
import { nextPoll } from './poll-schedule';
import { PollTargetsRepository, type PollOutcome, type PollTarget } from './poll-targets.repository';
import { TokenBucket } from './token-bucket';

const MAX_PAGES = 20;

/**
 * Polls the polled carriers: leases due waybills in Postgres (SKIP LOCKED: replicas share the work), asks
 * the carrier's paginated API within its rate limit (a token bucket per carrier, `Retry-After` honoured,
 * the circuit breaker around it), publishes new events and reschedules each waybill adaptively.
 */
@Injectable()
export class PollWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('PollWorker');
  private readonly loops: BackgroundLoop[];
  readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly targets: PollTargetsRepository,
    private readonly api: CarrierApiClient,
    private readonly archive: RawPayloadArchive,
    private readonly publisher: TrackingEventPublisher,
    private readonly relay: OutboxRelay,
    @Inject(CARRIER_SYNC_CONFIG) private readonly config: CarrierSyncConfig,
  ) {
    const polled = listCarriers().filter((c) => c.connectorStyle === 'polled' && c.simulated);
    for (const c of polled) this.buckets.set(c.code, new TokenBucket(config.polling.ratePerSec, config.polling.burst));
    this.loops = polled.map((c) => new BackgroundLoop(`PollWorker:${c.code}`, () => this.round(c.code), config.polling.intervalMs));
  }

  onApplicationBootstrap(): void {
    if (this.config.backgroundWorkers) for (const l of this.loops) l.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.loops.map((l) => l.stop()));
  }

  /** One batch of due waybills of one carrier; returns the wait before the next round. */
  async round(carrierCode: string): Promise<number> {
    const { polling, carrierApiTimeoutMs } = this.config;
    const leaseMs = (carrierApiTimeoutMs + 1000) * MAX_PAGES + 10_000;
    const due = await this.dataSource.transaction((tx) => this.targets.leaseDue(tx, carrierCode, polling.batchSize, leaseMs));
    if (due.length === 0) return polling.intervalMs;
    const numbers = due.map((t) => t.trackingNumber);
    const bucket = this.buckets.get(carrierCode) as TokenBucket;
    const pages: { body: string; receivedAt: Date; checkpoints: CarrierCheckpoint[] }[] = [];
    try {
      for (let page: number | null = 1; page !== null && pages.length < MAX_PAGES; ) {
        await bucket.take();
        const body = await this.api.track(carrierCode, numbers, page);
        const parsed = POLLED_CONNECTOR.parsePage(body);
        const receivedAt = new Date();
        if (!parsed.ok) {
          await this.archive.record(this.dataSource, [this.archived(carrierCode, body, receivedAt, 'REJECTED', 0, `invalid page: ${parsed.errors[0]?.field} ${parsed.errors[0]?.message}`)]);
          inboundPayloadsTotal.inc({ carrier: carrierCode, channel: 'POLL', outcome: 'REJECTED' });
          break;
        }
        pages.push({ body: JSON.stringify(body), receivedAt, checkpoints: parsed.checkpoints });
        page = parsed.nextPage ?? null;
      }
    } catch (e) {
      if (e instanceof CarrierRateLimitedError) bucket.pauseFor(e.retryAfterMs);
      const delay = e instanceof CarrierRateLimitedError ? e.retryAfterMs : e instanceof CircuitOpenError ? Math.max(100, e.retryAt - Date.now()) : polling.nearDeliveryIntervalMs;
      this.log.warn(`poll ${carrierCode} failed (${(e as Error).message}); ${numbers.length} waybill(s) retried in ${delay} ms`);
      if (pages.length === 0) {
        await this.targets.release(this.dataSource, carrierCode, numbers, delay);
        return polling.intervalMs;
      }
    }
    await this.ingest(carrierCode, due, pages);
    return due.length === polling.batchSize ? 0 : polling.intervalMs;
  }

  private async ingest(carrierCode: string, due: PollTarget[], pages: { body: string; receivedAt: Date; checkpoints: CarrierCheckpoint[] }[]): Promise<void> {
    const normalized = pages.flatMap((p) => this.publisher.normalize(carrierCode, POLLED_CONNECTOR, p.checkpoints, p.receivedAt));
    const result = await this.dataSource.transaction(async (tx) => {
      const published = await this.publisher.publish(tx, carrierCode, normalized);
      await this.archive.record(
        tx,
        pages.map((p) => this.archived(carrierCode, p.body, p.receivedAt, 'ACCEPTED', p.checkpoints.length)),
      );
      const fresh = new Set(published.published.map((e) => e.trackingNumber));
      await this.targets.saveOutcomes(tx, carrierCode, due.map((t) => this.outcome(t, normalized, fresh.has(t.trackingNumber))));
      return published;
    });
    inboundPayloadsTotal.inc({ carrier: carrierCode, channel: 'POLL', outcome: 'ACCEPTED' }, pages.length);
    this.publisher.countCommitted(carrierCode, result);
    if (result.published.length > 0) this.relay.wake();
  }

  private outcome(target: PollTarget, normalized: NormalizedCheckpoint[], news: boolean): PollOutcome {
    const latest = normalized
      .filter((e) => e.trackingNumber === target.trackingNumber && e.status !== 'UNKNOWN')
      .reduce<NormalizedCheckpoint | undefined>((a, e) => (!a || Date.parse(e.occurredAt) >= Date.parse(a.occurredAt) ? e : a), undefined);
    const lastStatus = latest?.status ?? target.lastStatus;
    const lastSubstatus = latest ? (latest.substatus ?? null) : target.lastSubstatus;
    const idlePolls = news ? 0 : target.idlePolls + 1;
    const decision = nextPoll(lastStatus, lastSubstatus, idlePolls, this.config.polling);
    return {
      trackingNumber: target.trackingNumber,
      nextPollAt: decision.stop ? null : new Date(Date.now() + decision.delayMs),
      lastStatus,
      lastSubstatus,
      lastEventAt: latest ? new Date(latest.occurredAt).toISOString() : null,
      idlePolls,
    };
  }

  private archived(carrierCode: string, body: unknown, receivedAt: Date, outcome: RawPayload['outcome'], eventCount: number, reason?: string): RawPayload {
    return { carrierCode, channel: 'POLL', receivedAt, headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body), outcome, reason, eventCount };
  }
}
