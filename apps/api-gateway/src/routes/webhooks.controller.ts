import { BadRequestException, Controller, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowAnyone, RateLimitClass } from '../auth/access.decorator';
import type { GatewayRequest } from '../auth/caller-context';
import { ProxyResponder, type ProxyResponse } from '../upstream/proxy-responder';
import { CARRIER_SYNC_SERVICE, UpstreamClient } from '../upstream/upstream-client';

/** Signed carrier pushes, forwarded byte for byte: the signatures are over the raw body. */
const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'aftership-hmac-sha256', 'sign', 'content-type'];

@ApiTags('webhooks')
@Controller('v1/webhooks/carriers')
export class WebhooksController {
  constructor(
    @Inject(CARRIER_SYNC_SERVICE) private readonly carrierSync: UpstreamClient,
    private readonly proxy: ProxyResponder,
  ) {}

  @Post(':carrierCode')
  @HttpCode(202)
  @AllowAnyone()
  @RateLimitClass('webhooks')
  @ApiOperation({ summary: "Inbound carrier events, authenticated by the carrier's signature scheme" })
  receive(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('carrierCode') carrierCode: string) {
    if (!req.rawBody) throw new BadRequestException({ detail: 'A JSON body is required.' });
    const headers: Record<string, string | undefined> = {};
    for (const name of SIGNATURE_HEADERS) {
      const v = req.headers[name];
      headers[name] = Array.isArray(v) ? v[0] : v;
    }
    return this.proxy.forward(this.carrierSync, req, res, {
      method: 'POST',
      path: `/webhooks/carriers/${encodeURIComponent(carrierCode)}`,
      body: req.rawBody,
      headers,
    });
  }
}
