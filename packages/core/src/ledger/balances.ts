/**
 * Balances at a date. An account's lines hold its running balance, so the balance at `at` is the
 * last line at or before `at` (binary search). Lots that had expired by `at` but whose expiry was
 * recorded later (or not yet) are taken off: the balance at a date never counts expired points.
 * For an account with many open lots or expiry windows the correction comes from an index built once
 * per account and ledger version (memoised by the version: decision 111); for the others (nearly all) it is summed directly,
 * which costs a few steps and allocates nothing (a closing balance of every account then builds no
 * index at all).
 */
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { assert } from '../assert';
import { AccountRef } from './accounts';
import { AccountState, LedgerState, accountOf, accountVersion } from './state';

interface ExpiryIndex {
  /** Times at which the correction changes, ascending. */
  readonly times: readonly number[];
  /** The correction (points to take off) from times[i] on. */
  readonly amounts: readonly bigint[];
}

/**
 * By ledger version, then by account row. Not by the account's block of lines and their count: two
 * versions folded from one state can hold the same lines in the same rows (a version takes rows another
 * wrote with the very same numbers, decision 110: the same balances and meta rows) while their lots and
 * windows differ (decision 111). A draft's views are not memoised: the fold changes its rows in place.
 */
const indexCache = new WeakMap<LedgerState, Map<number, ExpiryIndex>>();

const buildIndex = (a: AccountState): ExpiryIndex => {
  const steps: { t: number; d: bigint }[] = [];
  for (const w of a.expiredLate) {
    steps.push({ t: w.from, d: P.toMillis(w.points) }, { t: w.to, d: -P.toMillis(w.points) });
  }
  for (const lot of a.expiring) {
    assert(lot.expiresAt !== undefined, () => `perpetual lot ${lot.id} in an expiring queue`);
    if (P.isZero(lot.remaining)) continue;
    steps.push({ t: Math.max(lot.expiresAt, lot.createdAt), d: P.toMillis(lot.remaining) });
  }
  steps.sort((x, y) => x.t - y.t);
  const times: number[] = [];
  const amounts: bigint[] = [];
  let acc = 0n;
  for (const s of steps) {
    acc += s.d;
    if (times.length > 0 && times[times.length - 1] === s.t) amounts[amounts.length - 1] = acc;
    else {
      times.push(s.t);
      amounts.push(acc);
    }
  }
  return { times, amounts };
};

/** The account version's index: memoised for a view of a folded ledger, built anew for a draft's. */
const expiryIndexOf = (a: AccountState): ExpiryIndex => {
  const version = accountVersion(a);
  if (version === undefined) return buildIndex(a);
  let byRow = indexCache.get(version.ledger);
  if (byRow === undefined) indexCache.set(version.ledger, (byRow = new Map()));
  let idx = byRow.get(version.row);
  if (idx === undefined) byRow.set(version.row, (idx = buildIndex(a)));
  return idx;
};

/** Above this many open expiring lots and expiry windows an account's correction is indexed. */
const indexedFrom = 32;

/**
 * Points of an account that had expired by `at` without their expiry being recorded by then, summed
 * step by step: O(expiry windows still open at `at` + open lots due by `at`), nothing allocated.
 * `pendingExpiryAt` uses it for all but the largest accounts; it always equals `pendingExpiryIndexed`.
 */
export const pendingExpirySummed = (a: AccountState, at: Timestamp): P.Points => P.add(a.expiredLate.pendingAt(at), a.expiring.dueBy(at));

/** Points of an account that had expired by `at` without their expiry being recorded by then. */
export const pendingExpiryAt = (a: AccountState, at: Timestamp): P.Points => {
  // Nothing recorded late, and no open lot due by `at` (the queue is earliest expiry first): nothing to take off.
  const front = a.expiring.firstExpiresAt();
  if (a.expiredLate.length === 0 && (front === undefined || front > at)) return P.zero;
  return a.expiredLate.length + a.expiring.size <= indexedFrom ? pendingExpirySummed(a, at) : pendingExpiryIndexed(a, at);
};

/**
 * Points of an account that had expired by `at` without their expiry being recorded by then, read from
 * the account version's index (built on first use, then O(log n)). `pendingExpiryAt` uses it for the
 * largest accounts; it always equals `pendingExpirySummed`.
 */
export const pendingExpiryIndexed = (a: AccountState, at: Timestamp): P.Points => {
  const idx = expiryIndexOf(a);
  let lo = 0;
  let hi = idx.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((idx.times[mid] as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? P.zero : P.fromMillis(idx.amounts[lo - 1] as bigint);
};

/** The recorded balance of an account after the last event at or before `at`. */
export const recordedBalanceAt = (a: AccountState, at: Timestamp): P.Points => {
  // A closing balance is mostly asked at or after the account's last line: no search then.
  const lines = a.lines;
  const n = lines.length;
  if (n > 0 && lines.timeAt(n - 1) <= at) return lines.balanceAt(n - 1);
  const k = lines.countUntil(at);
  return k === 0 ? P.zero : lines.balanceAt(k - 1);
};

/**
 * The closing balance of an account at `at`: what was recorded by then, less what had expired by then.
 * O(log n) in the account's lines once its expiry index is built.
 */
export const accountBalanceAt = (a: AccountState, at: Timestamp): P.Points =>
  // At or after the account's last line (a closing balance, mostly): nothing was recorded since, its
  // balance is its last line's, and every late-expiry window had closed (a window ends with a line of the
  // account: its expiry's). Only lots due by `at` and not yet expired are taken off.
  a.lastAt <= at ? P.sub(a.balance, a.expiring.dueBy(at)) : P.sub(recordedBalanceAt(a, at), pendingExpiryAt(a, at));

/** The closing balance of an account reference at `at` (zero for an account that never had a posting). */
export const balanceAt = (s: LedgerState, ref: AccountRef, at: Timestamp): P.Points => {
  const a = accountOf(s, ref);
  return a === undefined ? P.zero : accountBalanceAt(a, at);
};

/**
 * The balance of an account right after one of its events, as the account's answer at the time gave
 * it: the event's line, less the points that had expired by then without their expiry being recorded
 * before it (decision 12: a history need not hold the `PointsExpired` line yet, or may hold it after the
 * event at the same time). Later events, those at the same time included, are not counted, so a retried
 * request answers what its first execution did (decision 71). `undefined` when the event wrote no line
 * of the account at `at`. O(log n + the lines at `at`).
 * @example balanceAfterEvent(state.ledger, walletAccount(r.wallet, r.programId), r.eventId, r.at)
 */
export const balanceAfterEvent = (s: LedgerState, ref: AccountRef, eventId: string, at: Timestamp): P.Points | undefined => {
  const a = accountOf(s, ref);
  if (a === undefined) return undefined;
  // Lines are in time order; several events may share a time: walk back from the last line at `at`.
  const lines = a.lines;
  let expiredAfter = P.zero; // expiries recorded at `at`, after the event: not pending, not in its line yet
  for (let i = lines.countUntil(at) - 1; i >= 0 && lines.timeAt(i) === at; i--) {
    if (lines.eventAt(i).eventId === eventId) return P.add(P.sub(lines.balanceAt(i), pendingExpiryAt(a, at)), expiredAfter);
    if (lines.eventAt(i).eventName === 'PointsExpiry') expiredAfter = P.add(expiredAfter, lines.at(i).delta);
  }
  return undefined;
};
