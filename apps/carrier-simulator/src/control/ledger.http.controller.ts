import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeliveryLedger, type LedgerEntry } from '../ledger/delivery-ledger';
import { LedgerQuery } from './dto/ledger.query';

@ApiTags('control')
@Controller('control/ledger')
export class LedgerHttpController {
  constructor(private readonly ledger: DeliveryLedger) {}

  @Get()
  @ApiOperation({ summary: 'Every webhook delivery attempt (with the platform answer) and API answer, oldest first; page with afterSeq=nextSeq' })
  list(@Query() q: LedgerQuery): { items: LedgerEntry[]; nextSeq: number | null } {
    return this.ledger.query({ channel: q.channel, carrierCode: q.carrier, trackingNumber: q.trackingNumber, journeyId: q.journeyId, status: q.status, afterSeq: q.afterSeq, limit: q.limit });
  }
}
