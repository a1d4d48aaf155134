import { fedexExpressCheckDigit, gs1Mod10CheckDigit } from '../check-digits';
import { checkDigitResult, WaybillFormat } from '../waybill-format';

/** FedEx Express: 11 digits + check digit. */
export const fedexExpress12: WaybillFormat = {
  id: 'fedex-express-12',
  name: 'FedEx Express (12 digits)',
  pattern: '11 digits serial + 1 check digit',
  checkDigitAlgorithm: 'weights 1,3,7 repeating from the right (3,1,7… from the left); (sum mod 11) mod 10',
  example: '986578788855',
  specificity: 0.6,
  match(n) {
    const m = /^([0-9]{11})([0-9])$/.exec(n);
    if (!m) return null;
    const serial = m[1] ?? '';
    return { checkDigit: checkDigitResult(fedexExpressCheckDigit(serial), m[2]), parts: { serial } };
  },
};

/** FedEx Ground: 14 digits + check digit (also the last 15 digits of the "96" barcode). */
export const fedexGround15: WaybillFormat = {
  id: 'fedex-ground-15',
  name: 'FedEx Ground (15 digits)',
  pattern: '7 digits shipper id + 7 digits package id + 1 check digit',
  checkDigitAlgorithm: 'GS1 mod 10 (weights 3,1 from the right)',
  example: '449044304137821',
  specificity: 0.6,
  match(n) {
    const m = /^([0-9]{7})([0-9]{7})([0-9])$/.exec(n);
    if (!m) return null;
    const [, shipperId = '', packageId = '', check] = m;
    return { checkDigit: checkDigitResult(gs1Mod10CheckDigit(shipperId + packageId), check), parts: { shipperId, packageId } };
  },
};

/**
 * FedEx SmartPost (IMpb-style, handed to USPS): 20 digits, or 22 with the application id 92.
 * The check digit is computed as if the 92 were present.
 */
export const fedexSmartPost: WaybillFormat = {
  id: 'fedex-smartpost',
  name: 'FedEx SmartPost / Ground Economy (20 or 22 digits)',
  pattern: '[92] + 3 digits service type + 9 digits shipper id + 7 digits package id + 1 check digit',
  checkDigitAlgorithm: 'GS1 mod 10 (weights 3,1 from the right) over "92" + the first 19 digits',
  example: '61299998820821171811',
  specificity: 0.55,
  match(n) {
    const m = /^(?:92)?([0-9]{3})([0-9]{9})([0-9]{7})([0-9])$/.exec(n);
    if (!m) return null;
    const [, serviceType = '', shipperId = '', packageId = '', check] = m;
    return {
      checkDigit: checkDigitResult(gs1Mod10CheckDigit(`92${serviceType}${shipperId}${packageId}`), check),
      parts: { serviceType, shipperId, packageId },
    };
  },
};

/** FedEx Ground "96" barcode: 96 + 2 digits SCNC + 3 digits service + the 15-digit Ground number. */
export const fedexGround96: WaybillFormat = {
  id: 'fedex-ground-96',
  name: 'FedEx Ground 96 (22 digits)',
  pattern: '96 + 2 digits SCNC + 3 digits service type + 14 digits serial + 1 check digit',
  checkDigitAlgorithm: 'GS1 mod 10 (weights 3,1 from the right) over the 14-digit serial',
  example: '9611020987654312345672',
  specificity: 0.9,
  match(n) {
    const m = /^96([0-9]{2})([0-9]{3})([0-9]{14})([0-9])$/.exec(n);
    if (!m) return null;
    const [, scnc = '', serviceType = '', serial = '', check] = m;
    return { checkDigit: checkDigitResult(gs1Mod10CheckDigit(serial), check), parts: { scnc, serviceType, serial } };
  },
};
