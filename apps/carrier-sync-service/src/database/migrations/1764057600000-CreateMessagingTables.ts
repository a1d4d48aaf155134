import { messagingTablesMigration } from '@parcelstream/messaging';

/** outbox, outbox_lease, outbox_relay, inbox */
export const CreateMessagingTables1764057600000 = messagingTablesMigration('carrier_sync', 1764057600000);
