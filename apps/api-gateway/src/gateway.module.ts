import { Inject, type MiddlewareConsumer, Module, type NestModule, type OnApplicationShutdown, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { callerIdentitySecret } from '@parcelstream/caller-identity';
import { MetricsModule, ReadinessState } from '@parcelstream/service-runtime';
import { AuthenticationGuard } from './auth/authentication.guard';
import { TokenVerifier } from './auth/token-verifier';
import { GATEWAY_ENV, type GatewayEnv } from './config/gateway.env';
import { DeadLetterServices } from './dead-letters/dead-letter-services';
import { ListDeadLettersUseCase } from './dead-letters/list-dead-letters.use-case';
import { ReplayDeadLetterUseCase } from './dead-letters/replay-dead-letter.use-case';
import { GatewayHealthController } from './health/gateway-health.controller';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RedisRateLimiter } from './rate-limit/rate-limiter';
import { CarriersController } from './routes/carriers.controller';
import { LogisticsPartnersController } from './routes/logistics-partners.controller';
import { OpsController } from './routes/ops.controller';
import { OrdersController } from './routes/orders.controller';
import { ShipmentsController } from './routes/shipments.controller';
import { TrackingController } from './routes/tracking.controller';
import { PublicTrackingLookupMiddleware } from './routes/public-tracking-lookup.middleware';
import { WebhooksController } from './routes/webhooks.controller';
import { EventStreamPassthrough } from './upstream/event-stream-passthrough';
import { ProxyResponder } from './upstream/proxy-responder';
import { CARRIER_SYNC_SERVICE, ORDER_SERVICE, SHIPMENT_SERVICE, TRACKING_SERVICE, UpstreamClient } from './upstream/upstream-client';

const upstream = (token: symbol, service: string, url: (env: GatewayEnv) => string) => ({
  provide: token,
  inject: [GATEWAY_ENV],
  useFactory: (env: GatewayEnv) => new UpstreamClient(service, url(env), env.CALLER_IDENTITY_SECRET ?? callerIdentitySecret()),
});

class GatewayResources implements OnApplicationShutdown {
  constructor(
    private readonly limiter: RedisRateLimiter,
    @Inject(ORDER_SERVICE) private readonly orders: UpstreamClient,
    @Inject(SHIPMENT_SERVICE) private readonly shipments: UpstreamClient,
    @Inject(TRACKING_SERVICE) private readonly tracking: UpstreamClient,
    @Inject(CARRIER_SYNC_SERVICE) private readonly carrierSync: UpstreamClient,
  ) {}

  onApplicationShutdown(): void {
    for (const u of [this.orders, this.shipments, this.tracking, this.carrierSync]) u.close();
    this.limiter.close();
  }
}

/** The one public door: auth, rate limits, validation, routing to the services' internal APIs. */
export class GatewayModule {
  static forEnv(env: GatewayEnv) {
    @Module({
      imports: [MetricsModule],
      controllers: [
        CarriersController,
        OrdersController,
        LogisticsPartnersController,
        ShipmentsController,
        TrackingController,
        WebhooksController,
        OpsController,
        GatewayHealthController,
      ],
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        {
          provide: TokenVerifier,
          useFactory: () =>
            new TokenVerifier({ issuer: env.AUTH_JWT_ISSUER, audience: env.AUTH_JWT_AUDIENCE, secret: env.AUTH_JWKS_URL ? undefined : env.AUTH_JWT_SECRET, jwksUrl: env.AUTH_JWKS_URL }),
        },
        { provide: RedisRateLimiter, useFactory: () => new RedisRateLimiter(env.REDIS_URL, env.RATE_LIMIT_WINDOW_SECONDS) },
        upstream(ORDER_SERVICE, 'order-service', (e) => e.ORDER_SERVICE_URL),
        upstream(SHIPMENT_SERVICE, 'shipment-service', (e) => e.SHIPMENT_SERVICE_URL),
        upstream(TRACKING_SERVICE, 'tracking-service', (e) => e.TRACKING_SERVICE_URL),
        upstream(CARRIER_SYNC_SERVICE, 'carrier-sync-service', (e) => e.CARRIER_SYNC_SERVICE_URL),
        ProxyResponder,
        EventStreamPassthrough,
        DeadLetterServices,
        ListDeadLettersUseCase,
        ReplayDeadLetterUseCase,
        ReadinessState,
        GatewayResources,
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    })
    class ApiGatewayModule implements NestModule {
      /** public waybill lookups are handled below the route chain (PublicTrackingLookupMiddleware) */
      configure(consumer: MiddlewareConsumer): void {
        consumer.apply(PublicTrackingLookupMiddleware).forRoutes({ path: 'v1/tracking/:trackingNumber', method: RequestMethod.GET });
      }
    }
    return ApiGatewayModule;
  }
}
