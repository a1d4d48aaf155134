import { AftershipDialect } from './aftership.dialect';
import type { CarrierDialect } from './carrier-dialect';
import { PolledDialect } from './polled.dialect';
import { SeventeentrackDialect } from './seventeentrack.dialect';
import { simulatedCarrier, type SimulatedCarrier } from './simulated-carriers';
import { StandardWebhookDialect } from './standard-webhook.dialect';

const STANDARD = new StandardWebhookDialect();
const AFTERSHIP = new AftershipDialect();
const SEVENTEENTRACK = new SeventeentrackDialect();
export const POLLED_DIALECT = new PolledDialect();

export function dialectOfStyle(style: SimulatedCarrier['style']): CarrierDialect {
  switch (style) {
    case 'standard-webhook':
      return STANDARD;
    case 'aftership-push':
      return AFTERSHIP;
    case 'seventeentrack-push':
      return SEVENTEENTRACK;
    case 'polled':
      return POLLED_DIALECT;
  }
}

export function dialectOf(carrierCode: string): CarrierDialect {
  const carrier = simulatedCarrier(carrierCode);
  if (!carrier) throw new RangeError(`${carrierCode} is not a carrier the simulator plays`);
  return dialectOfStyle(carrier.style);
}
