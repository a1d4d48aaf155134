import { BadRequestException, HttpException, HttpStatus, Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { OutboxRelay, rowsOf } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import { RawPayloadArchive, type RawPayload } from '../archive/raw-payload.archive';
import { CARRIER_SYNC_CONFIG, type CarrierSyncConfig } from '../config/carrier-sync.config';
import type { InboundDelivery, PushConnector } from '../connectors/connector';
import { pushConnectorOf } from '../connectors/connector-registry';
import { inboundPayloadsTotal } from '../metrics/carrier-metrics';
import { TrackingEventPublisher } from '../normalization/tracking-event.publisher';

export interface ReceiveWebhookCommand extends InboundDelivery {
  carrierCode: string;
}

export interface WebhookReceipt {
  /** events written to the outbox by this request */
  accepted: number;
  /** a repeated delivery id, or events published before */
  duplicates: number;
  unmapped: number;
}

/**
 * Webhook intake (SPEC §5): verify the signature over the raw bytes, parse, and — in ONE transaction — claim
 * the delivery id, archive the payload and append every normalised event to the outbox. The caller answers
 * 202 only after that commit: accepted means durable. A refusal changes no state (it is archived as
 * REJECTED for ops, body capped).
 */
@Injectable()
export class ReceiveWebhookUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly archive: RawPayloadArchive,
    private readonly publisher: TrackingEventPublisher,
    private readonly relay: OutboxRelay,
    @Inject(CARRIER_SYNC_CONFIG) private readonly config: CarrierSyncConfig,
  ) {}

  async execute(cmd: ReceiveWebhookCommand): Promise<WebhookReceipt> {
    const connector = pushConnectorOf(cmd.carrierCode);
    const secrets = this.config.webhook.secrets.get(cmd.carrierCode);
    if (!connector || !secrets) {
      throw new NotFoundException({ title: 'Unknown carrier', detail: `No webhook intake for carrier "${cmd.carrierCode}".` });
    }
    const archived = (outcome: RawPayload['outcome'], eventCount: number, reason?: string, lagMs?: number): RawPayload => ({
      carrierCode: cmd.carrierCode,
      channel: 'WEBHOOK',
      receivedAt: cmd.receivedAt,
      headers: this.headerSubset(connector, cmd),
      body: cmd.rawBody.toString('utf8'),
      outcome,
      reason,
      eventCount,
      lagMs,
    });
    const reject = async (error: HttpException, reason: string): Promise<never> => {
      inboundPayloadsTotal.inc({ carrier: cmd.carrierCode, channel: 'WEBHOOK', outcome: 'REJECTED' });
      await this.archive.record(this.dataSource, [archived('REJECTED', 0, reason)]);
      throw error;
    };

    const verification = connector.verify(cmd, secrets, this.config.webhook.toleranceSec);
    if (!verification.ok) {
      return reject(new UnauthorizedException({ title: 'Invalid webhook signature', detail: verification.reason }), verification.reason);
    }
    let body: unknown;
    try {
      body = JSON.parse(cmd.rawBody.toString('utf8'));
    } catch (e) {
      const detail = `The body is not valid JSON: ${(e as Error).message}`;
      return reject(new BadRequestException({ title: 'Malformed webhook body', detail, errors: [{ field: '', message: 'invalid JSON' }] }), detail);
    }
    const count = connector.countEvents(body);
    if (count > this.config.webhook.maxEvents) {
      const detail = `At most ${this.config.webhook.maxEvents} events per request; this one has ${count}.`;
      return reject(new HttpException({ title: 'Too many events', detail }, HttpStatus.PAYLOAD_TOO_LARGE), detail);
    }
    const parsed = connector.parse(body);
    if (!parsed.ok) {
      return reject(new BadRequestException({ title: 'Malformed webhook body', detail: 'The events have invalid fields.', errors: parsed.errors.slice(0, 50) }), 'invalid fields');
    }

    const normalized = this.publisher.normalize(cmd.carrierCode, connector, parsed.checkpoints, cmd.receivedAt);
    const newest = Math.max(...normalized.map((e) => Date.parse(e.occurredAt)));
    const lagMs = Number.isFinite(newest) ? Math.max(0, cmd.receivedAt.getTime() - newest) : undefined;
    const outcome = await this.dataSource.transaction(async (tx) => {
      const claimed = rowsOf(
        await tx.query(
          `INSERT INTO carrier_sync.webhook_deliveries (carrier_code, delivery_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
          [cmd.carrierCode, verification.deliveryId],
        ),
      );
      if (claimed.length === 0) {
        await this.archive.record(tx, [archived('DUPLICATE', normalized.length, 'repeated delivery id', lagMs)]);
        return undefined;
      }
      const result = await this.publisher.publish(tx, cmd.carrierCode, normalized);
      await this.archive.record(tx, [archived('ACCEPTED', normalized.length, undefined, lagMs)]);
      return result;
    });
    if (!outcome) {
      inboundPayloadsTotal.inc({ carrier: cmd.carrierCode, channel: 'WEBHOOK', outcome: 'DUPLICATE' });
      return { accepted: 0, duplicates: normalized.length, unmapped: 0 };
    }
    if (outcome.published.length > 0) this.relay.wake();
    inboundPayloadsTotal.inc({ carrier: cmd.carrierCode, channel: 'WEBHOOK', outcome: 'ACCEPTED' });
    this.publisher.countCommitted(cmd.carrierCode, outcome);
    return { accepted: outcome.published.length, duplicates: outcome.alreadySeen, unmapped: [...outcome.unmapped.values()].reduce((a, b) => a + b, 0) };
  }

  private headerSubset(connector: PushConnector, cmd: ReceiveWebhookCommand): Record<string, string> {
    const kept: Record<string, string> = {};
    for (const name of connector.archivedHeaders) {
      const v = cmd.headers[name];
      if (v !== undefined) kept[name] = Array.isArray(v) ? v.join(', ') : v;
    }
    return kept;
  }
}
