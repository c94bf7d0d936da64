/** Reward issuance: IssueReward and its plan, the price, the issue events, and the answers an issue call gives. */
export * from './commands';
export * from './price';
export * from './events';
export * from './state';
export * from './decide';
export * from './queries';
