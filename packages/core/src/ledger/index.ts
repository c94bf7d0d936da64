/** The double-entry points ledger: accounts, postings, lots, balances at a date, and how debits are planned. */
export * from './accounts';
export * from './postings';
export * from './lines';
export * from './metas';
export * from './windows';
export * from './state';
export * from './balances';
export * from './plan';
export * from './events';
export * from './commands';
export * from './decide';
export * from './queries';
export * from './invariants';
