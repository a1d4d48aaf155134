import { type DynamicModule, Module } from '@nestjs/common';
import { DEAD_LETTER_ID_PREFIX } from './dead-letter-ids';
import { DeadLettersHttpController } from './dead-letters.http.controller';
import { ListDeadLettersQuery } from './use-cases/list-dead-letters.query';
import { ReplayDeadLetterUseCase } from './use-cases/replay-dead-letter.use-case';

/** `GET /ops/dead-letters` and `POST /ops/dead-letters/:id/replay` on the service's own `dead_letter` table. */
@Module({})
export class DeadLettersModule {
  static forRoot(idPrefix: string): DynamicModule {
    return {
      module: DeadLettersModule,
      controllers: [DeadLettersHttpController],
      providers: [{ provide: DEAD_LETTER_ID_PREFIX, useValue: idPrefix }, ListDeadLettersQuery, ReplayDeadLetterUseCase],
    };
  }
}
