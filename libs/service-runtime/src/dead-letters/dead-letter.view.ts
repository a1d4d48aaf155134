/** A dead letter as ops see it (`GET /ops/dead-letters`). */
export interface DeadLetterView {
  /** `<service prefix>:<uuid>`, e.g. `orders:3f0c…`: the gateway routes replays by the prefix */
  id: string;
  consumerGroup: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  key: string | null;
  /** the message's own headers (`ce_id`, `ce_type`, `traceparent`, …) */
  headers: Record<string, string>;
  /** the message value as UTF-8 text (it may be the malformed JSON that got it dead-lettered) */
  payload: string | null;
  /** `handler-failed`, `invalid-json`, `invalid-envelope`, `invalid-payload` */
  reason: string;
  lastError: string;
  attempts: number;
  failedAt: string;
  replayedAt: string | null;
  replayCount: number;
}

export interface DeadLetterPage {
  items: DeadLetterView[];
  nextCursor: string | null;
}
