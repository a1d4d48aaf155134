import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { KafkaHealthIndicator, PostgresHealthIndicator } from '@parcelstream/nest-messaging';
import { ReadinessState } from './readiness-state';

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly postgres: PostgresHealthIndicator,
    private readonly readiness: ReadinessState,
  ) {}

  /** The process is up and its event loop answers. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Kafka and Postgres answer, and the app is not shutting down. */
  @Get('ready')
  @HealthCheck()
  ready() {
    if (this.readiness.isDraining) throw new ServiceUnavailableException({ detail: 'Draining: this instance is shutting down.' });
    return this.health.check([() => this.postgres.check(), () => this.kafka.check()]);
  }
}
