import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DeadLetterStore, type DeadLetterCursor } from '@parcelstream/messaging';
import { DataSource } from 'typeorm';
import { DEAD_LETTER_ID_PREFIX, toDeadLetterView } from '../dead-letter-ids';
import type { DeadLetterPage } from '../dead-letter.view';

/** The service's dead letters, newest first, keyset-paginated. */
@Injectable()
export class ListDeadLettersQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: DeadLetterStore,
    @Inject(DEAD_LETTER_ID_PREFIX) private readonly prefix: string,
  ) {}

  async execute(limit: number, cursor?: string): Promise<DeadLetterPage> {
    const page = await this.store.list(this.dataSource, limit + 1, cursor ? decodeCursor(cursor) : undefined);
    const items = page.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = page.length > limit ? encodeCursor({ failedAt: last.failedAt.toISOString(), id: last.id }) : null;
    return { items: items.map((d) => toDeadLetterView(this.prefix, d)), nextCursor };
  }
}

function encodeCursor(c: DeadLetterCursor): string {
  return Buffer.from(JSON.stringify([c.failedAt, c.id])).toString('base64url');
}

function decodeCursor(raw: string): DeadLetterCursor {
  try {
    const [failedAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof failedAt === 'string' && !Number.isNaN(Date.parse(failedAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) {
      return { failedAt, id };
    }
  } catch {
    /* fall through */
  }
  throw new BadRequestException({ detail: 'The cursor is not one this API gave out.', errors: [{ field: 'cursor', message: 'invalid cursor' }] });
}
