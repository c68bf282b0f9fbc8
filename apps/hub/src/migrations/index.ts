import { CreateEventStore1764150000000 } from './1764150000000-create-event-store.js';

/** Every hub migration, oldest first. */
export const HUB_MIGRATIONS = [CreateEventStore1764150000000];
