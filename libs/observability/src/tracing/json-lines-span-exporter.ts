import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { ExportResultCode, hrTimeToMicroseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { mkdirSync, statSync } from 'node:fs';
import { appendFile, rename } from 'node:fs/promises';
import * as path from 'node:path';

/** One finished span, one line of a traces file (what `npm run traces` reads). */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  service: string;
  /** ISO-8601, for people */
  startTime: string;
  /** epoch microseconds, for ordering */
  startUs: number;
  durationUs: number;
  status: 'UNSET' | 'OK' | 'ERROR';
  statusMessage?: string;
  attributes: Attributes;
  links: { traceId: string; spanId: string; attributes?: Attributes }[];
  events: { name: string; time: string; attributes?: Attributes }[];
}

const KINDS: Record<SpanKind, SpanRecord['kind']> = {
  [SpanKind.INTERNAL]: 'INTERNAL',
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
};
const STATUSES: Record<SpanStatusCode, SpanRecord['status']> = {
  [SpanStatusCode.UNSET]: 'UNSET',
  [SpanStatusCode.OK]: 'OK',
  [SpanStatusCode.ERROR]: 'ERROR',
};

export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const startUs = Math.round(hrTimeToMicroseconds(span.startTime));
  const record: SpanRecord = {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    name: span.name,
    kind: KINDS[span.kind],
    service: String(span.resource.attributes[ATTR_SERVICE_NAME] ?? 'unknown_service'),
    startTime: new Date(startUs / 1000).toISOString(),
    startUs,
    durationUs: Math.round(hrTimeToMicroseconds(span.duration)),
    status: STATUSES[span.status.code],
    attributes: span.attributes,
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, ...(l.attributes ? { attributes: l.attributes } : {}) })),
    events: span.events.map((e) => ({
      name: e.name,
      time: new Date(hrTimeToMicroseconds(e.time) / 1000).toISOString(),
      ...(e.attributes ? { attributes: e.attributes } : {}),
    })),
  };
  if (span.parentSpanContext?.spanId) record.parentSpanId = span.parentSpanContext.spanId;
  if (span.status.message) record.statusMessage = span.status.message;
  return record;
}

export interface JsonLinesSpanExporterOptions {
  /** past this size the file is renamed to `<file>.1` (replacing an older one) and a new file begun; default 64 MiB */
  maxBytes?: number;
}

/**
 * Appends each finished span as one JSON line (SpanRecord) to a file of this process. Writes are serial and
 * whole batches at a time; the directory is created if missing. For local runs and tests, not production
 * (there, OTLP to a collector).
 */
export class JsonLinesSpanExporter implements SpanExporter {
  private readonly maxBytes: number;
  private size: number;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly file: string,
    options: JsonLinesSpanExporterOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    mkdirSync(path.dirname(file), { recursive: true });
    this.size = sizeOf(file);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) return resultCallback({ code: ExportResultCode.FAILED, error: new Error(`${this.file}: exporter is shut down`) });
    const text = spans.map((s) => `${JSON.stringify(toSpanRecord(s))}\n`).join('');
    this.writing = this.writing.then(async () => {
      try {
        if (this.size > 0 && this.size + Buffer.byteLength(text) > this.maxBytes) await this.rotate();
        await appendFile(this.file, text);
        this.size += Buffer.byteLength(text);
        resultCallback({ code: ExportResultCode.SUCCESS });
      } catch (e) {
        resultCallback({ code: ExportResultCode.FAILED, error: e instanceof Error ? e : new Error(String(e)) });
      }
    });
  }

  forceFlush(): Promise<void> {
    return this.writing;
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.writing;
  }

  private async rotate(): Promise<void> {
    await rename(this.file, `${this.file}.1`);
    this.size = 0;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
