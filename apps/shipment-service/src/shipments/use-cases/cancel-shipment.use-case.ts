import { Injectable } from '@nestjs/common';
import { ShipmentCancelledEvent } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import type { ShipmentView } from '../dto/shipment.view';
import { cancellationDecision } from '../rules/shipment-cancellation';
import { refused } from '../shipment-refused.exception';
import { toShipmentView } from '../shipment.row';
import { ShipmentsRepository } from '../shipments.repository';

export interface CancelShipmentCommand {
  sellerId: string;
  shipmentId: string;
  reason?: string;
}

/**
 * The seller cancels a shipment before its carrier's first scan (its items become shippable again) and
 * `shipment.cancelled` is announced. Cancelling a cancelled shipment answers it again; after a scan, 409.
 */
@Injectable()
export class CancelShipmentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shipments: ShipmentsRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(cmd: CancelShipmentCommand): Promise<ShipmentView> {
    const { view, changed } = await this.dataSource.transaction(async (tx) => {
      const shipment = await this.shipments.lockForSeller(tx, cmd.shipmentId, cmd.sellerId);
      if (!shipment) throw refused({ reason: 'SHIPMENT_NOT_FOUND', detail: `No shipment ${cmd.shipmentId}.` });
      const decision = cancellationDecision({ status: shipment.status, firstScanAt: shipment.first_scan_at });
      switch (decision) {
        case 'ALREADY_CANCELLED':
          return { view: toShipmentView(shipment), changed: false };
        case 'ALREADY_SCANNED':
          throw refused({
            reason: 'ALREADY_SCANNED',
            detail: `The carrier scanned this shipment at ${shipment.first_scan_at?.toISOString()}; it can no longer be cancelled.`,
          });
        case 'CANCEL': {
          const cancelled = await this.shipments.cancel(tx, shipment.shipment_id, cmd.reason ?? 'cancelled by the seller');
          await this.outbox.append(tx, [
            {
              contract: ShipmentCancelledEvent,
              key: cancelled.shipment_id,
              payload: {
                shipmentId: cancelled.shipment_id,
                orderId: cancelled.order_id,
                reason: cancelled.cancellation_reason ?? undefined,
                cancelledAt: cancelled.cancelled_at.toISOString(),
              },
            },
          ]);
          return { view: toShipmentView(await this.shipments.getById(tx, shipment.shipment_id)), changed: true };
        }
      }
    });
    if (changed) this.relay.wake();
    return view;
  }
}
