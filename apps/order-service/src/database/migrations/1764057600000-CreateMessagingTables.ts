import { messagingTablesMigration } from '@parcelstream/messaging';

/** outbox, outbox_lease, outbox_relay, inbox */
export const CreateMessagingTables1764057600000 = messagingTablesMigration('orders', 1764057600000);
