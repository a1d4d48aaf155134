import { gs1Mod10CheckDigit } from '../check-digits';
import { checkDigitResult, FormatMatch, WaybillFormat } from '../waybill-format';

const GS1 = 'GS1 mod 10 (weights 3,1 from the right) over every digit but the last';

/** USPS legacy 20-digit: 2 service + 9 mailer + 8 package + check. */
export const usps20: WaybillFormat = {
  id: 'usps-20',
  name: 'USPS 20 digits',
  pattern: '2 digits service type + 9 digits mailer id + 8 digits package id + 1 check digit',
  checkDigitAlgorithm: GS1,
  example: '03071790000523483741',
  specificity: 0.6,
  match(n) {
    const m = /^([0-9]{2})([0-9]{9})([0-9]{8})([0-9])$/.exec(n);
    if (!m) return null;
    const [, serviceType = '', mailerId = '', packageId = '', check] = m;
    return {
      checkDigit: checkDigitResult(gs1Mod10CheckDigit(serviceType + mailerId + packageId), check),
      parts: { serviceType, mailerId, packageId },
    };
  },
};

function matchImpb(n: string): FormatMatch | null {
  if (!/^9[1-5](?:[0-9]{20}|[0-9]{24})$/.test(n)) return null;
  return {
    checkDigit: checkDigitResult(gs1Mod10CheckDigit(n.slice(0, -1)), n.slice(-1)),
    parts: { channelApplicationId: n.slice(0, 2), serviceTypeCode: n.slice(2, 5), serial: n.slice(5, -1) },
  };
}

/** USPS Intelligent Mail package barcode (IMpb) tracking number: 9[1-5] + 20 or 24 digits. */
export const uspsImpb: WaybillFormat = {
  id: 'usps-impb',
  name: 'USPS IMpb (22 or 26 digits)',
  pattern: '9[1-5] channel application id + 3 digits service type code + mailer id and serial + 1 check digit',
  checkDigitAlgorithm: GS1,
  example: '9205590164917312751089',
  specificity: 0.85,
  match: matchImpb,
};

/**
 * USPS IMpb with its routing prefix, as scanned from the label: 420 + ZIP (5 or 9 digits) + the IMpb number.
 * The check digit covers the IMpb part only.
 */
export const uspsImpbRouted: WaybillFormat = {
  id: 'usps-impb-routed',
  name: 'USPS IMpb with routing prefix (420 + ZIP)',
  pattern: '420 + 5 or 9 digits ZIP + IMpb number (22 or 26 digits)',
  checkDigitAlgorithm: `${GS1}, over the IMpb part after the routing prefix`,
  example: '420221539101026837331000039521',
  specificity: 0.9,
  match(n) {
    if (!n.startsWith('420')) return null;
    let fallback: FormatMatch | null = null;
    for (const zipLength of [5, 9]) {
      const impb = matchImpb(n.slice(3 + zipLength));
      if (!impb) continue;
      const routed = { ...impb, parts: { zip: n.slice(3, 3 + zipLength), trackingNumber: n.slice(3 + zipLength), ...impb.parts } };
      if (impb.checkDigit === 'VALID') return routed;
      fallback ??= routed;
    }
    return fallback;
  },
};
