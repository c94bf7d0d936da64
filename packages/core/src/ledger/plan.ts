/**
 * How the ledger decides which lots a movement touches. Debits take lots earliest-expiry first,
 * then oldest, never-expiring lots last, and never a lot that has expired by `now`. A move keeps
 * each lot's expiry at the receiver. Restorations put points back into the lots they came from,
 * and what falls in a lot that has expired is recorded as expired. These functions only plan:
 * they return postings for an event, and change nothing.
 */
import * as E from 'fp-ts/Either';
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { assert } from '../assert';
import { dayMillis } from '../limits';
import { AccountRef, PointsCategory, SystemAccountId } from './accounts';
import { Posting, systemPosting } from './postings';
import { LedgerState, Lot, accountOf, accountOfLot, agendaRowsUntil, lotAt, lotById, openLotsInOrder } from './state';

/** Points an account can spend at `now`: its open lots not yet expired. */
export const spendableAt = (s: LedgerState, ref: AccountRef, now: Timestamp): P.Points => {
  const a = accountOf(s, ref);
  if (a === undefined) return P.zero;
  let total = P.zero;
  for (const lot of openLotsInOrder(a)) if (lot.expiresAt === undefined || lot.expiresAt > now) total = P.add(total, lot.remaining);
  return total;
};

/** A share of a lot taken by a debit or a move. */
export interface LotShare {
  readonly lot: Lot;
  readonly points: P.Points;
}

/** Not enough points: what was asked and what could be taken. */
export interface Shortfall {
  readonly requested: P.Points;
  readonly available: P.Points;
}

/** The lots that would give `amount` from an account at `now`, in consumption order. */
export const takeLots = (s: LedgerState, ref: AccountRef, amount: P.Points, now: Timestamp): E.Either<Shortfall, readonly LotShare[]> => {
  assert(P.isPositive(amount), 'a debit takes a positive amount');
  const a = accountOf(s, ref);
  const shares: LotShare[] = [];
  let left = amount;
  if (a !== undefined) {
    for (const lot of openLotsInOrder(a)) {
      if (lot.expiresAt !== undefined && lot.expiresAt <= now) continue;
      const take = P.min(lot.remaining, left);
      shares.push({ lot, points: take });
      left = P.sub(left, take);
      if (P.isZero(left)) return E.right(shares);
    }
  }
  return E.left({ requested: amount, available: P.sub(amount, left) });
};

/**
 * Postings that debit `amount` from an account into a system account (REDEEMED by default).
 * @example planDebit(state, { entityType: 'CUSTOMER', entityId: '42', programId: 765, pointsCategory: 'Main' }, points('10'), now)
 */
export const planDebit = (
  s: LedgerState,
  ref: AccountRef,
  amount: P.Points,
  now: Timestamp,
  to: SystemAccountId = 'REDEEMED',
): E.Either<Shortfall, readonly Posting[]> =>
  E.map((shares: readonly LotShare[]) => [
    ...shares.map((sh): Posting => ({ ...refOf(ref), lotId: sh.lot.id, points: P.negate(sh.points) })),
    systemPosting(to, ref.programId, ref.pointsCategory, amount),
  ])(takeLots(s, ref, amount, now));

const refOf = (r: AccountRef): AccountRef => ({
  entityType: r.entityType,
  entityId: r.entityId,
  programId: r.programId,
  pointsCategory: r.pointsCategory,
});

/**
 * Postings that move `amount` from one account to another. Each lot taken becomes a new lot at the
 * receiver, named `${eventId}/${n}`, with the same expiry.
 */
export const planMove = (
  s: LedgerState,
  from: AccountRef,
  to: AccountRef,
  amount: P.Points,
  now: Timestamp,
  eventId: string,
): E.Either<Shortfall, readonly Posting[]> =>
  E.map((shares: readonly LotShare[]) =>
    shares.flatMap((sh, n): Posting[] => [
      { ...refOf(from), lotId: sh.lot.id, points: P.negate(sh.points) },
      {
        ...refOf(to),
        lotId: `${eventId}/${n}`,
        points: sh.points,
        ...(sh.lot.expiresAt === undefined ? {} : { expiresAt: sh.lot.expiresAt }),
      },
    ]),
  )(takeLots(s, from, amount, now));

/** A part of a lot to give back (the lot a debit took it from). */
export interface Restoration {
  readonly lotId: string;
  readonly points: P.Points;
}

/**
 * Postings that give back points taken from lots, out of a system account (REDEEMED by default).
 * Points whose lot has expired by `now` go to EXPIRED instead of the lot.
 */
export const planRestore = (
  s: LedgerState,
  parts: readonly Restoration[],
  now: Timestamp,
  from: SystemAccountId = 'REDEEMED',
): readonly Posting[] => {
  const out: Posting[] = [];
  const systemSums = new Map<string, { programId: number; category: PointsCategory; points: P.Points }>();
  for (const part of parts) {
    if (!P.isPositive(part.points)) continue;
    const lot = lotById(s, part.lotId);
    assert(lot !== undefined, () => `restoration names missing lot ${part.lotId}`);
    const account = accountOfLot(s, lot);
    const k = `${account.programId}|${account.pointsCategory}`;
    const sum = systemSums.get(k) ?? { programId: account.programId, category: account.pointsCategory, points: P.zero };
    systemSums.set(k, { ...sum, points: P.add(sum.points, part.points) });
    if (lot.expiresAt !== undefined && lot.expiresAt <= now) {
      out.push(systemPosting('EXPIRED', account.programId, account.pointsCategory, part.points));
    } else {
      out.push({ ...refOf(account), lotId: lot.id, points: part.points });
    }
  }
  for (const sum of systemSums.values()) out.unshift(systemPosting(from, sum.programId, sum.category, P.negate(sum.points)));
  return out;
};

/**
 * Postings that expire every lot due by `now` (expiresAt <= now) that still holds points: each lot
 * to EXPIRED. Empty when nothing is due. Cost: the agenda days up to `now`.
 */
export const planExpiry = (s: LedgerState, now: Timestamp): readonly Posting[] => {
  const due: Lot[] = [];
  for (const row of agendaRowsUntil(s, Math.floor(now / dayMillis))) {
    const lot = lotAt(s, row);
    if (lot.expiresAt !== undefined && lot.expiresAt <= now && P.isPositive(lot.remaining)) due.push(lot);
  }
  const out: Posting[] = [];
  const systemSums = new Map<string, Posting>();
  for (const lot of due) {
    const account = accountOfLot(s, lot);
    out.push({ ...refOf(account), lotId: lot.id, points: P.negate(lot.remaining) });
    const k = `${account.programId}|${account.pointsCategory}`;
    const prev = systemSums.get(k);
    systemSums.set(
      k,
      systemPosting('EXPIRED', account.programId, account.pointsCategory, P.add(prev?.points ?? P.zero, lot.remaining)),
    );
  }
  return out.length === 0 ? [] : [...out, ...[...systemSums.values()]];
};
