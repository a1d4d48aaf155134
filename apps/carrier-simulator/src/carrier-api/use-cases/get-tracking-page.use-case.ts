import { Inject, Injectable } from '@nestjs/common';
import { POLLED_DIALECT } from '../../carriers/dialects';
import { simulatedCarrier } from '../../carriers/simulated-carriers';
import { SIMULATOR_CONFIG, type SimulatorConfig } from '../../config/simulator.config';
import type { JourneyEvent } from '../../journeys/journey';
import { unmappedEventAfter } from '../../journeys/journey-events';
import { releasableEvents } from '../../journeys/journey-progress';
import { JourneyStore } from '../../journeys/journey-store';
import { CarrierApiRefusal } from '../carrier-api-refusal';
import { CarrierApiFaults } from '../carrier-api-faults';

export interface TrackingPage {
  body: { page: number; pages: number; shipments: { no: string; evts: Record<string, unknown>[] }[] };
  /** the journey events it shows (marked served once the answer went out clean) */
  shown: JourneyEvent[];
  applied: string[];
}

/**
 * The polled carrier's tracking API: for the numbers asked, page by page (`SIM_POLL_PAGE_SIZE` shipments a
 * page), every event that is due — the whole history so far, with the carrier's event ids, as a real
 * tracking API answers; the platform de-duplicates. Tracking-only faults act here: an extra event with an
 * unknown letter (once per event, it then stays in the history), events twice, events in reverse order.
 */
@Injectable()
export class GetTrackingPageUseCase {
  private unmappedSequence = 0;

  constructor(
    private readonly store: JourneyStore,
    private readonly faults: CarrierApiFaults,
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
  ) {}

  execute(carrierCode: string, numbersParam: string, page = 1, nowMs = Date.now()): TrackingPage {
    if (simulatedCarrier(carrierCode)?.style !== 'polled') {
      throw new CarrierApiRefusal(404, 'No tracking API', `${carrierCode} pushes its events: only polled carriers have a tracking API.`);
    }
    const numbers = [...new Set(numbersParam.split(','))];
    if (numbers.length > this.config.poll.maxNumbers) throw new CarrierApiRefusal(400, 'Too many numbers', `At most ${this.config.poll.maxNumbers} numbers a request; got ${numbers.length}.`);
    const pages = Math.max(1, Math.ceil(numbers.length / this.config.poll.pageSize));
    if (page > pages) throw new CarrierApiRefusal(400, 'No such page', `Page ${page} of ${pages}.`);
    const applied: string[] = [];
    const shown: JourneyEvent[] = [];
    const duplicate = this.faults.fire('duplicate', carrierCode, 'tracking');
    if (duplicate) applied.push(`duplicate (${duplicate.id})`);
    const reorder = this.faults.fire('reorder', carrierCode, 'tracking');
    if (reorder) applied.push(`reorder (${reorder.id})`);

    const shipments = numbers.slice((page - 1) * this.config.poll.pageSize, page * this.config.poll.pageSize).map((no) => {
      const journey = this.store.findByNumber(carrierCode, no);
      if (!journey) return { no, evts: [] };
      const released = releasableEvents(journey, nowMs).poll;
      for (const e of released) {
        if (e.faultsDecided) continue;
        e.faultsDecided = true;
        const unmapped = this.faults.fire('unmapped-code', carrierCode, 'tracking');
        if (unmapped) {
          applied.push(`unmapped-code (${unmapped.id})`);
          const extra = unmappedEventAfter(e, ++this.unmappedSequence, { journeyId: journey.id, startedAtMs: journey.startedAtMs, timeScale: this.store.timeScale, originCountryCode: journey.originCountryCode });
          extra.faults = [`unmapped-code (${unmapped.id})`];
          journey.events.splice(journey.events.indexOf(e) + 1, 0, extra);
        }
      }
      // the history so far, in journey order: what was served before and what is due now
      const showing = new Set(released);
      const history = journey.events.filter((e) => e.channel === 'poll' && e.event.trackingNumber === no && (e.state === 'SERVED' || showing.has(e)));
      shown.push(...released);
      let evts = history.map((e) => POLLED_DIALECT.renderEvent(e.event));
      if (duplicate) evts = evts.flatMap((e) => [e, e]);
      if (reorder) evts = evts.reverse();
      return { no, evts };
    });
    return { body: { page, pages, shipments }, shown, applied };
  }
}
