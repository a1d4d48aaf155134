import { ServiceEnv } from '@parcelstream/service-runtime';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

export class ShipmentServiceEnv extends ServiceEnv {
  override PORT = 3002;
  override DATABASE_URL = 'postgres://shipments_svc:shipments_svc_dev@127.0.0.1:5432/parcelstream';

  /** how often the verification sweep looks for SELLER-model shipments that were never scanned */
  @IsInt()
  @Min(100)
  VERIFICATION_SWEEP_INTERVAL_MS: number = 60_000; // typed: the annotation is what implicit conversion reads

  /** a SELLER-model shipment with no physical carrier scan this long after creation is flagged UNVERIFIED (may be fractional) */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(24 * 365)
  VERIFICATION_WINDOW_HOURS: number = 72;

  /** a carrier may reuse a tracking number after this long; within it, (carrier, number) belongs to one live shipment */
  @IsInt()
  @Min(1)
  @Max(3650)
  WAYBILL_REUSE_AFTER_DAYS: number = 180;
}
