import { CreateWorkPermitRecords1764150100000 } from './1764150100000-create-work-permit-records.js';

/** Every adapter migration, oldest first. */
export const PSB_ADAPTER_MIGRATIONS = [CreateWorkPermitRecords1764150100000];
