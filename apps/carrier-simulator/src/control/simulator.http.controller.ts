import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ResetDto } from './dto/reset.dto';
import { SimulatorStatusView } from './dto/simulator-status.view';
import { ResetSimulatorUseCase } from './use-cases/reset-simulator.use-case';
import { SimulatorStatusQuery } from './use-cases/simulator-status.query';

@ApiTags('control')
@Controller('control')
export class SimulatorHttpController {
  constructor(
    private readonly statusQuery: SimulatorStatusQuery,
    private readonly resetSimulator: ResetSimulatorUseCase,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Journeys, deliveries, faults, and `idle` (nothing left to send): what a checker waits on' })
  @ApiOkResponse({ type: SimulatorStatusView })
  status(): SimulatorStatusView {
    return this.statusQuery.execute();
  }

  @Post('reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget journeys, registrations, deliveries, faults and the ledger; optionally a new seed' })
  reset(@Body() body: ResetDto): void {
    this.resetSimulator.execute(body.seed);
  }
}
