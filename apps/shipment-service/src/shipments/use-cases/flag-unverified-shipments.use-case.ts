import { Injectable } from '@nestjs/common';
import { ShipmentVerificationFailedEvent } from '@parcelstream/contracts';
import { OutboxRelay, OutboxWriter } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import { UnverifiedShipmentsRepository } from '../verification/unverified-shipments.repository';

export interface FlagUnverifiedShipmentsCommand {
  /** may be fractional */
  windowHours: number;
  /** shipments per transaction */
  batchSize: number;
}

/**
 * Flags SELLER-model shipments with no physical carrier scan within the verification window as UNVERIFIED
 * and announces `shipment.verification-failed` for each, in the same transaction, batch after batch.
 * Returns how many were flagged.
 */
@Injectable()
export class FlagUnverifiedShipmentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unverified: UnverifiedShipmentsRepository,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(cmd: FlagUnverifiedShipmentsCommand): Promise<number> {
    const windowSeconds = cmd.windowHours * 3600;
    let total = 0;
    for (;;) {
      const flagged = await this.dataSource.transaction(async (tx) => {
        const rows = await this.unverified.flagOverdue(tx, windowSeconds, cmd.batchSize);
        await this.outbox.append(
          tx,
          rows.map((r) => ({
            contract: ShipmentVerificationFailedEvent,
            key: r.shipment_id,
            payload: { shipmentId: r.shipment_id, orderId: r.order_id, sellerId: r.seller_id, windowEndedAt: r.window_ended_at.toISOString() },
          })),
        );
        return rows.length;
      });
      total += flagged;
      if (flagged > 0) this.relay.wake();
      if (flagged < cmd.batchSize) return total;
    }
  }
}
