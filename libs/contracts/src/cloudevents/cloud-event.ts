/**
 * CloudEvents 1.0 in Kafka binary mode (SPEC §6): attributes travel as `ce_*` headers, the value is the
 * JSON payload. https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/kafka-protocol-binding.md
 */
export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const JSON_CONTENT_TYPE = 'application/json';

export interface CloudEventAttributes {
  /** Unique per event; consumers de-duplicate on it. */
  id: string;
  /** URI-reference of the producer, e.g. `/parcelstream/order-service`. */
  source: string;
  /** `parcelstream.<entity>.<verb>.v<N>`, e.g. `parcelstream.order.created.v1`. */
  type: string;
  specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  /** RFC 3339 time the event happened. */
  time: string;
  /** The aggregate id (also the Kafka message key). */
  subject: string;
  /** W3C trace context of the producing request. */
  traceparent?: string;
  datacontenttype: string;
}

export interface CloudEvent<T = unknown> extends CloudEventAttributes {
  data: T;
}

export type KafkaHeaderValue = string | Buffer | (string | Buffer)[] | undefined;
export type KafkaHeaders = Record<string, KafkaHeaderValue>;

const HEADER = {
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  specversion: 'ce_specversion',
  time: 'ce_time',
  subject: 'ce_subject',
  traceparent: 'traceparent',
  datacontenttype: 'content-type',
} as const satisfies Record<keyof CloudEventAttributes, string>;

export function toKafkaHeaders(attributes: CloudEventAttributes): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [attr, header] of Object.entries(HEADER) as [keyof CloudEventAttributes, string][]) {
    const value = attributes[attr];
    if (value !== undefined) headers[header] = value;
  }
  return headers;
}

export function headerString(headers: KafkaHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}

export class CloudEventFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloudEventFormatError';
  }
}

/** Reads the `ce_*` headers; throws CloudEventFormatError when a required attribute is missing. */
export function fromKafkaHeaders(headers: KafkaHeaders | undefined): CloudEventAttributes {
  const read = (name: string) => headerString(headers, name);
  const missing = (['id', 'source', 'type', 'specversion', 'time', 'subject'] as const).filter((a) => !read(HEADER[a]));
  if (missing.length > 0) throw new CloudEventFormatError(`missing CloudEvents header(s): ${missing.map((m) => HEADER[m]).join(', ')}`);
  const specversion = read(HEADER.specversion);
  if (specversion !== CLOUDEVENTS_SPEC_VERSION) throw new CloudEventFormatError(`unsupported ce_specversion ${specversion}`);
  return {
    id: read(HEADER.id) as string,
    source: read(HEADER.source) as string,
    type: read(HEADER.type) as string,
    specversion: CLOUDEVENTS_SPEC_VERSION,
    time: read(HEADER.time) as string,
    subject: read(HEADER.subject) as string,
    traceparent: read(HEADER.traceparent),
    datacontenttype: read(HEADER.datacontenttype) ?? JSON_CONTENT_TYPE,
  };
}
