import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CarrierHealthQuery, type CarrierHealthView } from './carrier-health.query';

/** Internal API, reached through the gateway's `GET /v1/ops/carriers` (ops only). */
@ApiTags('ops')
@Controller('ops/carriers')
export class OpsHttpController {
  constructor(private readonly health: CarrierHealthQuery) {}

  @Get()
  @ApiOperation({ summary: 'Per-carrier sync health: last success, error rate, lag, circuit, unmapped codes' })
  async carriers(): Promise<{ items: CarrierHealthView[] }> {
    return { items: await this.health.all() };
  }
}
