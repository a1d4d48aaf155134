import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ReadinessState } from '@parcelstream/service-runtime';

/**
 * Live while the process answers; ready while not draining. Readiness does not depend on the webhook
 * target: carrier-sync waits for the simulator (compose), and a real carrier is up whether or not the
 * platform takes its webhooks — deliveries are retried.
 */
@ApiExcludeController()
@Controller('health')
export class SimulatorHealthController {
  constructor(private readonly readiness: ReadinessState) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    if (this.readiness.isDraining) throw new ServiceUnavailableException({ detail: 'Draining: this instance is shutting down.' });
    return { status: 'ok' };
  }
}
