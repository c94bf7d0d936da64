/** The reward catalogue: `RewardDefined`, the rewards by id and brand, and the questions issuance asks of them. */
export * from './state';
export * from './events';
export * from './commands';
export * from './decide';
export * from './queries';
