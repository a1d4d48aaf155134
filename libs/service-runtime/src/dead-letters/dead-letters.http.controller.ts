import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '@parcelstream/caller-identity';
import { PageQuery } from '@parcelstream/contracts';
import { ListDeadLettersQuery } from './use-cases/list-dead-letters.query';
import { ReplayDeadLetterUseCase } from './use-cases/replay-dead-letter.use-case';

/** Internal ops API of every service (the gateway maps `/v1/ops/dead-letters…` here, routing by id prefix). */
@ApiTags('ops')
@ApiHeader({ name: 'x-parcelstream-caller', description: "the gateway's signed caller identity (role ops)" })
@Controller('ops/dead-letters')
export class DeadLettersHttpController {
  constructor(
    private readonly list: ListDeadLettersQuery,
    private readonly replay: ReplayDeadLetterUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "This service's dead letters, newest first (ops)" })
  index(@CurrentCaller(['ops']) _caller: Caller, @Query() query: PageQuery) {
    return this.list.execute(query.limit, query.cursor);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send the original message again to its original topic, through the outbox (ops)' })
  replayOne(@CurrentCaller(['ops']) _caller: Caller, @Param('id') id: string) {
    return this.replay.execute(id);
  }
}
