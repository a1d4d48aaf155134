import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';
import { ReceiveWebhookUseCase, type WebhookReceipt } from './receive-webhook.use-case';

/** What the raw-body parser (see app/carrier-sync-app.ts) leaves on a webhook request: the bytes as sent. */
interface RawRequest {
  headers: IncomingHttpHeaders;
  body: unknown;
}

@ApiTags('webhooks')
@Controller('webhooks/carriers')
export class WebhooksHttpController {
  constructor(private readonly receive: ReceiveWebhookUseCase) {}

  @Post(':carrierCode')
  @HttpCode(202)
  @ApiOperation({ summary: 'Inbound carrier events (signed); 202 once durably stored' })
  accept(@Param('carrierCode') carrierCode: string, @Req() req: RawRequest): Promise<WebhookReceipt> {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    return this.receive.execute({ carrierCode, headers: req.headers, rawBody, receivedAt: new Date() });
  }
}
