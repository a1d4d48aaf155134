import { Injectable } from '@nestjs/common';
import { TrackingEventNormalizedEvent, type NormalizedTrackingEvent, type TrackingStatus } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter } from '@parcelstream/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdempotentExecution } from '../../idempotency/idempotent-execution';
import type { SellerTrackingUpdateAccepted } from '../dto/seller-tracking-update.dto';
import { sellerUpdateErrors, sellerUpdateRefusal } from '../rules/seller-tracking-update';
import { refused } from '../shipment-refused.exception';
import { ShipmentsRepository } from '../shipments.repository';

export interface PostSellerTrackingUpdateCommand {
  sellerId: string;
  shipmentId: string;
  update: {
    status: TrackingStatus;
    substatus?: string;
    description: string;
    occurredAt: string;
    location?: { city: string; region?: string; countryCode: string };
  };
  idempotencyKey?: string;
}

/**
 * A seller's manual logistics update on a SELLER-model shipment. It enters the same normalised topic as
 * carrier events (`carrier.tracking-events.normalized.v1`, key = shipment id) with `source: SELLER`, through
 * the outbox; tracking-service folds it into the timeline. It never counts as a carrier scan.
 */
@Injectable()
export class PostSellerTrackingUpdateUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shipments: ShipmentsRepository,
    private readonly idempotent: IdempotentExecution,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(cmd: PostSellerTrackingUpdateCommand): Promise<SellerTrackingUpdateAccepted> {
    const request = cmd.idempotencyKey
      ? { scope: `seller:${cmd.sellerId}`, key: cmd.idempotencyKey, operation: `POST /shipments/${cmd.shipmentId}/events`, body: cmd.update }
      : undefined;
    const { result, replayed } = await this.dataSource.transaction((tx) =>
      this.idempotent.once(tx, request, 202, async () => {
        const shipment = await this.shipments.lockForSeller(tx, cmd.shipmentId, cmd.sellerId);
        if (!shipment) throw refused({ reason: 'SHIPMENT_NOT_FOUND', detail: `No shipment ${cmd.shipmentId}.` });
        const refusal = sellerUpdateRefusal({ fulfillmentModel: shipment.fulfillment_model, status: shipment.status });
        if (refusal) throw refused(refusal);
        const errors = sellerUpdateErrors(cmd.update, new Date());
        if (errors.length > 0) throw refused({ reason: 'INVALID_TRACKING_UPDATE', detail: errors.map((e) => e.message).join('; '), errors });

        const id = randomUUID();
        const event: NormalizedTrackingEvent = {
          eventId: `seller:${id}`,
          shipmentId: shipment.shipment_id,
          carrierCode: shipment.carrier_code,
          trackingNumber: shipment.tracking_number as string, // SELLER-model shipments always have one
          status: cmd.update.status,
          substatus: cmd.update.substatus,
          rawCode: 'SELLER_UPDATE',
          description: cmd.update.description,
          occurredAt: cmd.update.occurredAt,
          location: cmd.update.location ? { city: cmd.update.location.city, region: cmd.update.location.region, countryCode: cmd.update.location.countryCode } : undefined,
          source: 'SELLER',
          receivedAt: new Date().toISOString(),
        };
        await this.outbox.append(tx, [{ contract: TrackingEventNormalizedEvent, key: shipment.shipment_id, payload: event, id }]);
        return { eventId: event.eventId };
      }),
    );
    if (!replayed) this.relay.wake();
    return result;
  }
}
