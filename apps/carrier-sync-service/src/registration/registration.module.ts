import { Module } from '@nestjs/common';
import { RegistrationEventsController } from './registration.events.controller';
import { RegistrationWorker } from './registration.worker';
import { RegistrationsRepository } from './registrations.repository';

@Module({ controllers: [RegistrationEventsController], providers: [RegistrationsRepository, RegistrationWorker], exports: [RegistrationWorker] })
export class RegistrationModule {}
