import { Module } from '@nestjs/common';
import { ReceiveWebhookUseCase } from './receive-webhook.use-case';
import { WebhooksHttpController } from './webhooks.http.controller';

@Module({ controllers: [WebhooksHttpController], providers: [ReceiveWebhookUseCase] })
export class WebhooksModule {}
