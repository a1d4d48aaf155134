import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BindLogisticsPartnerDto } from '@parcelstream/contracts';
import { AllowRoles } from '../auth/access.decorator';
import { ProblemResponse } from './problem-response';
import type { GatewayRequest } from '../auth/caller-context';
import { ProxyResponder, type ProxyResponse } from '../upstream/proxy-responder';
import { SHIPMENT_SERVICE, UpstreamClient } from '../upstream/upstream-client';

/** The calling seller's carrier bindings (shipment-service; "me" is the seller in the token). */
@ApiTags('logistics-partners')
@ApiBearerAuth()
@Controller('v1/sellers/me/logistics-partners')
export class LogisticsPartnersController {
  constructor(
    @Inject(SHIPMENT_SERVICE) private readonly shipments: UpstreamClient,
    private readonly proxy: ProxyResponder,
  ) {}

  @Get()
  @AllowRoles('seller')
  @ApiOperation({ summary: 'Bound carriers' })
  list(@Req() req: GatewayRequest, @Res() res: ProxyResponse) {
    return this.proxy.forward(this.shipments, req, res, { method: 'GET', path: '/sellers/me/logistics-partners' });
  }

  @Put(':carrierCode')
  @HttpCode(200)
  @AllowRoles('seller')
  @ApiOperation({ summary: 'Bind a carrier (or update the binding): 404 unknown carrier, 400 invalid account number' })
  @ProblemResponse(400, 'invalid body, or an account number the carrier’s rule refuses (errors[{ field: "accountNumber" }])')
  @ProblemResponse(404, 'the catalog has no such carrier')
  bind(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('carrierCode') carrierCode: string, @Body() body: BindLogisticsPartnerDto) {
    return this.proxy.forward(this.shipments, req, res, { method: 'PUT', path: `/sellers/me/logistics-partners/${encodeURIComponent(carrierCode)}`, body: JSON.stringify(body) });
  }

  @Delete(':carrierCode')
  @HttpCode(204)
  @AllowRoles('seller')
  @ApiOperation({ summary: 'Unbind (existing shipments keep working); 404 when never bound' })
  @ProblemResponse(404, 'unknown carrier, or never bound by this seller')
  unbind(@Req() req: GatewayRequest, @Res() res: ProxyResponse, @Param('carrierCode') carrierCode: string) {
    return this.proxy.forward(this.shipments, req, res, { method: 'DELETE', path: `/sellers/me/logistics-partners/${encodeURIComponent(carrierCode)}` });
  }
}
