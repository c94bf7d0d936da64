/** Transfers (seeds 003 and 004): customer to customer with a code, between customers and groups, and the transfer history. */
export * from './commands';
export * from './events';
export * from './state';
export * from './entities';
export * from './decide';
export * from './queries';
