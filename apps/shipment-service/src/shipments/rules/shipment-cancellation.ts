import type { ShipmentStatus } from '@parcelstream/contracts';

export type CancellationDecision = 'CANCEL' | 'ALREADY_CANCELLED' | 'ALREADY_SCANNED';

/** A shipment may be cancelled until a carrier first scans it; cancelling twice is answered, not refused. */
export function cancellationDecision(shipment: { status: ShipmentStatus; firstScanAt: Date | null }): CancellationDecision {
  if (shipment.status === 'CANCELLED') return 'ALREADY_CANCELLED';
  if (shipment.firstScanAt !== null) return 'ALREADY_SCANNED';
  return 'CANCEL';
}
