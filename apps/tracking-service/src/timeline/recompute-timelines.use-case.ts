import { Inject, Injectable } from '@nestjs/common';
import { isTerminal, TrackingEtaRevisedEvent, TrackingStatusChangedEvent } from '@parcelstream/contracts';
import { OutboxWriter, type OutboxEvent, type SqlExecutor } from '@parcelstream/messaging';
import { TRACKING_CONFIG, type TrackingConfig } from '../config/tracking-config';
import { predictedWindow, type TransitStats } from '../eta/predicted-window';
import { laneKey, TransitSamplesRepository, type TransitSample } from '../eta/transit-samples.repository';
import { TrackingEventsRepository } from '../ingestion/tracking-events.repository';
import { computeTimeline, type FoldEvent, type Timeline } from './compute-timeline';
import { ShipmentTrackingRepository, type ShipmentTrackingRow, type ShipmentTrackingState } from './shipment-tracking.repository';
import { timelineChanged, TimelineVersionsRepository } from './timeline-versions.repository';

const HOUR_MS = 3_600_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

interface Folded {
  row: ShipmentTrackingRow;
  timeline: Timeline<FoldEvent>;
  carrierCode: string | null;
  origin: string | null;
  destination: string | null;
}

/**
 * Recomputes the state of the shipments a batch touched, in the batch's transaction: locks their rows, loads
 * their events in one query, folds each timeline in memory, writes every state back in one statement, and
 * records a timeline version for each shipment whose view changed, and appends the milestones (status changes,
 * ETA revisions) and the timeline changes (live streams) to the outbox in one insert.
 */
@Injectable()
export class RecomputeTimelinesUseCase {
  constructor(
    private readonly states: ShipmentTrackingRepository,
    private readonly events: TrackingEventsRepository,
    private readonly transit: TransitSamplesRepository,
    private readonly versions: TimelineVersionsRepository,
    private readonly outbox: OutboxWriter,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  async execute(tx: SqlExecutor, shipmentIds: string[]): Promise<void> {
    if (shipmentIds.length === 0) return;
    await this.recomputeLocked(tx, await this.states.lock(tx, shipmentIds));
  }

  /** The same for rows this transaction has locked already (in a statement before this one). */
  async recomputeLocked(tx: SqlExecutor, rows: Map<string, ShipmentTrackingRow>): Promise<void> {
    if (rows.size === 0) return;
    const eventsByShipment = await this.events.loadForFold(tx, [...rows.keys()]);
    const folded: Folded[] = [...rows.values()].map((row) => {
      const events = eventsByShipment.get(row.shipmentId) ?? [];
      const timeline = computeTimeline(events, { cancelledAt: iso(row.cancelledAt), expiredAt: iso(row.expiredAt) });
      const delivered = timeline.status === 'DELIVERED';
      return {
        row,
        timeline,
        carrierCode: row.carrierCode ?? events[0]?.carrierCode ?? null,
        origin: row.originCountryCode ?? timeline.firstCountryCode,
        destination: row.destinationCountryCode ?? (delivered ? (timeline.lastLocation?.countryCode ?? null) : null),
      };
    });

    const needPrediction = folded.filter((f) => !isTerminal(f.timeline.status) && !f.timeline.carrierEstimate && f.carrierCode);
    const stats = await this.transit.stats(
      tx,
      needPrediction.map((f) => ({ carrierCode: f.carrierCode as string, origin: f.origin, destination: f.destination })),
      this.config.etaSampleSize,
    );

    const states: ShipmentTrackingState[] = [];
    const samples: TransitSample[] = [];
    const milestones: OutboxEvent[] = [];
    const now = new Date().toISOString();
    for (const f of folded) {
      const { row, timeline: t } = f;
      const predicted = needPrediction.includes(f) ? this.predict(f, stats) : null;
      states.push({
        shipmentId: row.shipmentId,
        status: t.status,
        substatus: t.substatus,
        statusSince: t.statusSince,
        actionRequired: t.actionRequired,
        lastLocation: t.lastLocation,
        customs: t.customs,
        carrierEta: isTerminal(t.status) ? null : t.carrierEstimate,
        predictedEta: predicted,
        firstScanAt: t.firstScanAt,
        lastEventAt: t.lastEventAt,
        deliveredAt: t.deliveredAt,
        eventCount: t.events.length,
      });
      const trackingNumber = t.currentTrackingNumber ?? row.latestTrackingNumber ?? '';
      if (t.status !== row.status || t.substatus !== row.substatus) {
        milestones.push({
          contract: TrackingStatusChangedEvent,
          key: row.shipmentId,
          payload: {
            shipmentId: row.shipmentId,
            trackingNumber,
            previousStatus: row.status,
            status: t.status,
            ...(t.substatus ? { substatus: t.substatus } : {}),
            occurredAt: t.statusSince ? new Date(t.statusSince).toISOString() : now,
          },
        });
      }
      const eta = isTerminal(t.status) ? null : (t.carrierEstimate ?? predicted);
      if (eta && !sameWindow(row.eta, eta)) {
        milestones.push({
          contract: TrackingEtaRevisedEvent,
          key: row.shipmentId,
          payload: {
            shipmentId: row.shipmentId,
            trackingNumber,
            ...(row.eta ? { previous: { from: row.eta.from.toISOString(), to: row.eta.to.toISOString() } } : {}),
            estimatedDelivery: { from: new Date(eta.from).toISOString(), to: new Date(eta.to).toISOString() },
            source: t.carrierEstimate ? 'CARRIER' : 'PREDICTED',
            revisedAt: now,
          },
        });
      }
      if (t.deliveredAt && !row.deliveredAt && t.firstScanAt && f.carrierCode && f.origin && f.destination) {
        const hours = (Date.parse(t.deliveredAt) - Date.parse(t.firstScanAt)) / HOUR_MS;
        if (hours >= 0) samples.push({ shipmentId: row.shipmentId, carrierCode: f.carrierCode, originCountryCode: f.origin, destinationCountryCode: f.destination, transitHours: hours, deliveredAt: t.deliveredAt });
      }
    }
    await this.states.write(tx, states);
    await this.transit.record(tx, samples);
    const versions = await this.versions.record(tx, states.map((s) => s.shipmentId));
    await this.outbox.append(tx, [...milestones, ...versions.map(timelineChanged)]);
  }

  private predict(f: Folded, stats: Map<string, TransitStats>) {
    const carrier = f.carrierCode as string;
    const anchor = f.timeline.firstScanAt ? new Date(f.timeline.firstScanAt) : (f.row.shipmentCreatedAt ?? f.row.firstSeenAt);
    return predictedWindow(
      anchor,
      { originCountryCode: f.origin, destinationCountryCode: f.destination },
      stats.get(laneKey(carrier, f.origin, f.destination)),
      stats.get(laneKey(carrier, null, null)),
    );
  }
}

function sameWindow(a: { from: Date; to: Date } | null, b: { from: string; to: string }): boolean {
  return a !== null && a.from.getTime() === Date.parse(b.from) && a.to.getTime() === Date.parse(b.to);
}
