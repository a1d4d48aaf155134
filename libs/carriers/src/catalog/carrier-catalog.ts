import { AccountNumberRule, CarrierCode, CarrierDefinition, CARRIER_CODES } from './carrier';

const SIM_ACCOUNT: AccountNumberRule = {
  pattern: '^SIM-[0-9]{6}$',
  description: 'simulator account: SIM- and 6 digits',
  example: 'SIM-000123',
};

const sim = (
  code: CarrierCode,
  name: string,
  connectorStyle: CarrierDefinition['connectorStyle'],
  format: CarrierDefinition['trackingNumberFormats'][number],
): CarrierDefinition => ({
  code,
  name,
  fulfillmentModels: ['PLATFORM', 'SELLER'],
  platformContracted: true,
  connectorStyle,
  trackingNumberFormats: [format],
  accountNumber: SIM_ACCOUNT,
  simulated: true,
});

const real = (
  def: Omit<CarrierDefinition, 'fulfillmentModels' | 'platformContracted' | 'simulated'>,
): CarrierDefinition => ({ ...def, fulfillmentModels: ['SELLER'], platformContracted: false, simulated: false });

/** The carrier catalog. Real carriers are seller-bound only: the platform holds no contract with them yet. */
export const CARRIER_CATALOG: readonly CarrierDefinition[] = [
  sim('sim-post', 'Simulated Post', 'standard-webhook', 'upu-s10'),
  sim('sim-track', 'Simulated Aggregator Push', 'aftership-push', 'sim-track'),
  sim('sim-seventeen', 'Simulated 17TRACK Push', 'seventeentrack-push', 'sim-seventeen'),
  sim('sim-poll', 'Simulated Polled Carrier', 'polled', 'sim-poll'),
  sim('sim-lastmile', 'Simulated Last Mile', 'standard-webhook', 'sim-lastmile'),
  real({
    code: 'ups',
    name: 'UPS',
    connectorStyle: 'aftership-push',
    trackingNumberFormats: ['ups-1z', 'ups-waybill', 'ups-mail-innovations'],
    accountNumber: { pattern: '^[0-9A-Z]{6}$', description: 'UPS shipper number: 6 letters or digits', example: '999AA1' },
  }),
  real({
    code: 'fedex',
    name: 'FedEx',
    connectorStyle: 'aftership-push',
    trackingNumberFormats: ['fedex-express-12', 'fedex-ground-15', 'fedex-ground-96', 'fedex-smartpost'],
    accountNumber: { pattern: '^[0-9]{9}$', description: 'FedEx account number: 9 digits', example: '510087020' },
  }),
  real({
    code: 'usps',
    name: 'USPS',
    connectorStyle: 'aftership-push',
    trackingNumberFormats: ['usps-impb', 'usps-impb-routed', 'usps-20', 'upu-s10'],
    s10CountryCodes: ['US'],
    accountNumber: { pattern: '^([0-9]{6}|[0-9]{9})$', description: 'USPS Mailer ID: 6 or 9 digits', example: '901000001' },
  }),
  real({
    code: 'dhl-express',
    name: 'DHL Express',
    connectorStyle: 'aftership-push',
    trackingNumberFormats: ['dhl-express-10'],
    accountNumber: { pattern: '^[0-9]{9}$', description: 'DHL Express account number: 9 digits', example: '950000002' },
  }),
  real({
    code: 'royal-mail',
    name: 'Royal Mail',
    connectorStyle: 'aftership-push',
    trackingNumberFormats: ['upu-s10'],
    s10CountryCodes: ['GB'],
    accountNumber: { pattern: '^[0-9]{10}$', description: 'Royal Mail business account number: 10 digits', example: '0123456789' },
  }),
  real({
    code: 'china-post',
    name: 'China Post',
    connectorStyle: 'seventeentrack-push',
    trackingNumberFormats: ['upu-s10'],
    s10CountryCodes: ['CN'],
    accountNumber: { pattern: '^[0-9A-Z]{6,20}$', description: 'China Post customer code: 6 to 20 letters or digits', example: 'SZ12345678' },
  }),
  real({
    code: 'postnl',
    name: 'PostNL',
    connectorStyle: 'aftership-push',
    trackingNumberFormats: ['postnl-3s', 'upu-s10'],
    s10CountryCodes: ['NL'],
    accountNumber: {
      pattern: '^[A-Z]{4}-?[0-9]{8}$',
      description: 'PostNL customer code (4 letters) and customer number (8 digits)',
      example: 'DEVC-11223344',
    },
  }),
  real({
    code: 'deutsche-post',
    name: 'Deutsche Post',
    connectorStyle: 'aftership-push',
    trackingNumberFormats: ['upu-s10'],
    s10CountryCodes: ['DE'],
    accountNumber: { pattern: '^[0-9]{10}$', description: 'Deutsche Post / DHL customer number (EKP): 10 digits', example: '6264937101' },
  }),
];

const BY_CODE = new Map<string, CarrierDefinition>(CARRIER_CATALOG.map((c) => [c.code, c]));

export function isCarrierCode(code: string): code is CarrierCode {
  return (CARRIER_CODES as readonly string[]).includes(code);
}

/** The carrier with this code, or undefined. */
export function findCarrier(code: string): CarrierDefinition | undefined {
  return BY_CODE.get(code);
}

/** Every carrier, simulated ones included unless asked otherwise. */
export function listCarriers(options: { includeSimulated?: boolean } = {}): readonly CarrierDefinition[] {
  return options.includeSimulated === false ? CARRIER_CATALOG.filter((c) => !c.simulated) : CARRIER_CATALOG;
}
