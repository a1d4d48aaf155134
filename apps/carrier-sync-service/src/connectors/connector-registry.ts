import { findCarrier, type CarrierDefinition } from '@parcelstream/carriers';
import { AftershipConnector } from './aftership/aftership.connector';
import { isPushConnector, type Connector, type PushConnector } from './connector';
import { PolledConnector } from './polled/polled.connector';
import { SeventeentrackConnector } from './seventeentrack/seventeentrack.connector';
import { StandardWebhookConnector } from './standard-webhook/standard-webhook.connector';

const STANDARD = new StandardWebhookConnector();
const AFTERSHIP = new AftershipConnector();
const SEVENTEENTRACK = new SeventeentrackConnector();
export const POLLED_CONNECTOR = new PolledConnector();

/** The connector of a carrier, by its catalog connector style. */
export function connectorOf(carrier: CarrierDefinition): Connector | undefined {
  switch (carrier.connectorStyle) {
    case 'standard-webhook':
      return STANDARD;
    case 'aftership-push':
      return AFTERSHIP;
    case 'seventeentrack-push':
      return SEVENTEENTRACK;
    case 'polled':
      return POLLED_CONNECTOR;
    case 'manual':
      return undefined;
  }
}

export function pushConnectorOf(carrierCode: string): PushConnector | undefined {
  const carrier = findCarrier(carrierCode);
  const connector = carrier && connectorOf(carrier);
  return connector && isPushConnector(connector) ? connector : undefined;
}

export function connectorForCarrier(carrierCode: string): Connector | undefined {
  const carrier = findCarrier(carrierCode);
  return carrier && connectorOf(carrier);
}
