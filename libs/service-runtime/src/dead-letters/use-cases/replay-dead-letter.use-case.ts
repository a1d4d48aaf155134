import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DeadLetterNotReplayableError, DeadLetterStore, OutboxRelay, type DeadLetter } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import { DEAD_LETTER_ID_PREFIX, localDeadLetterId, toDeadLetterView } from '../dead-letter-ids';
import type { DeadLetterView } from '../dead-letter.view';

/**
 * Sends a dead letter's original message (same key, headers with `ce_id`, value) to its original topic
 * through the outbox, in the transaction that counts the replay. The consumer that gave up on it applies
 * it once; one that had applied it finds its `ce_id` in the inbox. Replaying again is allowed and counted.
 */
@Injectable()
export class ReplayDeadLetterUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: DeadLetterStore,
    private readonly relay: OutboxRelay,
    @Inject(DEAD_LETTER_ID_PREFIX) private readonly prefix: string,
  ) {}

  async execute(publicId: string): Promise<DeadLetterView> {
    const id = localDeadLetterId(this.prefix, publicId);
    let replayed: DeadLetter | undefined;
    try {
      replayed = id ? await this.store.replay(this.dataSource, id) : undefined;
    } catch (e) {
      if (e instanceof DeadLetterNotReplayableError) throw new ConflictException({ detail: `Dead letter ${publicId} cannot be replayed: its value is not JSON.` });
      throw e;
    }
    if (!replayed) throw new NotFoundException({ detail: `No dead letter ${publicId}.` });
    this.relay.wake();
    return toDeadLetterView(this.prefix, replayed);
  }
}
