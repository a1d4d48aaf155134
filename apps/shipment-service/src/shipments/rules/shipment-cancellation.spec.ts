import { cancellationDecision } from './shipment-cancellation';

describe('cancellationDecision', () => {
  it.each([
    ['AWAITING_PICKUP', null, 'CANCEL'],
    ['AWAITING_WAYBILL', null, 'CANCEL'],
    ['AWAITING_PICKUP', new Date(), 'ALREADY_SCANNED'],
    ['IN_TRANSIT', new Date(), 'ALREADY_SCANNED'],
    ['CANCELLED', null, 'ALREADY_CANCELLED'],
    ['CANCELLED', new Date(), 'ALREADY_CANCELLED'],
  ] as const)('%s, first scan %s → %s', (status, firstScanAt, decision) => {
    expect(cancellationDecision({ status, firstScanAt })).toBe(decision);
  });
});
