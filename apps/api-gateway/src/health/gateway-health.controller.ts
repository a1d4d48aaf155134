import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ReadinessState } from '@parcelstream/service-runtime';
import { RedisRateLimiter } from '../rate-limit/rate-limiter';
import { CARRIER_SYNC_SERVICE, ORDER_SERVICE, SHIPMENT_SERVICE, TRACKING_SERVICE, UpstreamClient } from '../upstream/upstream-client';

/** Ready when Redis and every service behind the gateway answer, and not draining. */
@ApiExcludeController()
@Controller('health')
export class GatewayHealthController {
  private readonly upstreams: UpstreamClient[];

  constructor(
    private readonly readiness: ReadinessState,
    private readonly limiter: RedisRateLimiter,
    @Inject(ORDER_SERVICE) orders: UpstreamClient,
    @Inject(SHIPMENT_SERVICE) shipments: UpstreamClient,
    @Inject(TRACKING_SERVICE) tracking: UpstreamClient,
    @Inject(CARRIER_SYNC_SERVICE) carrierSync: UpstreamClient,
  ) {
    this.upstreams = [orders, shipments, tracking, carrierSync];
  }

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready() {
    if (this.readiness.isDraining) throw new ServiceUnavailableException({ detail: 'Draining: this instance is shutting down.' });
    const redis = await this.limiter.ping().then(
      () => 'up',
      () => 'down',
    );
    const services = Object.fromEntries(await Promise.all(this.upstreams.map(async (u) => [u.service, (await u.ping()) ? 'up' : 'down'] as const)));
    const details = { redis, ...services };
    if (Object.values(details).some((v) => v === 'down')) throw new ServiceUnavailableException({ status: 'error', detail: JSON.stringify(details) });
    return { status: 'ok', details };
  }
}
