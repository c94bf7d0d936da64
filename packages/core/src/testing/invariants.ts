/**
 * The balance invariants as predicates a test can call after every step (a model-based test of a
 * user's own code, say), and a watch that checks them event by event at the cost of what each event
 * touched, for histories too long to check whole after every event (`pointfold verify` runs it).
 */
import * as P from '../points/points';
import { Engine } from '../engine/engine';
import { EventBase } from '../engine/module';
import { OrgState } from '../engine/state';
import { Movement } from '../ledger/postings';
import { ledgerViolations } from '../ledger/invariants';
import { AccountRef, accountKey } from '../ledger/accounts';
import { LedgerState, accountOf, allAccounts, allLots, lotById, systemBalances } from '../ledger/state';

/** The sum of every account's balance (system accounts included) per program. */
const sumsPerProgram = (l: LedgerState): Map<number, P.Points> => {
  const sums = new Map<number, P.Points>();
  const add = (programId: number, x: P.Points): void => {
    sums.set(programId, P.add(sums.get(programId) ?? P.zero, x));
  };
  for (const x of systemBalances(l)) add(x.programId, x.balance);
  for (const a of allAccounts(l)) add(a.programId, a.balance);
  return sums;
};

/**
 * Double entry: in every program the balances of all accounts, the system accounts (ISSUED,
 * REDEEMED, EXPIRED, ADJUSTED) included, sum to zero.
 * @example expect(postingsSumToZero(state)).toBe(true)
 */
export const postingsSumToZero = (s: OrgState): boolean => [...sumsPerProgram(s.ledger).values()].every(P.isZero);

/** No customer or group account is below zero: neither the redeemable one (Main) nor a promised one. */
export const nothingRedeemableNegative = (s: OrgState): boolean => {
  for (const a of allAccounts(s.ledger)) if (P.isNegative(a.balance)) return false;
  return true;
};

/**
 * Every lot holds between zero and what it was created with, belongs to an account, and every
 * account's balance is what its lots hold.
 */
export const lotsWithinBounds = (s: OrgState): boolean => {
  const held = new Map<string, P.Points>();
  for (const lot of allLots(s.ledger)) {
    if (P.isNegative(lot.remaining) || P.compare(lot.remaining, lot.original) > 0) return false;
    if (accountOf(s.ledger, lot) === undefined) return false;
    held.set(lot.account, P.add(held.get(lot.account) ?? P.zero, lot.remaining));
  }
  for (const a of allAccounts(s.ledger)) if (!P.equals(held.get(a.key) ?? P.zero, a.balance)) return false;
  return true;
};

/** Every broken balance invariant of a state, one sentence each (none: the state is sound). */
export const balanceViolations = (s: OrgState): string[] => ledgerViolations(s.ledger);

/** True when every balance invariant holds. */
export const isBalanced = (s: OrgState): boolean => balanceViolations(s).length === 0;

/**
 * Throws when a state breaks a balance invariant: postings sum to zero per program, nothing
 * redeemable is negative, lots stay within their bounds (see `balanceViolations`). Call it after
 * every step of a model-based test.
 * @example for (const s of history.states ?? []) assertBalanced(s);
 */
export const assertBalanced = (s: OrgState): void => {
  const v = balanceViolations(s);
  if (v.length > 0) throw new Error(`balance invariants violated:\n- ${v.join('\n- ')}`);
};

/**
 * What an event moves on the ledger, by its registered definition (undefined for an event that moves
 * nothing). Give it the state the event was folded on; on the state after it, the accounts and lots it
 * names are the same (a release of "all that remains" then shows zero points, not the amount).
 */
export const movementOf = (engine: Engine, e: EventBase, s: OrgState): Movement | undefined => {
  for (const m of engine.modules) for (const d of m.events) if (d.type === e.type) return d.movement(e, s);
  return undefined;
};

/** The invariants checked event by event, at the cost of what each event touched. */
export interface InvariantWatch {
  /**
   * Checks the state right after `event` (the replayer's view will do): the lots and accounts its
   * movement names, and the per-program sums of all balances. Returns the violations found.
   */
  afterEvent(event: EventBase, state: OrgState): string[];
  /** The full check of a state (the end of a history): every invariant over every lot and account. */
  final(state: OrgState): string[];
}

