import { deadLetterTableMigration } from '@parcelstream/messaging';

/** dead_letter: what this service's consumers gave up on (GET /ops/dead-letters, replay) */
export const CreateDeadLetterTable1796197133996 = deadLetterTableMigration('carrier_sync', 1796197133996);
