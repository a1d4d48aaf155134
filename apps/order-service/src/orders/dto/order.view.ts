import type { OrderStatus } from '@parcelstream/contracts';

export interface MoneyView {
  amount: string;
  currency: string;
}

export interface OrderShipmentView {
  shipmentId: string;
  carrierCode: string;
  trackingNumber: string | null;
  fulfillmentModel: string;
  cancelled: boolean;
  trackingStatus: string | null;
  trackingSubstatus: string | null;
  items: { sku: string; quantity: number }[];
}

/** The order as its buyer, its seller and ops see it (the address is theirs to see; events never carry it). */
export interface OrderView {
  orderNumber: string;
  status: OrderStatus;
  buyerId: string;
  sellerId: string;
  items: { sku: string; name: string; quantity: number; unitPrice: MoneyView }[];
  total: MoneyView;
  shippingAddress: { name: string; line1: string; line2?: string; city: string; region?: string; postalCode: string; countryCode: string };
  shipFromCountryCode: string;
  shipments: OrderShipmentView[];
  createdAt: string;
  updatedAt: string;
  cancelledAt?: string;
}

export interface OrderSummaryView {
  orderNumber: string;
  status: OrderStatus;
  sellerId: string;
  buyerId: string;
  total: MoneyView;
  createdAt: string;
}
