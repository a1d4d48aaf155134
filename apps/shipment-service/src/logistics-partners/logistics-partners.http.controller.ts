import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Caller, CALLER_HEADER, CurrentCaller } from '@parcelstream/caller-identity';
import { sellerIdOfCaller } from '../ownership/owner-filter';
import { BindLogisticsPartnerDto } from './dto/bind-logistics-partner.dto';
import { LogisticsPartnerBindingList, LogisticsPartnerBindingView } from './dto/logistics-partner-binding.view';
import { BindLogisticsPartnerUseCase } from './use-cases/bind-logistics-partner.use-case';
import { ListLogisticsPartnersUseCase } from './use-cases/list-logistics-partners.use-case';
import { UnbindLogisticsPartnerUseCase } from './use-cases/unbind-logistics-partner.use-case';

/** Internal API (the gateway maps `/v1/sellers/me/logistics-partners…` here); sellers only. */
@ApiTags('logistics-partners')
@ApiHeader({ name: CALLER_HEADER, description: "the gateway's signed caller identity (role seller)", required: true })
@Controller('sellers/me/logistics-partners')
export class LogisticsPartnersHttpController {
  constructor(
    private readonly bind: BindLogisticsPartnerUseCase,
    private readonly unbind: UnbindLogisticsPartnerUseCase,
    private readonly list: ListLogisticsPartnersUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "The seller's bound carriers" })
  @ApiOkResponse({ type: LogisticsPartnerBindingList })
  bound(@CurrentCaller(['seller']) caller: Caller): Promise<LogisticsPartnerBindingList> {
    return this.list.execute({ sellerId: sellerIdOfCaller(caller) });
  }

  @Put(':carrierCode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Bind a catalog carrier (or update / re-bind it): 404 unknown carrier, 400 invalid account number' })
  @ApiOkResponse({ type: LogisticsPartnerBindingView })
  @ApiResponse({ status: 400, description: 'application/problem+json: invalid account number (errors[{ field: "accountNumber" }])' })
  @ApiResponse({ status: 404, description: 'application/problem+json: the catalog has no such carrier' })
  put(@CurrentCaller(['seller']) caller: Caller, @Param('carrierCode') carrierCode: string, @Body() body: BindLogisticsPartnerDto): Promise<LogisticsPartnerBindingView> {
    return this.bind.execute({ sellerId: sellerIdOfCaller(caller), carrierCode, accountNumber: body.accountNumber, isDefault: body.isDefault });
  }

  @Delete(':carrierCode')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unbind a carrier (soft; existing shipments keep working)' })
  @ApiNoContentResponse({ description: 'unbound (also when it was unbound already)' })
  @ApiResponse({ status: 404, description: 'application/problem+json: unknown carrier, or never bound by this seller' })
  async remove(@CurrentCaller(['seller']) caller: Caller, @Param('carrierCode') carrierCode: string): Promise<void> {
    await this.unbind.execute({ sellerId: sellerIdOfCaller(caller), carrierCode });
  }
}
