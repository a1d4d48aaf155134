import {
  CloudEventFormatError,
  headerString,
  deadLetterTopic,
  fromKafkaHeaders,
  PayloadValidationError,
  retryTopic,
  TOPIC_SPECS,
  validatePayload,
  type EventContract,
} from '@parcelstream/contracts';
import {
  addSpanEvent,
  linkTo,
  MessagingAttribute,
  ParcelAttribute,
  SPAN_LINK_LIMIT,
  SpanKind,
  withSpan,
  type Attributes,
  type Link,
} from '@parcelstream/observability';
import { abortableSleep } from '../abortable-sleep';
import { DeadLetterStore, type DeadLetterRecord } from '../dead-letter/dead-letter-store';
import { Inbox } from '../inbox/inbox';
import type { IncomingMessage, KafkaPort, OutgoingMessage, PartitionBatch, RunningConsumer } from '../kafka/kafka-port';
import type { SqlExecutor } from '../sql-executor';
import type { AnyEventBatchHandler, ConsumedEvent, EventBatchHandler, TransactionalDb } from './consumed-event';
import { parcelAttributes } from '../tracing/parcel-attributes';
import { describeError, InfrastructureError, isTransientInfrastructureError } from './failure-classification';
import { attemptOf, originOf, passThroughHeaders, RetryHeader } from './retry-headers';

export interface EventConsumerOptions<Tx extends SqlExecutor> {
  /** the Kafka consumer group; retry tiers and the dead-letter topic are named after it */
  groupId: string;
  /** the service's schema, which holds its inbox */
  schema: string;
  db: TransactionalDb<Tx>;
  kafka: KafkaPort;
  handlers: AnyEventBatchHandler<Tx>[];
  /** defaults to the handlers' topics */
  topics?: string[];
  /** back-off per retry tier; a message is tried `retryDelaysMs.length + 1` times, then dead-lettered */
  retryDelaysMs?: number[];
  /** messages applied in one transaction */
  chunkSize?: number;
  partitionsConcurrently?: number;
  fromBeginning?: boolean;
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra?: Record<string, unknown>) => void;
  metrics?: {
    applied?(groupId: string, topic: string, count: number): void;
    duplicates?(groupId: string, topic: string, count: number): void;
    retried?(groupId: string, topic: string): void;
    deadLettered?(groupId: string, topic: string, reason: string): void;
    /** messages behind the committed offset of one partition, after each commit */
    lag?(groupId: string, topic: string, partition: number, lag: number): void;
  };
}

type Decoded =
  | { kind: 'event'; message: IncomingMessage; event: ConsumedEvent; handler: EventBatchHandler<never, SqlExecutor> }
  | { kind: 'skip'; message: IncomingMessage }
  | { kind: 'poison'; message: IncomingMessage; reason: string; error: string };

/** Where a failed message goes next; a dead letter is also recorded in the schema's `dead_letter` table. */
interface Failure {
  message: OutgoingMessage;
  deadLetter?: DeadLetterRecord;
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 20_000];

/**
 * Consumes events in batches and applies them effectively once:
 *  - one transaction per chunk holds the handlers' effects and the inbox rows; offsets are committed after it;
 *  - a malformed or invalid message goes straight to the dead-letter topic;
 *  - a chunk that fails is re-applied one event at a time, so one poison event cannot block the others:
 *    the failing event moves to retry tier 1, 2, … (each with its back-off, consumed by a second member
 *    group `<group>.retry`), then to `<group>.dead-letter.v1` with the error and its origin in headers;
 *  - a dead letter is first recorded in the schema's `dead_letter` table (idempotent on its origin), then
 *    published: a crash in between re-sends it on redelivery, and neither record is lost;
 *  - a database or broker outage is not the message's fault: the chunk is retried in place with back-off.
 *
 * Tracing: each chunk is a `process <topic>` CONSUMER span, a child of its first message's `traceparent` and
 * linked to its messages' (the first SPAN_LINK_LIMIT); each run of one handler is a `handle <type>` span under
 * it (ERROR when it throws); retries and dead letters are events on the chunk's span.
 */
export class EventConsumer<Tx extends SqlExecutor = SqlExecutor> {
  private readonly handlers = new Map<string, AnyEventBatchHandler<Tx>>();
  private readonly inbox: Inbox;
  private readonly deadLetters: DeadLetterStore;
  private readonly retryDelaysMs: number[];
  private readonly chunkSize: number;
  private readonly running: RunningConsumer[] = [];
  private readonly stopSignal = new AbortController();

