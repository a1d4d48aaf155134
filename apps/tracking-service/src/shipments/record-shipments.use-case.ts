import { Injectable } from '@nestjs/common';
import type { ShipmentCancelled, ShipmentCreated, ShipmentWaybillAssigned } from '@parcelstream/contracts';
import type { SqlExecutor } from '@parcelstream/messaging';
import { TrackingNumbersRepository } from '../ingestion/tracking-numbers.repository';
import { RecomputeTimelinesUseCase } from '../timeline/recompute-timelines.use-case';
import { ShipmentDirectoryRepository } from './shipment-directory.repository';

export type ShipmentFacts =
  | { kind: 'created'; shipments: ShipmentCreated[] }
  | { kind: 'waybill-assigned'; waybills: ShipmentWaybillAssigned[] }
  | { kind: 'cancelled'; cancellations: ShipmentCancelled[] };

/**
 * Records what shipment-service says about shipments (owners, lane, waybill, cancellation), links their waybills
 * (leg 1), attaches carrier events that came first, and recomputes those shipments. Set-based per batch.
 */
@Injectable()
export class RecordShipmentsUseCase {
  constructor(
    private readonly directory: ShipmentDirectoryRepository,
    private readonly numbers: TrackingNumbersRepository,
    private readonly recompute: RecomputeTimelinesUseCase,
  ) {}

  async execute(tx: SqlExecutor, facts: ShipmentFacts): Promise<void> {
    let shipmentIds: string[];
    let waybills: { carrierCode: string; trackingNumber: string; shipmentId: string }[] = [];
    switch (facts.kind) {
      case 'created':
        await this.directory.recordCreated(tx, facts.shipments);
        shipmentIds = facts.shipments.map((s) => s.shipmentId);
        waybills = facts.shipments.flatMap((s) => (s.trackingNumber ? [{ carrierCode: s.carrierCode, trackingNumber: s.trackingNumber, shipmentId: s.shipmentId }] : []));
        break;
      case 'waybill-assigned':
        shipmentIds = facts.waybills.map((w) => w.shipmentId);
        waybills = facts.waybills.map((w) => ({ carrierCode: w.carrierCode, trackingNumber: w.trackingNumber, shipmentId: w.shipmentId }));
        break;
      case 'cancelled':
        await this.directory.markCancelled(tx, facts.cancellations.map((c) => ({ shipmentId: c.shipmentId, cancelledAt: c.cancelledAt })));
        shipmentIds = facts.cancellations.map((c) => c.shipmentId);
        break;
      default:
        return assertUnreachable(facts);
    }
    await this.numbers.lockWaybills(tx, waybills); // orphans of these waybills being stored meanwhile: see lockWaybills
    await this.numbers.link(tx, waybills.map((w) => ({ ...w, linkedBy: 'SHIPMENT' as const })));
    const attached = await this.numbers.attachOrphans(tx, waybills);
    await this.recompute.execute(tx, [...new Set([...shipmentIds, ...attached])]);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`unexpected shipment facts ${JSON.stringify(value)}`);
}
