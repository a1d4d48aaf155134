import { allocateItems, type OrderLineProgress } from './item-allocation';

describe('allocateItems', () => {
  const lines: OrderLineProgress[] = [
    { sku: 'A', ordered: 3, shipped: 1 },
    { sku: 'B', ordered: 1, shipped: 0 },
    { sku: 'C', ordered: 2, shipped: 2 },
  ];

  it('without items: everything not shipped yet', () => {
    expect(allocateItems(lines, undefined)).toEqual({ ok: true, items: [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }] });
  });

  it('without items, when all is shipped: nothing left (409)', () => {
    expect(allocateItems([{ sku: 'A', ordered: 1, shipped: 1 }], undefined)).toMatchObject({ ok: false, refusal: { reason: 'NOTHING_LEFT_TO_SHIP' } });
  });

  it('a partial shipment within what is left', () => {
    expect(allocateItems(lines, [{ sku: 'A', quantity: 2 }])).toEqual({ ok: true, items: [{ sku: 'A', quantity: 2 }] });
  });

  it('names every sku that cannot ship: over the remainder, unknown, shipped out, listed twice', () => {
    const result = allocateItems(lines, [
      { sku: 'A', quantity: 3 },
      { sku: 'Z', quantity: 1 },
      { sku: 'C', quantity: 1 },
      { sku: 'B', quantity: 1 },
      { sku: 'B', quantity: 1 },
    ]);
    expect(result).toMatchObject({
      ok: false,
      refusal: {
        reason: 'ITEMS_NOT_SHIPPABLE',
        errors: [
          { field: 'items.0.quantity', message: 'only 2 of sku A are left unshipped (asked 3)' },
          { field: 'items.1.sku', message: 'the order has no sku Z' },
          { field: 'items.2.quantity', message: 'only 0 of sku C are left unshipped (asked 1)' },
          { field: 'items.4.sku', message: 'sku B is listed more than once' },
        ],
      },
    });
  });

  it('never counts more shipped than ordered as negative', () => {
    expect(allocateItems([{ sku: 'A', ordered: 1, shipped: 5 }], undefined)).toMatchObject({ ok: false });
  });
});
