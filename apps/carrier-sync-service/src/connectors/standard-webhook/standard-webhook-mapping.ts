import { TRACKING_STATUSES, TRACKING_SUBSTATUSES } from '@parcelstream/contracts';
import type { CodeMapping, MappingTable } from '../connector';

/**
 * The standard webhook speaks the platform's own vocabulary (SPEC §5): a carrier declares `status` and
 * `substatus` itself. The table is the canonical vocabulary: a declared status/sub-status pair is taken when
 * it is in it, keyed `STATUS` or `STATUS.DETAIL`; anything else is unmapped (an UNKNOWN event).
 */
export const STANDARD_WEBHOOK_MAPPING: MappingTable = Object.freeze(
  Object.fromEntries<CodeMapping>([
    ...TRACKING_STATUSES.map((status): [string, CodeMapping] => [status, { status }]),
    ...TRACKING_SUBSTATUSES.map((substatus): [string, CodeMapping] => [
      substatus,
      { status: substatus.slice(0, substatus.indexOf('.')) as CodeMapping['status'], substatus },
    ]),
  ]),
);
