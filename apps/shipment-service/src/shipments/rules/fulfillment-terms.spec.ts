import { fulfillmentTermsOf } from './fulfillment-terms';

describe('fulfillmentTermsOf', () => {
  it('PLATFORM: the platform is liable, the shipment waits for the carrier to allocate a waybill, no verification', () => {
    expect(fulfillmentTermsOf('PLATFORM')).toEqual({ liability: 'PLATFORM', initialStatus: 'AWAITING_WAYBILL', initialVerification: 'NOT_REQUIRED' });
  });

  it('SELLER: the seller is liable, the shipment waits for pickup, verification pending', () => {
    expect(fulfillmentTermsOf('SELLER')).toEqual({ liability: 'SELLER', initialStatus: 'AWAITING_PICKUP', initialVerification: 'PENDING' });
  });
});
