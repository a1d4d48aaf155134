import type { DutiesDue } from '@parcelstream/contracts';

export const CUSTOMS_STATES = ['PROCESSING', 'HELD', 'DUTIES_DUE', 'RELEASED'] as const;
export type CustomsState = (typeof CUSTOMS_STATES)[number];

export interface Customs {
  state: CustomsState;
  duties: DutiesDue | null;
}

/**
 * The customs state after one more event (in carrier-time order): processing → held → duties due → released.
 * An event carrying `duties` makes the duties due (amount, currency, payer); a later release keeps the duties
 * as information but clears the action.
 */
export function nextCustoms(current: Customs | null, substatus: string | null | undefined, duties: DutiesDue | null | undefined): Customs | null {
  const keptDuties = duties ?? current?.duties ?? null;
  switch (substatus) {
    case 'IN_TRANSIT.CUSTOMS_PROCESSING':
      return { state: duties ? 'DUTIES_DUE' : 'PROCESSING', duties: keptDuties };
    case 'EXCEPTION.CUSTOMS_HELD':
      return { state: duties ? 'DUTIES_DUE' : 'HELD', duties: keptDuties };
    case 'EXCEPTION.DUTIES_UNPAID':
      return { state: 'DUTIES_DUE', duties: keptDuties };
    case 'IN_TRANSIT.CUSTOMS_RELEASED':
      return { state: 'RELEASED', duties: keptDuties };
    case null:
    case undefined:
    default:
      return duties ? { state: 'DUTIES_DUE', duties } : current;
  }
}

/** A hold or duties due needs the payer to act (for DDU the buyer) once the duties are known. */
export function customsActionRequired(customs: Customs | null): boolean {
  return customs !== null && (customs.state === 'DUTIES_DUE' || customs.state === 'HELD') && customs.duties !== null;
}
