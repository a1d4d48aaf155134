import { WaybillFormat, WaybillFormatId } from '../waybill-format';
import { dhlExpress10 } from './dhl-express';
import { fedexExpress12, fedexGround15, fedexGround96, fedexSmartPost } from './fedex';
import { postnl3S } from './postnl';
import { SIMULATOR_FORMATS } from './simulator';
import { ups1Z, upsMailInnovations, upsWaybill } from './ups';
import { upuS10 } from './upu-s10';
import { usps20, uspsImpb, uspsImpbRouted } from './usps';

/** Every known tracking-number format, in WAYBILL_FORMAT_IDS order. */
export const WAYBILL_FORMATS: readonly WaybillFormat[] = [
  upuS10,
  ups1Z,
  upsWaybill,
  upsMailInnovations,
  fedexExpress12,
  fedexGround15,
  fedexSmartPost,
  fedexGround96,
  usps20,
  uspsImpb,
  uspsImpbRouted,
  dhlExpress10,
  postnl3S,
  ...SIMULATOR_FORMATS,
];

const BY_ID = new Map<WaybillFormatId, WaybillFormat>(WAYBILL_FORMATS.map((f) => [f.id, f]));

export function getWaybillFormat(id: WaybillFormatId): WaybillFormat {
  const format = BY_ID.get(id);
  if (!format) throw new RangeError(`no waybill format ${id}`);
  return format;
}
