import { composeS10, composeSimulatorWaybill, isIsoCountryCode } from '@parcelstream/carriers';
import { hashOf } from '../journeys/seeded-random';
import { isSimulatorFormat, simulatedCarrier } from './simulated-carriers';

/** serial digits per format: the S10 serial has 8, the simulator formats their own */
const SERIAL_DIGITS: Readonly<Record<string, number>> = { 'upu-s10': 8, 'sim-track': 10, 'sim-seventeen': 12, 'sim-poll': 9, 'sim-lastmile': 10 };

/**
 * Hands out tracking numbers the way a carrier does: per carrier a sequence, valid for the carrier's format
 * (check digits included; S10 numbers carry the origin country). The sequences start where `start` says —
 * a fixed value gives the same numbers on every run (tests, demos); by default the start is drawn from the
 * seed and the process start, so a restarted simulator does not hand out numbers the platform already saw.
 */
export class WaybillAllocator {
  private readonly next = new Map<string, number>();

  constructor(
    private readonly seed: string,
    private readonly start: number | 'per-run' = 'per-run',
    private readonly runStartedAtMs: number = Date.now(),
  ) {}

  allocate(carrierCode: string, originCountryCode: string): string {
    const carrier = simulatedCarrier(carrierCode);
    if (!carrier) throw new RangeError(`${carrierCode} is not a carrier the simulator plays`);
    const digits = SERIAL_DIGITS[carrier.formatId];
    if (digits === undefined) throw new RangeError(`no numbering for format ${carrier.formatId}`);
    const modulus = 10 ** digits;
    const current = this.next.get(carrierCode) ?? this.firstOf(carrierCode, modulus);
    this.next.set(carrierCode, current + 1);
    const sequence = current % modulus;
    if (carrier.formatId === 'upu-s10') {
      if (!isIsoCountryCode(originCountryCode)) throw new RangeError(`"${originCountryCode}" is not an ISO 3166-1 country code`);
      return composeS10('CP', String(sequence).padStart(digits, '0'), originCountryCode);
    }
    if (!isSimulatorFormat(carrier.formatId)) throw new RangeError(`no numbering for format ${carrier.formatId}`);
    return composeSimulatorWaybill(carrier.formatId, sequence);
  }

  private firstOf(carrierCode: string, modulus: number): number {
    if (this.start !== 'per-run') return this.start;
    return (hashOf(this.seed, carrierCode) * 7919 + this.runStartedAtMs) % modulus;
  }
}
