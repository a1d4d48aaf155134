import * as contracts from '@parcelstream/contracts';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { BindLogisticsPartnerDto } from '../../logistics-partners/dto/bind-logistics-partner.dto';
import { CancelShipmentDto } from './cancel-shipment.dto';
import { CreateShipmentDto } from './create-shipment.dto';
import { SellerTrackingUpdateDto } from './seller-tracking-update.dto';

/**
 * The gateway validates these bodies with the copies in @parcelstream/contracts (which carry no OpenAPI
 * decorators); this service validates them again with its own. Both must accept and refuse the same bodies.
 */
const paths = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    return [...Object.keys(e.constraints ?? {}).map((c) => `${path}:${c}`), ...paths(e.children ?? [], path)];
  });

const outcome = async (cls: ClassConstructor<object>, body: unknown) =>
  paths(await validate(plainToInstance(cls, body), { whitelist: true, forbidNonWhitelisted: true })).sort();

const cases: [string, ClassConstructor<object>, ClassConstructor<object>, unknown[]][] = [
  ['bind partner', BindLogisticsPartnerDto, contracts.BindLogisticsPartnerDto, [{ accountNumber: 'SIM-1' }, { accountNumber: '', isDefault: 'yes' }, { accountNumber: 'x'.repeat(65) }, { accountNumber: 'A', extra: 1 }, {}]],
  [
    'create shipment',
    CreateShipmentDto,
    contracts.CreateShipmentDto,
    [
      { fulfillmentModel: 'SELLER', carrierCode: 'sim-post', trackingNumber: 'RB123456785GB', items: [{ sku: 'A', quantity: 1 }] },
      { fulfillmentModel: 'DRONE', carrierCode: '', items: [] },
      { fulfillmentModel: 'PLATFORM', carrierCode: 'sim-post', items: [{ sku: '', quantity: 0, colour: 'red' }] },
      { fulfillmentModel: 'PLATFORM', carrierCode: 'x'.repeat(65), trackingNumber: '', items: 'all' },
    ],
  ],
  [
    'seller update',
    SellerTrackingUpdateDto,
    contracts.SellerTrackingUpdateDto,
    [
      { status: 'IN_TRANSIT', substatus: 'IN_TRANSIT.PICKED_UP', description: 'picked up', occurredAt: '2025-11-26T09:30:00+08:00', location: { city: 'Shenzhen', countryCode: 'CN' } },
      { status: 'UNKNOWN', description: '', occurredAt: '2025-11-26T09:30:00' },
      { status: 'DELIVERED', description: 'd', occurredAt: 'yesterday', location: { city: '', countryCode: 'XX', street: '1 Main St' } },
    ],
  ],
  ['cancel shipment', CancelShipmentDto, contracts.CancelShipmentDto, [{}, { reason: 'x'.repeat(501) }, { reason: 3 }, { why: 'x' }]],
];

describe('request bodies: shipment-service DTOs and their @parcelstream/contracts copies agree', () => {
  it.each(cases)('%s', async (_what, own, shared, bodies) => {
    for (const body of bodies) expect({ body, errors: await outcome(shared, body) }).toEqual({ body, errors: await outcome(own, body) });
    // the samples exercise both sides of the rules
    const results = await Promise.all(bodies.map((b) => outcome(own, b)));
    expect(results.some((r) => r.length === 0)).toBe(true);
    expect(results.some((r) => r.length > 0)).toBe(true);
  });
});
