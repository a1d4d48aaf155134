import { Injectable, NotFoundException } from '@nestjs/common';
import type { GatewayRequest } from '../auth/caller-context';
import { ProxyResponder, type ProxyResponse } from '../upstream/proxy-responder';
import { DeadLetterServices } from './dead-letter-services';

/** Replays one dead letter on the service its id names; an id no service gives is a 404 like any unknown one. */
@Injectable()
export class ReplayDeadLetterUseCase {
  constructor(
    private readonly services: DeadLetterServices,
    private readonly proxy: ProxyResponder,
  ) {}

  execute(id: string, req: GatewayRequest, res: ProxyResponse): Promise<void> {
    const owner = this.services.ownerOf(id);
    if (!owner) throw new NotFoundException({ detail: `There is no dead letter ${id}.` });
    return this.proxy.forward(owner, req, res, { method: 'POST', path: `/ops/dead-letters/${encodeURIComponent(id)}/replay` });
  }
}
