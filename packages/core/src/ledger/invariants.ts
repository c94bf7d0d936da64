/**
 * The balance invariants, as a check over a whole state: what property tests assert after every
 * step and what `pointfold verify` asserts after every event. Each violation is a sentence.
 */
import * as P from '../points/points';
import { LedgerState, Lot, accountOf, allAccounts, allLots, systemBalances } from './state';

/**
 * The violated invariants of a ledger, none when it is sound:
 * - the postings of every program sum to zero (all accounts, system ones included);
 * - no customer or group account is below zero (redeemable or promised);
 * - every lot holds between zero and its original amount, and belongs to an account;
 * - every account's balance is the sum of its lots, and its last line shows that balance;
 * - an account's queues hold its own lots, in order, each once, as many as the queue counts; every lot
 *   that holds points is in its account's queue (balances and debits read lots from the queues).
 */
export const ledgerViolations = (s: LedgerState): string[] => {
  const out: string[] = [];
  const perProgram = new Map<number, P.Points>();
  const add = (programId: number, x: P.Points): void => {
    perProgram.set(programId, P.add(perProgram.get(programId) ?? P.zero, x));
  };
  for (const x of systemBalances(s)) add(x.programId, x.balance);
  const lotSums = new Map<string, P.Points>();
  const queued = new Set<string>();
  for (const a of allAccounts(s))
    for (const [name, q, expiring] of [['expiring', a.expiring, true], ['never-expiring', a.perpetual, false]] as const) {
      let n = 0;
      let prev: Lot | undefined;
      for (const lot of q) {
        n++;
        if (queued.has(lot.id)) out.push(`lot ${lot.id} is queued twice`);
        queued.add(lot.id);
        if (lot.account !== a.key) out.push(`account ${a.key}'s queue holds lot ${lot.id} of ${lot.account}`);
        if ((lot.expiresAt !== undefined) !== expiring) out.push(`account ${a.key}'s ${name} queue holds lot ${lot.id}`);
        if (prev !== undefined && !inOrder(prev, lot)) out.push(`account ${a.key}'s ${name} queue holds lot ${prev.id} before ${lot.id}`);
        prev = lot;
        if (n > q.size) break;
      }
      if (n !== q.size) out.push(`account ${a.key}'s ${name} queue counts ${q.size} lots, holds ${n}`);
    }
  for (const lot of allLots(s)) {
    if (!P.isZero(lot.remaining) && !queued.has(lot.id)) out.push(`lot ${lot.id} holds points but is in no queue of ${lot.account}`);
    if (P.isNegative(lot.remaining)) out.push(`lot ${lot.id} holds ${P.format(lot.remaining)} points`);
    if (P.compare(lot.remaining, lot.original) > 0) out.push(`lot ${lot.id} holds ${P.format(lot.remaining)}, more than its original ${P.format(lot.original)}`);
    if (accountOf(s, lot) === undefined) out.push(`lot ${lot.id} belongs to no account (${lot.account})`);
    lotSums.set(lot.account, P.add(lotSums.get(lot.account) ?? P.zero, lot.remaining));
  }
  for (const a of allAccounts(s)) {
    add(a.programId, a.balance);
    if (P.isNegative(a.balance)) out.push(`account ${a.key} is at ${P.format(a.balance)}`);
    const lots = lotSums.get(a.key) ?? P.zero;
    if (!P.equals(lots, a.balance)) out.push(`account ${a.key} is at ${P.format(a.balance)} but its lots hold ${P.format(lots)}`);
    if (a.lines.length === 0 || !P.equals(a.lines.lastBalance(), a.balance)) out.push(`account ${a.key}'s last line does not show its balance`);
  }
  for (const [programId, sum] of perProgram) if (!P.isZero(sum)) out.push(`program ${programId}'s balances sum to ${P.format(sum)}, not zero`);
  return out;
};

/** True when lot `a` may come before lot `b` in a queue: earlier expiry, then older. */
const inOrder = (a: Lot, b: Lot): boolean =>
  (a.expiresAt ?? Number.POSITIVE_INFINITY) < (b.expiresAt ?? Number.POSITIVE_INFINITY) ||
  ((a.expiresAt ?? Number.POSITIVE_INFINITY) === (b.expiresAt ?? Number.POSITIVE_INFINITY) && a.seq < b.seq);
