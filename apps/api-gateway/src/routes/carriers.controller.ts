import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { detectCarriers, listCarriers } from '@parcelstream/carriers';
import { AllowAnyone } from '../auth/access.decorator';

/** The carrier catalog is pure data: the gateway answers itself. */
@ApiTags('carriers')
@Controller('v1/carriers')
export class CarriersController {
  @Get()
  @AllowAnyone()
  @ApiOperation({ summary: 'Carrier catalog: code, name, fulfilment models, tracking-number formats' })
  list() {
    return {
      items: listCarriers().map((c) => ({
        code: c.code,
        name: c.name,
        fulfillmentModels: c.fulfillmentModels,
        platformContracted: c.platformContracted,
        trackingNumberFormats: c.trackingNumberFormats,
      })),
    };
  }

  @Get('detect')
  @AllowAnyone()
  @ApiOperation({ summary: 'Ranked candidate carriers for a tracking number' })
  @ApiQuery({ name: 'trackingNumber', required: true })
  detect(@Query('trackingNumber') trackingNumber: unknown) {
    if (typeof trackingNumber !== 'string' || trackingNumber.trim() === '' || trackingNumber.length > 64) {
      throw new BadRequestException({ detail: 'trackingNumber is required (1–64 characters).', errors: [{ field: 'trackingNumber', message: 'required' }] });
    }
    return { trackingNumber, candidates: detectCarriers(trackingNumber) };
  }
}
