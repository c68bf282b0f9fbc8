export { CardLookupModule } from './card-lookup.module.js';
export { CARD_LOOKUP_OPTIONS, type CardLookupOptions } from './card-lookup.options.js';
export { answerCardLookup, type CardLookupAnswer, type CardReason, type CardStatus } from './lookup-talent-card/answer-card-lookup.js';
export { shanghaiDay } from './shanghai-today.js';
