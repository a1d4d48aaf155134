import { Module } from '@nestjs/common';
import { LogisticsPartnerBindingsRepository } from './logistics-partner-bindings.repository';
import { LogisticsPartnersHttpController } from './logistics-partners.http.controller';
import { BindLogisticsPartnerUseCase } from './use-cases/bind-logistics-partner.use-case';
import { ListLogisticsPartnersUseCase } from './use-cases/list-logistics-partners.use-case';
import { UnbindLogisticsPartnerUseCase } from './use-cases/unbind-logistics-partner.use-case';

/** Sellers' carrier bindings. Exports the repository: shipping checks that a SELLER-model carrier is bound. */
@Module({
  controllers: [LogisticsPartnersHttpController],
  providers: [LogisticsPartnerBindingsRepository, BindLogisticsPartnerUseCase, UnbindLogisticsPartnerUseCase, ListLogisticsPartnersUseCase],
  exports: [LogisticsPartnerBindingsRepository],
})
export class LogisticsPartnersModule {}
