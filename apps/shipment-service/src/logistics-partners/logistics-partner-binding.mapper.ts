import { findCarrier } from '@parcelstream/carriers';
import type { LogisticsPartnerBindingView } from './dto/logistics-partner-binding.view';
import type { BindingRow } from './logistics-partner-bindings.repository';

export function toBindingView(row: BindingRow): LogisticsPartnerBindingView {
  return {
    carrierCode: row.carrier_code,
    carrierName: findCarrier(row.carrier_code)?.name ?? row.carrier_code,
    accountNumber: row.account_number,
    isDefault: row.is_default,
    boundAt: row.bound_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
