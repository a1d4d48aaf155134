/** Who pays import duties: DDU the buyer, DDP the seller or the platform. */
export const DUTY_PAYERS = ['BUYER', 'SELLER', 'PLATFORM'] as const;
