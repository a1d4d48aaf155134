import { gs1Mod10CheckDigit, luhnCheckDigit, mod11CheckDigit, mod7CheckDigit } from '../check-digits';
import { checkDigitResult, WaybillFormat, WaybillFormatId } from '../waybill-format';

/**
 * Formats invented for the carrier simulator's carriers (SPEC §7). Each is a 2-letter prefix, a fixed
 * number of serial digits and one check digit, so that the simulator's numbers never look like a real carrier's.
 */
interface SimulatorFormatSpec {
  id: SimulatorFormatId;
  name: string;
  prefix: string;
  serialLength: number;
  algorithm: string;
  checkDigit: (serial: string) => number;
}

export type SimulatorFormatId = Extract<WaybillFormatId, 'sim-track' | 'sim-seventeen' | 'sim-poll' | 'sim-lastmile'>;

const SPECS: readonly SimulatorFormatSpec[] = [
  {
    id: 'sim-track',
    name: 'Simulator aggregator push (ST)',
    prefix: 'ST',
    serialLength: 10,
    algorithm: 'GS1 mod 10 (weights 3,1 from the right)',
    checkDigit: gs1Mod10CheckDigit,
  },
  { id: 'sim-seventeen', name: 'Simulator 17TRACK-style push (SV)', prefix: 'SV', serialLength: 12, algorithm: 'Luhn', checkDigit: luhnCheckDigit },
  { id: 'sim-poll', name: 'Simulator polled carrier (PL)', prefix: 'PL', serialLength: 9, algorithm: 'mod 7 of the serial', checkDigit: mod7CheckDigit },
  {
    id: 'sim-lastmile',
    name: 'Simulator last-mile carrier (LM)',
    prefix: 'LM',
    serialLength: 10,
    algorithm: 'mod 11, weights 2-7 from the right, 10 → 0',
    checkDigit: mod11CheckDigit,
  },
];

function toFormat(spec: SimulatorFormatSpec): WaybillFormat {
  const shape = new RegExp(`^${spec.prefix}([0-9]{${spec.serialLength}})([0-9])$`);
  return {
    id: spec.id,
    name: spec.name,
    pattern: `${spec.prefix} + ${spec.serialLength} digits serial + 1 check digit`,
    checkDigitAlgorithm: spec.algorithm,
    example: composeSimulatorWaybill(spec.id, 1),
    specificity: 0.9,
    match(n) {
      const m = shape.exec(n);
      if (!m) return null;
      const serial = m[1] ?? '';
      return { checkDigit: checkDigitResult(spec.checkDigit(serial), m[2]), parts: { serial } };
    },
  };
}

/** Build a valid simulator waybill from a sequence number (zero-padded into the serial). */
export function composeSimulatorWaybill(formatId: SimulatorFormatId, sequence: number): string {
  const spec = SPECS.find((s) => s.id === formatId);
  if (!spec) throw new RangeError(`unknown simulator format ${formatId}`);
  const serial = String(sequence).padStart(spec.serialLength, '0');
  if (!Number.isSafeInteger(sequence) || sequence < 0 || serial.length > spec.serialLength) {
    throw new RangeError(`sequence must be an integer from 0 to ${'9'.repeat(spec.serialLength)}`);
  }
  return `${spec.prefix}${serial}${spec.checkDigit(serial)}`;
}

export const SIMULATOR_FORMATS: readonly WaybillFormat[] = SPECS.map(toFormat);
