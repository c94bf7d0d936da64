/** Reversal of redeemed points (seed 004): one redemption in full or in part, or every redemption of a transaction number. */
export * from './commands';
export * from './events';
export * from './state';
export * from './decide';
export * from './queries';
