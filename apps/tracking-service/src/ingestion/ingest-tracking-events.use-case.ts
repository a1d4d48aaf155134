import { Injectable } from '@nestjs/common';
import type { NormalizedTrackingEvent } from '@parcelstream/contracts';
import type { SqlExecutor } from '@parcelstream/messaging';
import { RecomputeTimelinesUseCase } from '../timeline/recompute-timelines.use-case';
import { IngestWritesRepository } from './ingest-writes.repository';
import type { ResolvedEvent } from './tracking-events.repository';
import { TrackingNumbersRepository, waybillKey, type WaybillLink } from './tracking-numbers.repository';

/**
 * Applies a batch of normalised carrier events in the consumer's transaction, set-based: link the waybills the
 * events name (their own, and a hand-over's next number), give events without a shipment id the shipment of
 * their waybill, upsert the events, attach earlier orphans of the linked waybills and lock the touched
 * shipments — one statement (`IngestWritesRepository`) — then recompute those shipments (load, fold, write,
 * milestones). When every event names its shipment (carrier-sync attributes them), that is 4 statements a batch
 * (5 when it holds a hand-over: the waybill locks that keep an orphan from passing its link unseen)
 * plus the ETA statistics when a prediction is needed; events without a shipment id add 2 (resolve them first).
 */
@Injectable()
export class IngestTrackingEventsUseCase {
  constructor(
    private readonly numbers: TrackingNumbersRepository,
    private readonly writes: IngestWritesRepository,
    private readonly recompute: RecomputeTimelinesUseCase,
  ) {}

  async execute(tx: SqlExecutor, batch: NormalizedTrackingEvent[]): Promise<void> {
    const resolved: ResolvedEvent[] = batch.map((e) => ({ ...e, resolvedShipmentId: e.shipmentId ?? null }));
    const links = resolved.filter((e) => e.resolvedShipmentId).flatMap((e) => linksOf(e));
    let unwritten = links;

    const unresolved = resolved.filter((e) => !e.resolvedShipmentId);
    // an orphan stored here and a hand-over linking its waybill elsewhere must not pass each other unseen
    await this.numbers.lockWaybills(tx, [...unresolved, ...links.filter((l) => l.linkedBy === 'HANDOVER')]);
    if (unresolved.length > 0) {
      // the batch's links first, so that resolving sees them as the newest link of their waybill
      await this.numbers.link(tx, links);
      const known = await this.numbers.resolve(tx, unresolved.map((e) => ({ carrierCode: e.carrierCode, trackingNumber: e.trackingNumber })));
      for (const e of unresolved) e.resolvedShipmentId = known.get(waybillKey(e.carrierCode, e.trackingNumber)) ?? null;
      const handovers = unresolved.filter((e) => e.resolvedShipmentId && e.nextTrackingNumber).flatMap((e) => linksOf(e));
      await this.numbers.lockWaybills(tx, handovers.filter((l) => l.linkedBy === 'HANDOVER'));
      unwritten = handovers;
      links.push(...handovers);
      // a hand-over in this batch may name the waybill of another event of the batch
      const inBatch = new Map(links.map((l) => [waybillKey(l.carrierCode, l.trackingNumber), l.shipmentId]));
      for (const e of unresolved) e.resolvedShipmentId ??= inBatch.get(waybillKey(e.carrierCode, e.trackingNumber)) ?? null;
    }

    const locked = await this.writes.storeAndLock(tx, { links: unwritten, events: resolved, attachFor: dedupeLinks(links) });
    await this.recompute.recomputeLocked(tx, locked);
  }
}

function linksOf(e: ResolvedEvent): WaybillLink[] {
  const shipmentId = e.resolvedShipmentId as string;
  const own: WaybillLink = { carrierCode: e.carrierCode, trackingNumber: e.trackingNumber, shipmentId, linkedBy: 'EVENT' };
  if (!e.nextTrackingNumber) return [own];
  const next: WaybillLink = {
    carrierCode: e.nextCarrierCode ?? e.carrierCode,
    trackingNumber: e.nextTrackingNumber,
    shipmentId,
    linkedBy: 'HANDOVER',
    from: { carrierCode: e.carrierCode, trackingNumber: e.trackingNumber },
  };
  return [own, next];
}

function dedupeLinks(links: WaybillLink[]) {
  return [...new Map(links.map((l) => [`${waybillKey(l.carrierCode, l.trackingNumber)}\u0000${l.shipmentId}`, l])).values()];
}
