import { Injectable, NotFoundException } from '@nestjs/common';
import type { Caller } from '@parcelstream/caller-identity';
import { DataSource } from 'typeorm';
import type { OrderTrackingView } from './tracking.view';
import { TrackingViewsRepository } from './tracking-views.repository';

/** Every shipment of an order, for its buyer, its seller and ops; anyone else gets a 404 (ids are not enumerable). */
@Injectable()
export class GetOrderTrackingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly views: TrackingViewsRepository,
  ) {}

  async execute({ caller, orderNumber }: { caller: Caller; orderNumber: string }): Promise<OrderTrackingView> {
    const shipments = orderNumber.length <= 64 ? await this.views.byOrderNumber(this.dataSource, orderNumber, caller) : [];
    if (shipments.length === 0) throw new NotFoundException({ detail: `No tracking for order ${orderNumber}.` });
    return { orderNumber, shipments };
  }
}
