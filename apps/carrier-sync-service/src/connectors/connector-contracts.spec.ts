import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { findCarrier } from '@parcelstream/carriers';
import { normalizeCheckpoint } from '../normalization/normalize-checkpoint';
import type { ParseResult } from './connector';
import { connectorForCarrier, POLLED_CONNECTOR, pushConnectorOf } from './connector-registry';

/**
 * Contract tests from recorded payloads: `test/fixtures/connectors/<name>.raw.json` is what a carrier sent,
 * `<name>.normalized.json` the canonical events the platform must make of it (reviewed by hand). A change of a
 * connector or a mapping table that changes what buyers see fails here. `UPDATE_FIXTURES=1` writes a missing
 * expectation for review; it never overwrites one.
 */
const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'connectors');
const RECEIVED_AT = new Date('2026-11-30T12:00:00.000Z');

interface RawFixture {
  carrier: string;
  connector: string;
  about: string;
  body: unknown;
}

function parseWith(carrier: string, body: unknown): ParseResult {
  const push = pushConnectorOf(carrier);
  if (push) return push.parse(body);
  if (connectorForCarrier(carrier) === POLLED_CONNECTOR) return POLLED_CONNECTOR.parsePage(body);
  throw new Error(`no connector for ${carrier}`);
}

const cases = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.raw.json'))
  .map((f) => f.replace(/\.raw\.json$/, ''));

describe('connector contracts (recorded payloads → normalised events)', () => {
  it('has a recorded payload for every connector style', () => {
    const styles = new Set(cases.map((c) => (JSON.parse(readFileSync(path.join(FIXTURES, `${c}.raw.json`), 'utf8')) as RawFixture).connector));
    expect([...styles].sort()).toEqual(['aftership-push', 'polled', 'seventeentrack-push', 'standard-webhook']);
  });

  it.each(cases)('%s', (name) => {
    const raw = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.raw.json`), 'utf8')) as RawFixture;
    expect(findCarrier(raw.carrier)?.connectorStyle).toBe(raw.connector);
    const connector = connectorForCarrier(raw.carrier);
    if (!connector) throw new Error(`no connector for ${raw.carrier}`);
    const parsed = parseWith(raw.carrier, raw.body);
    if (!parsed.ok) throw new Error(`fixture does not parse: ${JSON.stringify(parsed.errors)}`);
    const normalized = parsed.checkpoints.map((c) => normalizeCheckpoint(raw.carrier, connector, c, RECEIVED_AT));

    const expectedFile = path.join(FIXTURES, `${name}.normalized.json`);
    if (!existsSync(expectedFile) && process.env.UPDATE_FIXTURES === '1') writeFileSync(expectedFile, `${JSON.stringify(normalized, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as unknown;
    expect(normalized).toEqual(expected);
  });

  it('never copies a street, postal code or free-text address into an event', () => {
    for (const name of cases) {
      const raw = JSON.parse(readFileSync(path.join(FIXTURES, `${name}.raw.json`), 'utf8')) as RawFixture;
      const connector = connectorForCarrier(raw.carrier);
      const parsed = parseWith(raw.carrier, raw.body);
      if (!connector || !parsed.ok) throw new Error(name);
      const text = JSON.stringify(parsed.checkpoints.map((c) => normalizeCheckpoint(raw.carrier, connector, c, RECEIVED_AT)));
      expect(text).not.toMatch(/Elm Street|Huangpu Ave|510000|street|postal/i);
    }
  });
});
