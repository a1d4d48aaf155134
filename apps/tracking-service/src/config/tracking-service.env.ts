import { ServiceEnv } from '@parcelstream/service-runtime';

export class TrackingServiceEnv extends ServiceEnv {
  override PORT = 3004;
  override DATABASE_URL = 'postgres://tracking_svc:tracking_svc_dev@127.0.0.1:5432/parcelstream';
}