/**
 * A watch of the balance invariants over a fold, for histories too long to check whole after every
 * event. After each event it checks what the event touched (each lot it names: within its bounds and
 * in its account; each account it names: not below zero, its last line showing its balance, its balance
 * what its lots hold) and, for every program, that all balances sum to zero: it keeps running totals of
 * the accounts' balances and lots, fed by what each event changed, so an event costs what it touched
 * plus the handful of system accounts. A bug that changes an account no event names escapes it until
 * `final`, the full check, which should end every fold.
 * @example
 * const watch = watchInvariants(engine);
 * for (const e of events) { state = engine.evolve(state, e); expect(watch.afterEvent(e, state)).toEqual([]); }
 * expect(watch.final(state)).toEqual([]);
 */
export const watchInvariants = (engine: Engine, from?: OrgState): InvariantWatch => {
  const defs = new Map<string, (e: EventBase, s: OrgState) => Movement | undefined>();
  for (const m of engine.modules) for (const d of m.events) defs.set(d.type, d.movement);
  /** What each account held when last seen, and the sum of its lots. */
  const balances = new Map<string, P.Points>();
  const lotSums = new Map<string, P.Points>();
  /** What each lot held when last seen. */
  const lots = new Map<string, P.Points>();
  /** Per program, the sum of every customer and group account's balance. */
  const walletTotals = new Map<number, P.Points>();
  const addTo = <K>(m: Map<K, P.Points>, k: K, x: P.Points): void => {
    m.set(k, P.add(m.get(k) ?? P.zero, x));
  };
  if (from !== undefined) {
    for (const lot of allLots(from.ledger)) {
      lots.set(lot.id, lot.remaining);
      addTo(lotSums, lot.account, lot.remaining);
    }
    for (const a of allAccounts(from.ledger)) {
      balances.set(a.key, a.balance);
      addTo(walletTotals, a.programId, a.balance);
    }
  }

  const afterEvent = (e: EventBase, s: OrgState): string[] => {
    const out: string[] = [];
    const m = defs.get(e.type)?.(e, s);
    if (m !== undefined) {
      const seenLots = new Set<string>();
      const accounts = new Map<string, AccountRef>();
      for (const p of m.postings) {
        if (p.entityType === 'SYSTEM') continue;
        accounts.set(accountKey(p), p);
        const lotId = p.lotId;
        if (lotId === undefined || seenLots.has(lotId)) continue;
        seenLots.add(lotId);
        const lot = lotById(s.ledger, lotId);
        if (lot === undefined) {
          out.push(`lot ${lotId} that event ${e.id} moves does not exist`);
          continue;
        }
        if (P.isNegative(lot.remaining)) out.push(`lot ${lot.id} holds ${P.format(lot.remaining)} points`);
        if (P.compare(lot.remaining, lot.original) > 0) out.push(`lot ${lot.id} holds ${P.format(lot.remaining)}, more than its original ${P.format(lot.original)}`);
        if (accountOf(s.ledger, lot) === undefined) out.push(`lot ${lot.id} belongs to no account (${lot.account})`);
        addTo(lotSums, lot.account, P.sub(lot.remaining, lots.get(lotId) ?? P.zero));
        lots.set(lotId, lot.remaining);
      }
      for (const [key, ref] of accounts) {
        const a = accountOf(s.ledger, ref);
        if (a === undefined) {
          out.push(`account ${key} that event ${e.id} moves does not exist`);
          continue;
        }
        if (P.isNegative(a.balance)) out.push(`account ${key} is at ${P.format(a.balance)}`);
        const held = lotSums.get(key) ?? P.zero;
        if (!P.equals(held, a.balance)) out.push(`account ${key} is at ${P.format(a.balance)} but its lots hold ${P.format(held)}`);
        if (a.lines.length === 0 || !P.equals(a.lines.lastBalance(), a.balance)) out.push(`account ${key}'s last line does not show its balance`);
        addTo(walletTotals, a.programId, P.sub(a.balance, balances.get(key) ?? P.zero));
        balances.set(key, a.balance);
      }
    }
    // Every program, every event: a bug anywhere in the system accounts shows at once.
    const sums = new Map(walletTotals);
    for (const x of systemBalances(s.ledger)) addTo(sums, x.programId, x.balance);
    for (const [programId, sum] of sums) if (!P.isZero(sum)) out.push(`program ${programId}'s balances sum to ${P.format(sum)}, not zero`);
    return out;
  };

  return { afterEvent, final: balanceViolations };
};
