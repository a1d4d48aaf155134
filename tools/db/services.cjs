'use strict';
/** The services that own a schema, and their login roles (one role per service, its own schema only). */
module.exports.SERVICES = [
  { service: 'order-service', schema: 'orders', role: 'orders_svc' },
  { service: 'shipment-service', schema: 'shipments', role: 'shipments_svc' },
  { service: 'carrier-sync-service', schema: 'carrier_sync', role: 'carrier_sync_svc' },
  { service: 'tracking-service', schema: 'tracking', role: 'tracking_svc' },
];
