import { Injectable } from '@nestjs/common';
import { OutboxRelay } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import { isPushConnector, type CarrierCheckpoint, type Connector } from '../connectors/connector';
import { connectorForCarrier, POLLED_CONNECTOR } from '../connectors/connector-registry';
import { TrackingEventPublisher } from '../normalization/tracking-event.publisher';
import { RawPayloadArchive } from './raw-payload.archive';

export interface RenormalizeCommand {
  carrierCode: string;
  since: Date;
  pageSize?: number;
}

export interface RenormalizeReport {
  payloads: number;
  events: number;
  unmapped: number;
  unreadable: number;
}

/**
 * Re-reads the accepted raw payloads of a carrier since a time with today's mapping tables and republishes
 * their events (same event ids: carrier ids or fingerprints, which do not depend on the mapping), a page of
 * payloads per transaction. Signatures are not re-checked: these payloads were verified when they arrived.
 */
@Injectable()
export class RenormalizeUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly archive: RawPayloadArchive,
    private readonly publisher: TrackingEventPublisher,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(cmd: RenormalizeCommand): Promise<RenormalizeReport> {
    const connector = connectorForCarrier(cmd.carrierCode);
    if (!connector) throw new Error(`no connector for carrier ${cmd.carrierCode}`);
    const report: RenormalizeReport = { payloads: 0, events: 0, unmapped: 0, unreadable: 0 };
    for (let afterId = '0'; ; ) {
      const page = await this.archive.acceptedSince(this.dataSource, cmd.carrierCode, cmd.since, afterId, cmd.pageSize ?? 200);
      if (page.length === 0) break;
      afterId = page[page.length - 1].id;
      const normalized = page.flatMap((p) => {
        const checkpoints = this.checkpointsOf(p.channel, p.body, connector);
        if (!checkpoints) report.unreadable += 1;
        return this.publisher.normalize(cmd.carrierCode, connector, checkpoints ?? [], p.receivedAt);
      });
      const result = await this.dataSource.transaction((tx) => this.publisher.publish(tx, cmd.carrierCode, normalized, { republish: true }));
      this.relay.wake();
      report.payloads += page.length;
      report.events += result.published.length;
      report.unmapped += [...result.unmapped.values()].reduce((a, b) => a + b, 0);
    }
    return report;
  }

  private checkpointsOf(channel: string, body: string, connector: Connector): CarrierCheckpoint[] | undefined {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return undefined;
    }
    const parsed = channel === 'POLL' ? POLLED_CONNECTOR.parsePage(json) : isPushConnector(connector) ? connector.parse(json) : undefined;
    return parsed?.ok ? parsed.checkpoints : undefined;
  }
}
