/**
 * The ledger changed on purpose, for the testing kit's faults (`@pointfold/testing`'s `withFault`): what
 * a buggy `evolve` could do to a draft. Here, beside the ledger, so that no other package writes into
 * the ledger's layout.
 */
import * as P from '../points/points';
import { Draft } from '../engine/state';
import { AccountRef } from '../ledger/accounts';
import { accountField, accountRowOf, lotField, lotRowById, noRow } from '../ledger/state';

/** Adds `delta` to the first system balance (or opens ISSUED in `programId` with it): the program's balances no longer sum to zero. */
export const skewSystemBalanceIn = (d: Draft, delta: P.Points, programId: number): void => {
  const l = d.ledger;
  if (l.systemKeys.length === 0) {
    l.systemKeys.push({ entityId: 'ISSUED', programId, pointsCategory: 'Main' });
    l.systemAmounts.push(P.toThousandths(delta));
  } else l.systemAmounts[0] = P.toThousandths(P.add(P.fromThousandths(l.systemAmounts[0] as number), delta));
};

/** Adds `delta` to what lot `lotId` holds (if it exists), without touching its account. */
export const skewLotIn = (d: Draft, lotId: string, delta: P.Points): void => {
  const l = d.ledger;
  const row = lotRowById(l, lotId);
  if (row !== noRow) l.lots.fields = l.lots.fields.set(row, lotField.remaining, P.toThousandths(P.add(P.fromThousandths(l.lots.fields.get(row, lotField.remaining)), delta)), d.edit);
};

/** Adds `delta` to an account's balance (if it exists), without touching its lots or lines. */
export const skewAccountIn = (d: Draft, ref: AccountRef, delta: P.Points): void => {
  const l = d.ledger;
  const row = accountRowOf(l, ref);
  if (row !== noRow) l.accounts.fields = l.accounts.fields.set(row, accountField.balance, P.toThousandths(P.add(P.fromThousandths(l.accounts.fields.get(row, accountField.balance)), delta)), d.edit);
};
