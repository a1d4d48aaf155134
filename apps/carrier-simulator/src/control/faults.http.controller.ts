import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FaultPlan } from '../faults/fault-plan';
import { CreateFaultDto } from './dto/create-fault.dto';
import { FaultList, faultViewOf, FaultView } from './dto/fault.view';
import { InjectFaultUseCase } from './use-cases/inject-fault.use-case';

@ApiTags('control')
@Controller('control/faults')
export class FaultsHttpController {
  constructor(
    private readonly faults: FaultPlan,
    private readonly injectFault: InjectFaultUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Inject a fault: duplicate, reorder, delay, http5xx, timeout, malformed, unmapped-code, bad-signature (400 where it means nothing)' })
  @ApiCreatedResponse({ type: FaultView })
  create(@Body() body: CreateFaultDto): FaultView {
    const rule = this.injectFault.execute(body);
    return faultViewOf(rule, this.faults.isLive(rule));
  }

  @Get()
  @ApiOperation({ summary: 'Faults with how often each fired' })
  @ApiOkResponse({ type: FaultList })
  list(): FaultList {
    return { items: this.faults.list().map((r) => faultViewOf(r, this.faults.isLive(r))) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a fault (the outage ends)' })
  remove(@Param('id') id: string): void {
    if (!this.faults.remove(id)) throw new NotFoundException({ title: 'Unknown fault', detail: `No fault ${id}.` });
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove every fault' })
  clear(): void {
    this.faults.clear();
  }
}
