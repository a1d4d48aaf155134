import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowRoles } from '../auth/access.decorator';
import { ProblemResponse } from './problem-response';
import type { GatewayRequest } from '../auth/caller-context';
import { DeadLetterPageQuery } from '../dead-letters/dead-letter-page.query';
import { ListDeadLettersUseCase } from '../dead-letters/list-dead-letters.use-case';
import { ReplayDeadLetterUseCase } from '../dead-letters/replay-dead-letter.use-case';
import { ProxyResponder, type ProxyResponse } from '../upstream/proxy-responder';
import { CARRIER_SYNC_SERVICE, UpstreamClient } from '../upstream/upstream-client';

/** Ops only: carrier sync health, and the dead letters of every service. */
@ApiTags('ops')
@ApiBearerAuth()
@Controller('v1/ops')
export class OpsController {
  constructor(
    @Inject(CARRIER_SYNC_SERVICE) private readonly carrierSync: UpstreamClient,
    private readonly proxy: ProxyResponder,
    private readonly listDeadLetters: ListDeadLettersUseCase,
    private readonly replayDeadLetter: ReplayDeadLetterUseCase,
  ) {}

  @Get('carriers')
  @AllowRoles('ops')
  @ApiOperation({ summary: 'Per-carrier sync health: last success, error rate, lag, circuit, unmapped codes' })
  carriers(@Req() req: GatewayRequest, @Res() res: ProxyResponse) {
    return this.proxy.forward(this.carrierSync, req, res, { method: 'GET', path: '/ops/carriers' });
  }

  @Get('dead-letters')
  @AllowRoles('ops')
  @ApiOperation({
    summary: 'Failed messages of every service with their reasons, newest first',
    description: 'Merged from order-, shipment-, carrier-sync- and tracking-service; ids are prefixed by service (`orders:<uuid>`). 503 when a service does not answer.',
  })
  @ProblemResponse(400, 'limit outside 1–100, or a cursor this list did not give')
  @ProblemResponse(502, 'a service answered its list with an error (named in detail)')
  @ProblemResponse(503, 'a service is not answering (named in detail)')
  deadLetters(@Req() req: GatewayRequest, @Query() page: DeadLetterPageQuery) {
    return this.listDeadLetters.execute({ caller: req.caller ?? { kind: 'anonymous' }, limit: page.limit ?? 20, cursor: page.cursor });
  }

  @Post('dead-letters/:id/replay')
  @HttpCode(202)
  @AllowRoles('ops')
  @ApiOperation({ summary: 'Replay a dead letter on the service its id names (404 for an id no service gives)' })
  @ProblemResponse(404, 'no such dead letter (also for an id no service gives)')
  replay(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('id') id: string) {
    return this.replayDeadLetter.execute(id, req, res);
  }
}
