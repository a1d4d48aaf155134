import { Module } from '@nestjs/common';
import { PollWorker } from './poll.worker';

@Module({ providers: [PollWorker], exports: [PollWorker] })
export class PollingModule {}
