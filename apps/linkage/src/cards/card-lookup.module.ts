import { Module, type DynamicModule } from '@nestjs/common';
import { CARD_LOOKUP_OPTIONS, type CardLookupOptions } from './card-lookup.options.js';
import { LookupTalentCardHandler } from './lookup-talent-card/lookup-talent-card.handler.js';
import { TalentCardsController } from './talent-cards.controller.js';

/** The talent-card look-up (`/v1/talent-cards/:cardNo`). Needs TypeORM's DataSource and LinkageApiAccessModule from the app. */
@Module({})
export class CardLookupModule {
  static forRoot(options: CardLookupOptions = {}): DynamicModule {
    return {
      module: CardLookupModule,
      controllers: [TalentCardsController],
      providers: [{ provide: CARD_LOOKUP_OPTIONS, useValue: options }, LookupTalentCardHandler],
    };
  }
}
