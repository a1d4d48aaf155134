/** The carrier's answer to a registration or an allocation. */
export class RegistrationView {
  carrierCode!: string;
  trackingNumber!: string;
  shipmentRef!: string;
  /** the simulator's journey for it (GET /control/journeys/{id}) */
  journeyId!: string;
  registeredAt!: string;
}
