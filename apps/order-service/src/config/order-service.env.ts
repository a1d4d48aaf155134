import { ServiceEnv } from '@parcelstream/service-runtime';

export class OrderServiceEnv extends ServiceEnv {
  override PORT = 3001;
  override DATABASE_URL = 'postgres://orders_svc:orders_svc_dev@127.0.0.1:5432/parcelstream';
}
