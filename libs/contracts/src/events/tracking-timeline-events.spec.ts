import { TOPIC_SPECS, Topics } from '../topics/topic-catalog';
import { PayloadValidationError, validatePayload } from '../validation/validate-payload';
import { EVENT_CONTRACTS } from './event-registry';
import { TrackingTimelineChangedEvent } from './tracking-timeline-events';

const changed = {
  shipmentId: '0b7e5c1e-5f43-4c1a-9d7e-2f1c3b4a5d6e',
  version: 3,
  changes: ['EVENTS', 'STATUS'],
  status: 'IN_TRANSIT',
  substatus: 'IN_TRANSIT.PICKED_UP',
  eventCount: 2,
  changedAt: '2026-11-25T08:00:00.000Z',
};

describe('tracking.timeline.changed', () => {
  it('is registered on its own catalog topic', () => {
    expect(EVENT_CONTRACTS.get('parcelstream.tracking.timeline.changed.v1')).toBe(TrackingTimelineChangedEvent);
    expect(TrackingTimelineChangedEvent.topic).toBe('tracking.timeline.changes.v1');
    expect(TOPIC_SPECS.find((s) => s.topic === Topics.TrackingTimelineChanges)).toMatchObject({ partitions: 6 });
  });

  it('accepts a change and refuses a version below 1, no or unknown change kinds, and anything personal', () => {
    expect(validatePayload(TrackingTimelineChangedEvent, changed).version).toBe(3);
    const refused = (patch: object) => () => validatePayload(TrackingTimelineChangedEvent, { ...changed, ...patch });
    expect(refused({ version: 0 })).toThrow(/version/);
    expect(refused({ version: 1.5 })).toThrow(/version/);
    expect(refused({ changes: [] })).toThrow(/changes/);
    expect(refused({ changes: ['EVENTS', 'ADDRESS'] })).toThrow(/changes/);
    expect(refused({ status: 'UNKNOWN' })).toThrow(/status/);
    expect(refused({ lastLocation: { city: 'Berlin', countryCode: 'DE' } })).toThrow(PayloadValidationError);
    expect(refused({ buyerId: 'buyer-1' })).toThrow(PayloadValidationError);
  });
});
