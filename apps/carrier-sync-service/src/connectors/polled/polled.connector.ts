import { DUTY_PAYERS } from '../shared/duty-payers';
import { lookupCode, type CarrierCheckpoint, type CodeMapping, type Connector, type ParseResult } from '../connector';
import { PayloadReader } from '../payload-reader';
import { POLLED_MAPPING } from './polled-mapping';

export interface PolledPage {
  checkpoints: CarrierCheckpoint[];
  /** the next page number, or null on the last page */
  nextPage: number | null;
}

/**
 * The polled carrier's tracking API: `GET …/tracking?numbers=a,b&page=n` →
 * `{ page, pages, shipments: [{ no, evts: [{ id, c, t, d, loc?: { city, cc }, eta?: { from, to },
 * duty?: { amt, cur, by }, nxt?: { carrier, no } }] }] }`; 429 with `Retry-After` over its rate limit.
 */
export class PolledConnector implements Connector {
  readonly style = 'polled' as const;

  parsePage(body: unknown): ParseResult & { nextPage?: number | null } {
    const r = new PayloadReader();
    const root = r.object(body, '');
    const page = root && typeof root.page === 'number' ? root.page : 1;
    const pages = root && typeof root.pages === 'number' ? root.pages : 1;
    const shipments = root && r.array(root.shipments, 'shipments');
    const out: CarrierCheckpoint[] = [];
    (shipments ?? []).forEach((raw, s) => {
      const shipment = r.object(raw, `shipments[${s}]`);
      const number = shipment && r.string(shipment.no, `shipments[${s}].no`, { max: 64 });
      const events = shipment && r.array(shipment.evts, `shipments[${s}].evts`);
      (events ?? []).forEach((rawEvent, i) => {
        const at = `shipments[${s}].evts[${i}]`;
        const e = r.object(rawEvent, at);
        if (!e) return;
        const loc = r.optionalObject(e.loc, `${at}.loc`);
        const eta = r.optionalObject(e.eta, `${at}.eta`);
        const duty = r.optionalObject(e.duty, `${at}.duty`);
        const nxt = r.optionalObject(e.nxt, `${at}.nxt`);
        out.push({
          trackingNumber: number ?? '',
          carrierEventId: r.string(e.id, `${at}.id`, { max: 200 }),
          rawCode: r.string(e.c, `${at}.c`, { max: 8 }) ?? '',
          description: r.string(e.d, `${at}.d`, { max: 500 }) ?? '',
          occurredAt: r.timestamp(e.t, `${at}.t`) ?? '',
          location: loc && { countryCode: r.countryCode(loc.cc, `${at}.loc.cc`) ?? '', city: r.optionalString(loc.city, `${at}.loc.city`, { max: 120 }) },
          estimatedDelivery: eta && { from: r.timestamp(eta.from, `${at}.eta.from`) ?? '', to: r.timestamp(eta.to, `${at}.eta.to`) ?? '' },
          duties: duty && {
            amount: r.string(duty.amt, `${at}.duty.amt`, { max: 20, pattern: /^\d+(\.\d{1,4})?$/ }) ?? '',
            currency: r.string(duty.cur, `${at}.duty.cur`, { max: 3, pattern: /^[A-Z]{3}$/ }) ?? '',
            payer: r.oneOf(duty.by, `${at}.duty.by`, DUTY_PAYERS) ?? 'BUYER',
          },
          nextTrackingNumber: nxt && r.string(nxt.no, `${at}.nxt.no`, { max: 64 }),
          nextCarrierCode: nxt && r.string(nxt.carrier, `${at}.nxt.carrier`, { max: 64 }),
        });
      });
    });
    if (r.errors.length > 0) return { ok: false, errors: r.errors };
    return { ok: true, checkpoints: out, nextPage: page < pages ? page + 1 : null };
  }

  map(checkpoint: CarrierCheckpoint): CodeMapping | undefined {
    return lookupCode(POLLED_MAPPING, checkpoint.rawCode);
  }
}
