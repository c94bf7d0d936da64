/** Customers as rewards see them: segment memberships and cards, their events, commands and queries. */
export * from './state';
export * from './events';
export * from './commands';
export * from './decide';
export * from './queries';
