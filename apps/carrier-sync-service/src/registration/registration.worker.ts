import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { findCarrier } from '@parcelstream/carriers';
import { CarrierRegistrationFailedEvent, CarrierRegistrationSucceededEvent, CarrierWaybillAssignedEvent } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter, type OutboxEvent } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import { BackgroundLoop } from '../app/background-loop';
import { CarrierApiClient } from '../carrier-api/carrier-api.client';
import { CARRIER_SYNC_CONFIG, type CarrierSyncConfig } from '../config/carrier-sync.config';
import { PollTargetsRepository } from '../polling/poll-targets.repository';
import { ShipmentsRepository, type WaybillLeg } from '../shipments/shipments.repository';
import { failedRegistration } from './registration-outcome';
import { RegistrationsRepository, type DueRegistration, type RegistrationResult } from './registrations.repository';

const CLAIM_BATCH = 20;

/**
 * Registers PENDING shipments with their carriers: claims due rows (SKIP LOCKED, safe with replicas), calls
 * the carriers outside any transaction (timeout + circuit breaker per carrier), then writes every result and
 * its events (`registration-succeeded` / `-failed`, `waybill-assigned`) in ONE transaction via the outbox.
 */
@Injectable()
export class RegistrationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: BackgroundLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registrations: RegistrationsRepository,
    private readonly shipments: ShipmentsRepository,
    private readonly pollTargets: PollTargetsRepository,
    private readonly api: CarrierApiClient,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    @Inject(CARRIER_SYNC_CONFIG) private readonly config: CarrierSyncConfig,
  ) {
    this.loop = new BackgroundLoop('RegistrationWorker', () => this.round(), config.registration.idleMs);
  }

  onApplicationBootstrap(): void {
    if (this.config.backgroundWorkers) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  wakeSoon(): void {
    setTimeout(() => this.loop.wake(), 20).unref(); // after the consumer's transaction commits
  }

  /** One round; returns the wait before the next (0 = more may be due). */
  async round(): Promise<number> {
    const claimMs = this.config.carrierApiTimeoutMs * 2 + 5_000;
    const due = await this.dataSource.transaction((tx) => this.registrations.claimDue(tx, CLAIM_BATCH, claimMs));
    if (due.length === 0) return this.config.registration.idleMs;
    const results = await Promise.all(due.map((r) => this.attempt(r)));
    await this.record(due, results);
    return due.length === CLAIM_BATCH ? 0 : this.config.registration.idleMs;
  }

  private async attempt(r: DueRegistration): Promise<RegistrationResult & { trackingNumber?: string; allocated?: boolean }> {
    const carrier = findCarrier(r.carrierCode);
    const allocate = r.requestedTrackingNumber === null;
    if (!carrier) return { shipmentId: r.shipmentId, status: 'FAILED', error: `unknown carrier ${r.carrierCode}`, counted: true };
    if (!carrier.simulated) {
      // no outbound API for real carriers yet: their events come through their push connector
      if (allocate) return { shipmentId: r.shipmentId, status: 'FAILED', error: `${r.carrierCode} allocates no waybills through the platform`, counted: true };
      return { shipmentId: r.shipmentId, status: 'SUCCEEDED', trackingNumber: r.requestedTrackingNumber ?? undefined, counted: true };
    }
    const request = {
      shipmentRef: r.shipmentId,
      originCountryCode: r.originCountryCode,
      destinationCountryCode: r.destinationCountryCode,
      ...(allocate ? {} : { trackingNumber: r.requestedTrackingNumber as string }),
    };
    try {
      const answer = allocate ? await this.api.allocate(r.carrierCode, request) : await this.api.register(r.carrierCode, request);
      const trackingNumber = allocate ? answer.trackingNumber : (r.requestedTrackingNumber as string);
      if (typeof trackingNumber !== 'string' || trackingNumber.length === 0 || trackingNumber.length > 64) {
        return failedRegistration(r.shipmentId, r.attempts, new Error('the carrier answered without a tracking number'), this.config.registration, Date.now());
      }
      return { shipmentId: r.shipmentId, status: 'SUCCEEDED', trackingNumber, allocated: allocate, counted: true };
    } catch (e) {
      return failedRegistration(r.shipmentId, r.attempts, e, this.config.registration, Date.now());
    }
  }

  private async record(due: DueRegistration[], results: (RegistrationResult & { trackingNumber?: string; allocated?: boolean })[]): Promise<void> {
    const byId = new Map(due.map((d) => [d.shipmentId, d]));
    const now = new Date().toISOString();
    const events: OutboxEvent[] = [];
    const allocated: WaybillLeg[] = [];
    const polled: WaybillLeg[] = [];
    for (const r of results) {
      const d = byId.get(r.shipmentId) as DueRegistration;
      if (r.status === 'SUCCEEDED' && r.trackingNumber) {
        const leg = { shipmentId: r.shipmentId, carrierCode: d.carrierCode, trackingNumber: r.trackingNumber };
        if (r.allocated) {
          allocated.push(leg);
          events.push({ contract: CarrierWaybillAssignedEvent, key: r.shipmentId, payload: { shipmentId: r.shipmentId, carrierCode: d.carrierCode, trackingNumber: r.trackingNumber, assignedAt: now } });
        }
        if (findCarrier(d.carrierCode)?.connectorStyle === 'polled') polled.push(leg);
        events.push({ contract: CarrierRegistrationSucceededEvent, key: r.shipmentId, payload: { shipmentId: r.shipmentId, carrierCode: d.carrierCode, trackingNumber: r.trackingNumber, registeredAt: now } });
      } else if (r.status === 'FAILED') {
        events.push({
          contract: CarrierRegistrationFailedEvent,
          key: r.shipmentId,
          payload: {
            shipmentId: r.shipmentId,
            carrierCode: d.carrierCode,
            ...(d.requestedTrackingNumber ? { trackingNumber: d.requestedTrackingNumber } : {}),
            reason: (r.error ?? 'registration failed').slice(0, 500),
            failedAt: now,
          },
        });
      }
    }
    await this.dataSource.transaction(async (tx) => {
      await this.registrations.saveResults(tx, results);
      await this.shipments.setTrackingNumbers(tx, allocated);
      await this.pollTargets.add(tx, polled);
      await this.outbox.append(tx, events);
    });
    if (events.length > 0) this.relay.wake();
  }
}
