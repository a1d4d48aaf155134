import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { KAFKA_PORT, type KafkaPort } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(KAFKA_PORT) private readonly kafka: KafkaPort,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'kafka', timeoutMs = 2_000) {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.kafka.ping(), timeoutMs, 'Kafka');
      return indicator.up();
    } catch (e) {
      return indicator.down({ message: messageOf(e) });
    }
  }
}

@Injectable()
export class PostgresHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'postgres', timeoutMs = 2_000) {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), timeoutMs, 'Postgres');
      return indicator.up();
    } catch (e) {
      return indicator.down({ message: messageOf(e) });
    }
  }
}
