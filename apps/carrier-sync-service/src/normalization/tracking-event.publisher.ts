import { Injectable } from '@nestjs/common';
import { TrackingEventNormalizedEvent, type NormalizedTrackingEvent } from '@parcelstream/contracts';
import { OutboxWriter, rowsOf, type SqlExecutor } from '@parcelstream/messaging';
import type { CarrierCheckpoint, Connector } from '../connectors/connector';
import { codeLabel, normalizedEventsTotal, unmappedCodesTotal } from '../metrics/carrier-metrics';
import { ShipmentsRepository, type WaybillLeg } from '../shipments/shipments.repository';
import { normalizeCheckpoint, type NormalizedCheckpoint } from './normalize-checkpoint';

export interface PublishResult {
  /** events written to the outbox */
  published: NormalizedTrackingEvent[];
  /** checkpoints already published before (same carrier event id or fingerprint) */
  alreadySeen: number;
  unmapped: Map<string, number>;
}

/**
 * Normalises a carrier's checkpoints and writes them to the outbox inside the caller's transaction — set-based:
 * one attribution query, one de-duplication insert, one outbox append per call, however many events.
 * Key: the shipmentId, else `carrier:number` (an event for a waybill we never registered still travels).
 */
@Injectable()
export class TrackingEventPublisher {
  constructor(
    private readonly shipments: ShipmentsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  normalize(carrierCode: string, connector: Connector, checkpoints: CarrierCheckpoint[], receivedAt: Date): NormalizedCheckpoint[] {
    return checkpoints.map((c) => normalizeCheckpoint(carrierCode, connector, c, receivedAt));
  }

  /**
   * @param republish true for re-normalisation: publish even what was published before (its status may
   * have changed with the mapping).
   */
  async publish(tx: SqlExecutor, carrierCode: string, normalized: NormalizedCheckpoint[], { republish = false } = {}): Promise<PublishResult> {
    const unique = [...new Map(normalized.map((e) => [e.eventId, e])).values()];
    let fresh = unique;
    if (!republish && unique.length > 0) {
      const inserted = rowsOf<{ event_id: string }>(
        await tx.query(
          `INSERT INTO carrier_sync.carrier_events (carrier_code, event_id) SELECT $1, unnest($2::text[])
           ON CONFLICT DO NOTHING RETURNING event_id`,
          [carrierCode, unique.map((e) => e.eventId)],
        ),
      );
      const ids = new Set(inserted.map((r) => r.event_id));
      fresh = unique.filter((e) => ids.has(e.eventId));
    }
    const owners = await this.shipments.attribute(tx, carrierCode, fresh.map((e) => e.trackingNumber));
    const handOvers: WaybillLeg[] = [];
    const unmapped = new Map<string, number>();
    const published: NormalizedTrackingEvent[] = fresh.map(({ mapped, ...event }) => {
      const shipmentId = owners.get(event.trackingNumber);
      if (!mapped) unmapped.set(event.rawCode, (unmapped.get(event.rawCode) ?? 0) + 1);
      if (shipmentId && event.nextTrackingNumber && event.nextCarrierCode) {
        handOvers.push({ carrierCode: event.nextCarrierCode, trackingNumber: event.nextTrackingNumber, shipmentId });
      }
      return shipmentId ? { ...event, shipmentId } : event;
    });
    await this.outbox.append(
      tx,
      published.map((e) => ({ contract: TrackingEventNormalizedEvent, key: e.shipmentId ?? `${carrierCode}:${e.trackingNumber}`, payload: e })),
    );
    await this.shipments.addLegs(tx, handOvers, 2);
    if (unmapped.size > 0) {
      await tx.query(
        `INSERT INTO carrier_sync.unmapped_codes (carrier_code, raw_code, occurrences)
         SELECT $1, code, n FROM unnest($2::text[], $3::bigint[]) AS t(code, n)
         ON CONFLICT (carrier_code, raw_code) DO UPDATE SET occurrences = unmapped_codes.occurrences + EXCLUDED.occurrences, last_seen_at = now()`,
        [carrierCode, [...unmapped.keys()], [...unmapped.values()]],
      );
    }
    return { published, alreadySeen: unique.length - fresh.length + (normalized.length - unique.length), unmapped };
  }

  /** After the transaction committed: the counters. */
  countCommitted(carrierCode: string, result: PublishResult): void {
    for (const [code, n] of result.unmapped) unmappedCodesTotal.inc({ carrier: carrierCode, code: codeLabel(code) }, n);
    const byStatus = new Map<string, number>();
    for (const e of result.published) byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1);
    for (const [status, n] of byStatus) normalizedEventsTotal.inc({ carrier: carrierCode, status }, n);
  }
}
