import { projectOrderStatus, type OrderProgress } from './order-status-projection';

const lines = [
  { sku: 'MUG', quantity: 2 },
  { sku: 'TEE', quantity: 1 },
];
const order = (shipments: OrderProgress['shipments'], status: OrderProgress['status'] = 'AWAITING_SHIPMENT'): OrderProgress => ({ status, lines, shipments });
const all = [
  { sku: 'MUG', quantity: 2 },
  { sku: 'TEE', quantity: 1 },
];

describe('order status projection', () => {
  it.each([
    ['no shipment', order([]), 'AWAITING_SHIPMENT'],
    ['one of two lines shipped', order([{ cancelled: false, items: [{ sku: 'MUG', quantity: 2 }] }]), 'PARTIALLY_SHIPPED'],
    ['part of a line shipped', order([{ cancelled: false, items: [{ sku: 'MUG', quantity: 1 }, { sku: 'TEE', quantity: 1 }] }]), 'PARTIALLY_SHIPPED'],
    ['everything in one package', order([{ cancelled: false, items: all }]), 'SHIPPED'],
    [
      'everything in two packages, one moving',
      order([
        { cancelled: false, items: [{ sku: 'MUG', quantity: 2 }], trackingStatus: 'IN_TRANSIT' },
        { cancelled: false, items: [{ sku: 'TEE', quantity: 1 }], trackingStatus: 'INFO_RECEIVED' },
      ]),
      'IN_TRANSIT',
    ],
    [
      'one of two packages delivered',
      order([
        { cancelled: false, items: [{ sku: 'MUG', quantity: 2 }], trackingStatus: 'DELIVERED' },
        { cancelled: false, items: [{ sku: 'TEE', quantity: 1 }], trackingStatus: 'OUT_FOR_DELIVERY' },
      ]),
      'IN_TRANSIT',
    ],
    [
      'every package delivered',
      order([
        { cancelled: false, items: [{ sku: 'MUG', quantity: 2 }], trackingStatus: 'DELIVERED' },
        { cancelled: false, items: [{ sku: 'TEE', quantity: 1 }], trackingStatus: 'DELIVERED' },
      ]),
      'DELIVERED',
    ],
    ['a package held in customs', order([{ cancelled: false, items: all, trackingStatus: 'EXCEPTION' }]), 'EXCEPTION'],
    ['a cancelled package does not count', order([{ cancelled: true, items: all, trackingStatus: 'IN_TRANSIT' }]), 'AWAITING_SHIPMENT'],
    ['cancelled stays cancelled', order([{ cancelled: false, items: all, trackingStatus: 'DELIVERED' }], 'CANCELLED'), 'CANCELLED'],
  ] as const)('%s → %s', (_what, input, expected) => {
    expect(projectOrderStatus(input as OrderProgress)).toBe(expected);
  });
});
