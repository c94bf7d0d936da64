/**
 * @pointfold/core: the points ledger of Pointfold. Exact points, lots and expiry, double-entry
 * postings, balances at any date, the event fold, the extension point other packages plug into,
 * and the event-store port.
 */
export * as Points from './points/points';
export type { Points as PointsAmount } from './points/points';
export * from './time';
export * from './errors';
export * from './assert';
export * as limits from './limits';
export * from './codec';
export * from './collections';
export * from './ledger';
export * from './org';
export * from './engine';
export * from './module';
export * from './store';
export * from './crypto';
export * from './otp';
export * from './idempotency';
