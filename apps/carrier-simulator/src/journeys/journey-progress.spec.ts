import type { CarrierEvent } from '../carriers/carrier-event';
import type { Journey, JourneyEvent } from './journey';
import { nextWakeOf, releasableEvents, swapWithNext } from './journey-progress';

const ev = (seq: number, dueAtMs: number, over: Partial<JourneyEvent> = {}, carrierCode = 'sim-post', trackingNumber = 'A'): JourneyEvent => ({
  event: { ref: `J#${seq}`, seq, carrierCode, trackingNumber } as CarrierEvent,
  channel: 'webhook',
  dueAtMs,
  state: 'SCHEDULED',
  faultsDecided: false,
  faults: [],
  deliveries: [],
  ...over,
});
const journey = (events: JourneyEvent[]) => ({ events }) as Journey;
const seqs = (list: JourneyEvent[]) => list.map((e) => e.event.seq);

describe('releasableEvents', () => {
  it('releases the due events in order, stopping at the first not due', () => {
    const j = journey([ev(1, 10), ev(2, 20), ev(3, 30)]);
    expect(seqs(releasableEvents(j, 25).webhook)).toEqual([1, 2]);
    expect(seqs(releasableEvents(j, 5).webhook)).toEqual([]);
  });

  it('waits while an earlier event is in flight; done events are stepped over', () => {
    const j = journey([ev(1, 10, { state: 'ACCEPTED' }), ev(2, 20, { state: 'IN_FLIGHT' }), ev(3, 30)]);
    expect(releasableEvents(j, 100).webhook).toEqual([]);
    j.events[1]!.state = 'GAVE_UP';
    expect(seqs(releasableEvents(j, 100).webhook)).toEqual([3]);
  });

  it('one request per journey holds one carrier and number: the hand-over goes before the last-mile scans', () => {
    const j = journey([ev(1, 10), ev(2, 20), ev(3, 30, {}, 'sim-lastmile', 'LM')]);
    expect(seqs(releasableEvents(j, 100).webhook)).toEqual([1, 2]);
  });

  it('a delayed event is overtaken; a reordered one rides in its own request', () => {
    const delayed = journey([ev(1, 10, { heldUntilMs: 500 }), ev(2, 20)]);
    expect(seqs(releasableEvents(delayed, 100).webhook)).toEqual([2]);
    expect(seqs(releasableEvents(delayed, 600).webhook)).toEqual([1, 2]);
    const reordered = journey([ev(1, 10), ev(2, 20)]);
    expect(swapWithNext(reordered, 0)).toBe(true);
    expect(seqs(releasableEvents(reordered, 100).webhook)).toEqual([2]);
    expect(swapWithNext(reordered, 1)).toBe(false); // the last has no successor
  });

  it('polled events show all at once; the push events after them wait until a poll served them', () => {
    const j = journey([ev(1, 10, { channel: 'poll' }), ev(2, 20, { channel: 'poll' }), ev(3, 30, {}, 'sim-lastmile', 'LM')]);
    expect(releasableEvents(j, 100)).toEqual({ webhook: [], poll: [j.events[0], j.events[1]] });
    j.events[0]!.state = 'SERVED';
    j.events[1]!.state = 'SERVED';
    expect(seqs(releasableEvents(j, 100).webhook)).toEqual([3]);
  });

  it('nextWakeOf: the earliest future due or hold time', () => {
    const j = journey([ev(1, 10, { state: 'ACCEPTED' }), ev(2, 50, { heldUntilMs: 70 }), ev(3, 60)]);
    expect(nextWakeOf(j, 20)).toBe(60);
    expect(nextWakeOf(j, 65)).toBe(70);
    expect(nextWakeOf(journey([ev(1, 10, { state: 'ACCEPTED' })]), 20)).toBeUndefined();
  });
});
