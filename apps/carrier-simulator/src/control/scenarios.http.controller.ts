import { Body, ConflictException, Controller, NotFoundException, Param, Put, UnprocessableEntityException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { validateWaybill } from '@parcelstream/carriers';
import { simulatedCarrier } from '../carriers/simulated-carriers';
import { drawScenario, ImpossibleScenarioError } from '../journeys/journey-scenario';
import { JourneyStore } from '../journeys/journey-store';
import { SeededRandom } from '../journeys/seeded-random';
import { PlanScenarioDto } from './dto/plan-scenario.dto';

/**
 * Planned scenarios: a test or a demo decides what happens to a parcel whose number the platform will register
 * (SELLER model: the seller's number is known before carrier-sync calls). The registration's journey plays the
 * plan; the rest is drawn from the seed as usual.
 */
@ApiTags('control')
@Controller('control/scenarios')
export class ScenariosHttpController {
  constructor(private readonly store: JourneyStore) {}

  @Put(':carrierCode/:trackingNumber')
  @ApiOperation({ summary: 'Plan the scenario of the journey the next registration of this number starts; 409 when it already plays, 422 an invalid number or an impossible scenario' })
  plan(@Param('carrierCode') carrierCode: string, @Param('trackingNumber') trackingNumber: string, @Body() body: PlanScenarioDto) {
    if (!simulatedCarrier(carrierCode)) throw new NotFoundException({ title: 'Unknown carrier', detail: `The simulator plays no carrier "${carrierCode}".` });
    const check = validateWaybill(carrierCode, trackingNumber);
    if (!check.valid) throw new UnprocessableEntityException({ title: 'Invalid tracking number', detail: check.reason });
    if (this.store.findByNumber(carrierCode, check.normalized)) throw new ConflictException({ title: 'Journey exists', detail: `${check.normalized} already plays.` });
    const overrides = { customs: body.customs, failedAttempts: body.failedAttempts, outcome: body.outcome };
    try {
      // checked for sense now, as a cross-border parcel when customs are planned (a domestic one has none)
      drawScenario(new SeededRandom('plan-check'), { crossBorder: body.customs !== undefined, handOver: true }, overrides);
    } catch (e) {
      if (e instanceof ImpossibleScenarioError) throw new UnprocessableEntityException({ title: 'Impossible scenario', detail: e.message });
      throw e;
    }
    this.store.plan(carrierCode, check.normalized, overrides);
    return { carrierCode, trackingNumber: check.normalized, ...body };
  }
}
