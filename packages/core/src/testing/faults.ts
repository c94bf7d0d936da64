/**
 * The ledger changed on purpose, for the testing kit's faults (`@pointfold/testing`'s `withFault`): what
 * a buggy `evolve` could do to a draft. Here, beside the ledger, so that no other package writes into
 * the ledger's layout.
 */
import * as P from '../points/points';
import { Draft } from '../engine/state';
import { AccountRef } from '../ledger/accounts';
import { AccountState, accountsOfEntity } from '../ledger/state';

/** Adds `delta` to the first system balance (or opens ISSUED in `programId` with it): the program's balances no longer sum to zero. */
export const skewSystemBalanceIn = (d: Draft, delta: P.Points, programId: number): void => {
  const x = d.ledger.system[0];
  if (x === undefined) d.ledger.system.push({ entityId: 'ISSUED', programId, pointsCategory: 'Main', balance: delta });
  else d.ledger.system[0] = { ...x, balance: P.add(x.balance, delta) };
};

/** Adds `delta` to what lot `lotId` holds (if it exists), without touching its account. */
export const skewLotIn = (d: Draft, lotId: string, delta: P.Points): void => {
  const lot = d.ledger.lots.get(lotId);
  if (lot !== undefined) d.ledger.lots = d.ledger.lots.set(lotId, { ...lot, remaining: P.add(lot.remaining, delta) }, d.edit);
};

/** Adds `delta` to an account's balance (if it exists), without touching its lots or lines. */
export const skewAccountIn = (d: Draft, ref: AccountRef, delta: P.Points): void => {
  if (ref.entityType === 'SYSTEM') return;
  const accounts = accountsOfEntity(d.ledger, ref.entityType, ref.entityId);
  if (accounts.length === 0) return;
  // The entity's list copied (not to be changed in place), with the account's balance skewed.
  let next: AccountState | undefined;
  for (let i = accounts.length - 1; i >= 0; i--) {
    const a = accounts[i] as AccountState;
    const skewed = a.programId === ref.programId && a.pointsCategory === ref.pointsCategory;
    next = { ...a, balance: skewed ? P.add(a.balance, delta) : a.balance, next, owner: null };
  }
  d.ledger.wallets[ref.entityType] = d.ledger.wallets[ref.entityType].set(ref.entityId, next as AccountState, d.edit);
};
