import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JourneyStore } from '../journeys/journey-store';
import { CreateJourneyDto } from './dto/create-journey.dto';
import { journeySummaryOf, journeyViewOf, JourneyList, JourneyView } from './dto/journey.view';
import { ListJourneysQuery } from './dto/list-journeys.query';
import { StartJourneysUseCase } from './use-cases/start-journeys.use-case';

@ApiTags('control')
@Controller('control/journeys')
export class JourneysHttpController {
  constructor(
    private readonly store: JourneyStore,
    private readonly startJourneys: StartJourneysUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Start journeys directly (scenario drawn from the seed, or forced); 422 an invalid number or impossible scenario, 409 a number already playing' })
  @ApiCreatedResponse({ type: JourneyList })
  create(@Body() body: CreateJourneyDto): { items: JourneyView[] } {
    return { items: this.startJourneys.execute(body).map((j) => journeyViewOf(j)) };
  }

  @Get()
  @ApiOperation({ summary: 'Journeys, oldest first (summaries)' })
  @ApiOkResponse({ type: JourneyList })
  list(@Query() query: ListJourneysQuery): JourneyList {
    const now = Date.now();
    const items = this.store
      .all()
      .filter((j) => !query.carrier || j.carrierCode === query.carrier)
      .filter((j) => !query.shipmentRef || j.shipmentRef === query.shipmentRef)
      .map((j) => journeySummaryOf(j, now))
      .filter((j) => !query.state || j.state === query.state);
    return { items: items.slice(0, query.limit ?? 1000) };
  }

  @Get(':idOrNumber')
  @ApiOperation({ summary: 'One journey by id or by either leg’s tracking number: scenario, and every scripted and emitted event with its state' })
  @ApiOkResponse({ type: JourneyView })
  get(@Param('idOrNumber') idOrNumber: string): JourneyView {
    const journey = this.store.find(idOrNumber) ?? this.store.findByAnyNumber(idOrNumber);
    if (!journey) throw new NotFoundException({ title: 'Unknown journey', detail: `No journey ${idOrNumber}.` });
    return journeyViewOf(journey);
  }
}
