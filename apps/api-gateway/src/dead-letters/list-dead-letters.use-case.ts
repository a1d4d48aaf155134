import { BadGatewayException, BadRequestException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { Caller } from '@parcelstream/caller-identity';
import { UpstreamUnavailableError, type UpstreamClient } from '../upstream/upstream-client';
import { DeadLetterServices } from './dead-letter-services';
import {
  decodeCursor,
  encodeCursor,
  fetchSize,
  InvalidCursorError,
  mergePages,
  type DeadLetterItem,
  type ServicePage,
  type ServicePosition,
  unseen,
} from './dead-letter-page';

/** A service page with nothing unseen but more behind it is skipped; this bounds how far one request walks. */
const MAX_PAGES_PER_SERVICE = 5;

export interface ListDeadLettersCommand {
  caller: Caller;
  limit: number;
  cursor?: string;
}

/** Every service's dead letters in one list, newest first: the four lists fetched in parallel and merged. */
@Injectable()
export class ListDeadLettersUseCase {
  constructor(private readonly services: DeadLetterServices) {}

  async execute(command: ListDeadLettersCommand): Promise<{ items: DeadLetterItem[]; nextCursor: string | null }> {
    const names = this.services.all.map((s) => s.service);
    let positions;
    try {
      positions = decodeCursor(command.cursor, names);
    } catch (e) {
      if (e instanceof InvalidCursorError) throw new BadRequestException({ detail: e.message, errors: [{ field: 'cursor', message: e.message }] });
      throw e;
    }
    const fetched: Record<string, { page: ServicePage; position: ServicePosition }> = {};
    await Promise.all(
      this.services.all.map(async (client) => {
        const position = positions[client.service];
        if (position === null) return; // exhausted
        fetched[client.service] = await this.load(client, command, position);
      }),
    );
    const { items, positions: after } = mergePages(command.limit, fetched);
    for (const name of names) if (!(name in fetched)) after[name] = null;
    return { items, nextCursor: encodeCursor(after) };
  }

  /** The service's page at its position, walking on while a page holds nothing unseen. */
  private async load(client: UpstreamClient, command: ListDeadLettersCommand, start: ServicePosition) {
    let position = start;
    for (let i = 0; ; i++) {
      const page = await this.page(client, command.caller, position.cursor, fetchSize(position, command.limit));
      if (unseen(page, position).length > 0 || page.nextCursor === null || i + 1 >= MAX_PAGES_PER_SERVICE) return { page, position };
      position = { cursor: page.nextCursor, shown: 0, last: position.last };
    }
  }

  private async page(client: UpstreamClient, caller: Caller, cursor: string | null, limit: number): Promise<ServicePage> {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor === null ? {} : { cursor }) });
    let answer;
    try {
      answer = await client.call({ method: 'GET', path: `/ops/dead-letters?${query.toString()}`, caller });
    } catch (e) {
      if (e instanceof UpstreamUnavailableError) throw new ServiceUnavailableException({ detail: `${client.service} is not answering; its dead letters cannot be listed. Try again shortly.` });
      throw e;
    }
    if (answer.status !== 200) throw new BadGatewayException({ detail: `${client.service} answered ${answer.status} to its dead-letter list.` });
    const body = parse(answer.body);
    if (!body) throw new BadGatewayException({ detail: `${client.service} answered its dead-letter list in an unexpected shape.` });
    return body;
  }
}

function parse(raw: Buffer): ServicePage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
  const { items, nextCursor } = (json ?? {}) as { items?: unknown; nextCursor?: unknown };
  if (!Array.isArray(items) || !(nextCursor === null || nextCursor === undefined || typeof nextCursor === 'string')) return undefined;
  if (!items.every((i) => typeof i === 'object' && i !== null && typeof (i as DeadLetterItem).id === 'string' && typeof (i as DeadLetterItem).failedAt === 'string')) return undefined;
  return { items: items as DeadLetterItem[], nextCursor: nextCursor ?? null };
}
