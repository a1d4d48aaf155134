import { ServiceEnv } from '@parcelstream/service-runtime';

export class ShipmentServiceEnv extends ServiceEnv {
  override PORT = 3002;
  override DATABASE_URL = 'postgres://shipments_svc:shipments_svc_dev@127.0.0.1:5432/parcelstream';
}
