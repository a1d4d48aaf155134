import { TRACKING_STATUSES, TRACKING_SUBSTATUSES } from '@parcelstream/contracts';
import { AFTERSHIP_MAPPING } from './aftership/aftership-mapping';
import type { MappingTable } from './connector';
import { POLLED_MAPPING } from './polled/polled-mapping';
import { SEVENTEENTRACK_MAPPING } from './seventeentrack/seventeentrack-mapping';
import { STANDARD_WEBHOOK_MAPPING } from './standard-webhook/standard-webhook-mapping';

const TABLES: [string, MappingTable][] = [
  ['aftership-push', AFTERSHIP_MAPPING],
  ['seventeentrack-push', SEVENTEENTRACK_MAPPING],
  ['polled', POLLED_MAPPING],
  ['standard-webhook', STANDARD_WEBHOOK_MAPPING],
];

/** Mapping tables are data: every row must land on the canonical vocabulary (SPEC §3). */
describe.each(TABLES)('mapping table %s', (_name, table) => {
  const rows = Object.entries(table);

  it('has rows', () => expect(rows.length).toBeGreaterThan(10));

  it.each(rows)('%s maps to a canonical status and a known sub-status of it', (_code, mapping) => {
    expect(TRACKING_STATUSES).toContain(mapping.status);
    if (mapping.substatus !== undefined) {
      expect(TRACKING_SUBSTATUSES).toContain(mapping.substatus);
      expect(mapping.substatus.startsWith(`${mapping.status}.`)).toBe(true);
    }
  });

  it('covers the journey milestones buyers see', () => {
    const statuses = new Set(rows.map(([, m]) => m.status));
    for (const s of ['IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION', 'ATTEMPT_FAIL']) expect(statuses).toContain(s);
    const subs = new Set(rows.map(([, m]) => m.substatus));
    for (const s of ['IN_TRANSIT.CUSTOMS_PROCESSING', 'IN_TRANSIT.CUSTOMS_RELEASED', 'EXCEPTION.CUSTOMS_HELD']) expect(subs).toContain(s);
  });
});
