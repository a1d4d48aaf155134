import { Inject, Injectable } from '@nestjs/common';
import { CARRIER_SYNC_SERVICE, ORDER_SERVICE, SHIPMENT_SERVICE, TRACKING_SERVICE, UpstreamClient } from '../upstream/upstream-client';

/**
 * The services that keep dead letters, and the id prefix of each (`orders:<uuid>` is order-service's).
 * carrier-sync's prefix is written with a dash or an underscore (service name or schema name).
 */
@Injectable()
export class DeadLetterServices {
  readonly all: readonly UpstreamClient[];
  private readonly byPrefix: ReadonlyMap<string, UpstreamClient>;

  constructor(
    @Inject(ORDER_SERVICE) orders: UpstreamClient,
    @Inject(SHIPMENT_SERVICE) shipments: UpstreamClient,
    @Inject(CARRIER_SYNC_SERVICE) carrierSync: UpstreamClient,
    @Inject(TRACKING_SERVICE) tracking: UpstreamClient,
  ) {
    this.all = [orders, shipments, carrierSync, tracking];
    this.byPrefix = new Map([
      ['orders', orders],
      ['shipments', shipments],
      ['carrier-sync', carrierSync],
      ['carrier_sync', carrierSync],
      ['tracking', tracking],
    ]);
  }

  /** The service a dead letter's id belongs to, or undefined for an id no service gives. */
  ownerOf(id: string): UpstreamClient | undefined {
    const colon = id.indexOf(':');
    if (colon <= 0 || colon === id.length - 1) return undefined;
    return this.byPrefix.get(id.slice(0, colon));
  }
}
