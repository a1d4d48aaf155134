import { ServiceEnv } from '@parcelstream/service-runtime';

export class CarrierSyncServiceEnv extends ServiceEnv {
  override PORT = 3003;
  override DATABASE_URL = 'postgres://carrier_sync_svc:carrier_sync_svc_dev@127.0.0.1:5432/parcelstream';
}