  constructor(private readonly options: EventConsumerOptions<Tx>) {
    for (const h of options.handlers) {
      if (this.handlers.has(h.contract.type)) throw new Error(`two handlers for ${h.contract.type} in ${options.groupId}`);
      this.handlers.set(h.contract.type, h);
    }
    this.inbox = new Inbox(options.schema);
    this.deadLetters = new DeadLetterStore(options.schema);
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.chunkSize = options.chunkSize ?? 500;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): string[] {
    return this.options.topics ?? [...new Set([...this.handlers.values()].map((h) => h.contract.topic))];
  }

  get retryTopics(): string[] {
    return this.retryDelaysMs.map((_, i) => retryTopic(this.options.groupId, i + 1));
  }

  get deadLetterTopic(): string {
    return deadLetterTopic(this.options.groupId);
  }

  async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    // declared before subscribing: on a fresh broker a subscription to a missing topic fails
    await kafka.ensureTopics([
      ...this.topics.map((topic) => TOPIC_SPECS.find((spec) => spec.topic === topic) ?? { topic, partitions: 6 }),
      ...[...this.retryTopics, this.deadLetterTopic].map((topic) => ({ topic, partitions: 3 })),
    ]);
    this.running.push(
      await kafka.subscribe({
        groupId,
        topics: this.topics,
        fromBeginning: this.options.fromBeginning ?? true,
        partitionsConcurrently: this.options.partitionsConcurrently ?? 2,
        onBatch: (batch) => this.consumeBatch(batch, false),
      }),
    );
    if (this.retryTopics.length > 0) {
      this.running.push(
        await kafka.subscribe({
          groupId: `${groupId}.retry`,
          topics: this.retryTopics,
          fromBeginning: true,
          // a message waiting out its back-off holds only its own partition
          partitionsConcurrently: Math.max(3, this.retryTopics.length * 3),
          onBatch: (batch) => this.consumeBatch(batch, true),
        }),
      );
    }
  }

  /** Stops fetching; the chunk in hand finishes and commits; back-off waits end at once (uncommitted). */
  async stop(): Promise<void> {
    this.stopSignal.abort();
    await Promise.all(this.running.splice(0).map((c) => c.stop()));
  }

  private async consumeBatch(batch: PartitionBatch, isRetryTier: boolean): Promise<void> {
    const size = isRetryTier ? 1 : this.chunkSize;
    for (let i = 0; i < batch.messages.length; i += size) {
      if (!batch.isRunning() || this.stopSignal.signal.aborted) return;
      const chunk = batch.messages.slice(i, i + size);
      if (isRetryTier && !(await this.waitForBackoff(chunk[0], batch))) return;
      const done = await this.withInfrastructureRetry(batch, () => this.processChunkInSpan(chunk, batch.partition, isRetryTier));
      if (!done) return; // stopping during an outage: leave the chunk uncommitted
      const next = BigInt(chunk[chunk.length - 1].offset) + 1n;
      await batch.commit(next.toString());
      // lag after this commit, as of the fetch: the batch's high watermark minus the next offset to read
      this.options.metrics?.lag?.(this.groupId, batch.topic, batch.partition, Math.max(0, Number(BigInt(batch.highWatermark) - next)));
      await batch.heartbeat();
    }
  }

  /** Waits until the message's not-before time, heartbeating; false when the consumer stops meanwhile. */
  private async waitForBackoff(message: IncomingMessage, batch: PartitionBatch): Promise<boolean> {
    const notBefore = Number(message.headers[RetryHeader.notBefore]?.toString() ?? 0);
    while (Date.now() < notBefore) {
      if (!batch.isRunning() || this.stopSignal.signal.aborted) return false;
      await abortableSleep(Math.min(2_000, notBefore - Date.now()), this.stopSignal.signal);
      await batch.heartbeat();
    }
    return true;
  }

  private async withInfrastructureRetry(batch: PartitionBatch, work: () => Promise<void>): Promise<boolean> {
    for (let failures = 0; ; failures++) {
      try {
        await work();
        return true;
      } catch (e) {
        if (!isTransientInfrastructureError(e)) throw e;
        this.options.log?.('warn', 'infrastructure unavailable; retrying the chunk in place', { groupId: this.groupId, error: describeError(e), failures });
        if (!batch.isRunning() || this.stopSignal.signal.aborted) return false;
        // at most 2 s between heartbeats: the group keeps the partitions here through a long outage
        await abortableSleep(Math.min(2_000, 200 * 2 ** Math.min(failures, 6)), this.stopSignal.signal);
        await batch.heartbeat().catch(() => undefined);
      }
    }
  }

  private processChunkInSpan(messages: IncomingMessage[], partition: number, isRetryTier: boolean): Promise<void> {
    const first = messages[0];
    const links = messages.slice(0, SPAN_LINK_LIMIT).flatMap((m): Link[] => {
      const link = linkTo(headerString(m.headers, 'traceparent'), {
        [MessagingAttribute.messageId]: headerString(m.headers, 'ce_id') ?? '',
        [MessagingAttribute.kafkaOffset]: Number(m.offset),
        [ParcelAttribute.aggregateId]: m.key ?? '',
      });
      return link ? [link] : [];
    });
    const attributes: Attributes = {
      [MessagingAttribute.system]: 'kafka',
      [MessagingAttribute.operationType]: 'process',
      [MessagingAttribute.operationName]: 'process',
      [MessagingAttribute.destination]: first.topic,
      [MessagingAttribute.partition]: String(partition),
      [MessagingAttribute.consumerGroup]: isRetryTier ? `${this.groupId}.retry` : this.groupId,
      [MessagingAttribute.batchMessageCount]: messages.length,
      [MessagingAttribute.kafkaOffset]: Number(first.offset),
      ...parcelAttributes(messages.map((m) => ({ key: m.key, type: headerString(m.headers, 'ce_type') }))),
    };
    const parent = headerString(first.headers, 'traceparent') ?? null;
    return withSpan(`process ${first.topic}`, { kind: SpanKind.CONSUMER, parent, links, attributes }, () => this.processChunk(messages));
  }

  private async processChunk(messages: IncomingMessage[]): Promise<void> {
    const decoded = messages.map((m) => this.decode(m));
    const poison = decoded.filter((d): d is Extract<Decoded, { kind: 'poison' }> => d.kind === 'poison');
    const events = decoded.filter((d): d is Extract<Decoded, { kind: 'event' }> => d.kind === 'event');
    await this.publishFailures(poison.map((p) => this.deadLetter(p.message, p.reason, p.error)));
    if (events.length === 0) return;
    try {
      await this.apply(events);
      return;
    } catch (e) {
      if (isTransientInfrastructureError(e) || events.length === 1) {
        if (isTransientInfrastructureError(e)) throw e;
        await this.publishFailures([this.nextStop(events[0].message, e)]);
        return;
      }
      this.options.log?.('warn', 'batch failed; applying its events one by one', { groupId: this.groupId, error: describeError(e) });
    }
    for (const ev of events) {
      try {
        await this.apply([ev]);
      } catch (e) {
        if (isTransientInfrastructureError(e)) throw e;
        await this.publishFailures([this.nextStop(ev.message, e)]);
      }
    }
  }

  /** One transaction: inbox rows for every event, then each run of same-type events through its handler. */
  private async apply(events: Extract<Decoded, { kind: 'event' }>[]): Promise<void> {
    const { db, groupId } = this.options;
    const topic = events[0].message.topic;
    let duplicates = 0;
    await db.transaction(async (tx) => {
      const fresh = await this.inbox.claim(tx, groupId, [...new Set(events.map((e) => e.event.id))]);
      const todo = events.filter((e) => fresh.delete(e.event.id)); // first copy only
      duplicates = events.length - todo.length;
      for (let start = 0; start < todo.length; ) {
        let end = start + 1;
        while (end < todo.length && todo[end].handler === todo[start].handler) end++;
        const run = todo.slice(start, end);
        const handled = run.map((r) => r.event);
        const attributes = { [ParcelAttribute.eventType]: run[0].event.type, [MessagingAttribute.batchMessageCount]: run.length, ...parcelAttributes(handled) };
        await withSpan(`handle ${run[0].event.type}`, { attributes }, () => run[0].handler.handle(handled as never[], tx));
        start = end;
      }
    });
    this.options.metrics?.applied?.(groupId, topic, events.length - duplicates);
    if (duplicates > 0) this.options.metrics?.duplicates?.(groupId, topic, duplicates);
  }

  private decode(message: IncomingMessage): Decoded {
    let type: string | undefined;
    try {
      const attributes = fromKafkaHeaders(message.headers);
      type = attributes.type;
      const handler = this.handlers.get(attributes.type);
      if (!handler) return { kind: 'skip', message };
      if (!message.value) throw new PayloadValidationError(attributes.type, [{ field: '', message: 'empty message value' }]);
      const payload = validatePayload(handler.contract as EventContract, JSON.parse(message.value.toString('utf8')));
      return {
        kind: 'event',
        message,
        handler: handler as unknown as EventBatchHandler<never, SqlExecutor>,
        event: { ...attributes, payload, topic: message.topic, partition: message.partition, offset: message.offset, key: message.key },
      };
    } catch (e) {
      const reason = e instanceof CloudEventFormatError ? 'invalid-envelope' : e instanceof SyntaxError ? 'invalid-json' : 'invalid-payload';
      this.options.log?.('warn', 'message refused', { groupId: this.groupId, type, reason, error: describeError(e), offset: message.offset, topic: message.topic });
      return { kind: 'poison', message, reason, error: describeError(e) };
    }
  }

  /** The next retry tier, or the dead-letter topic when the attempts are used up. */
  private nextStop(message: IncomingMessage, error: unknown): Failure {
    const attempt = attemptOf(message);
    if (attempt > this.retryDelaysMs.length) return this.deadLetter(message, 'handler-failed', describeError(error));
    const origin = originOf(message);
    this.options.metrics?.retried?.(this.groupId, origin.topic);
    this.options.log?.('warn', 'event failed; scheduled for retry', { groupId: this.groupId, attempt, error: describeError(error), topic: origin.topic, offset: origin.offset });
    addSpanEvent('retry scheduled', { [MessagingAttribute.kafkaOffset]: Number(message.offset), 'parcelstream.retry.attempt': attempt + 1, 'exception.message': describeError(error) });
    const retry: OutgoingMessage = {
      topic: retryTopic(this.groupId, attempt),
      key: message.key ?? '',
      value: message.value ?? '',
      headers: {
        ...passThroughHeaders(message.headers),
        [RetryHeader.attempt]: String(attempt + 1),
        [RetryHeader.notBefore]: String(Date.now() + this.retryDelaysMs[attempt - 1]),
        [RetryHeader.originalTopic]: origin.topic,
        [RetryHeader.originalPartition]: String(origin.partition),
        [RetryHeader.originalOffset]: origin.offset,
        [RetryHeader.consumerGroup]: this.groupId,
        [RetryHeader.lastError]: describeError(error),
      },
    };
    return { message: retry };
  }

  private deadLetter(message: IncomingMessage, reason: string, error: string): Failure {
    const origin = originOf(message);
    const failedAt = new Date();
    const headers = passThroughHeaders(message.headers);
    const attempts = attemptOf(message);
    this.options.log?.('error', 'event dead-lettered', { groupId: this.groupId, reason, error, topic: origin.topic, partition: origin.partition, offset: origin.offset });
    addSpanEvent('dead-lettered', { [MessagingAttribute.kafkaOffset]: Number(message.offset), 'parcelstream.dead_letter.reason': reason, 'exception.message': error });
    return {
      message: {
        topic: this.deadLetterTopic,
        key: message.key ?? '',
        value: message.value ?? '',
        headers: {
          ...headers,
          [RetryHeader.deadLetterReason]: reason,
          [RetryHeader.lastError]: error,
          [RetryHeader.attempts]: String(attempts),
          [RetryHeader.originalTopic]: origin.topic,
          [RetryHeader.originalPartition]: String(origin.partition),
          [RetryHeader.originalOffset]: origin.offset,
          [RetryHeader.consumerGroup]: this.groupId,
          [RetryHeader.failedAt]: failedAt.toISOString(),
        },
      },
      deadLetter: {
        consumerGroup: this.groupId,
        originalTopic: origin.topic,
        originalPartition: origin.partition,
        originalOffset: origin.offset,
        key: message.key,
        headers,
        payload: message.value,
        reason,
        lastError: error,
        attempts,
        failedAt,
      },
    };
  }

  /** Records the dead letters, then publishes every failure; either failing is retried in place. */
  private async publishFailures(failures: Failure[]): Promise<void> {
    if (failures.length === 0) return;
    const deadLetters = failures.flatMap((f) => (f.deadLetter ? [f.deadLetter] : []));
    try {
      await this.deadLetters.record(this.options.db, deadLetters);
    } catch (e) {
      throw new InfrastructureError('could not record the dead letters', e);
    }
    try {
      await this.options.kafka.publish(failures.map((f) => f.message));
    } catch (e) {
      throw new InfrastructureError('could not publish to the retry or dead-letter topic', e);
    }
    for (const d of deadLetters) this.options.metrics?.deadLettered?.(this.groupId, d.originalTopic, d.reason);
  }
}
