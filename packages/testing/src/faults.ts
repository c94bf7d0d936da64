/**
 * Faults on purpose: an engine whose fold goes wrong at one event, as a module with a buggy `evolve`
 * would. A history can break a balance invariant without any event being refused only through such a
 * bug, so this is how a test shows that an invariant check (an assertion of yours, `watchInvariants`,
 * `pointfold verify`) finds one, and where.
 */
import { AccountRef, AccountState, Draft, Engine, EventBase, Points, PointsAmount, accountsOfEntity, createEngine } from '@pointfold/core';

/** What a fault does to the state being folded, right after the event it fires on was recorded. */
export type Fault = (d: Draft, e: EventBase) => void;

/**
 * The engine with `fault` applied after the events `when` picks (in `evolve`, so neither `check` nor the
 * postings see it). Everything else is the engine's own.
 * @example const buggy = withFault(fullEngine, (e) => e.id === 'gen-7', skewSystemAccount(Points.points('1')));
 */
export const withFault = (engine: Engine, when: (e: EventBase) => boolean, fault: Fault): Engine =>
  createEngine(
    engine.modules.map((m) => ({
      ...m,
      events: m.events.map((def) => ({
        ...def,
        evolve: (d: Draft, e: EventBase) => {
          def.evolve(d, e);
          if (when(e)) fault(d, e);
        },
      })),
    })),
  );

/** Adds points to a system account (the first there is, or ISSUED in `programId`): the program's balances no longer sum to zero. */
export const skewSystemAccount =
  (delta: PointsAmount, programId = 0): Fault =>
  (d) => {
    const x = d.ledger.system[0];
    if (x === undefined) d.ledger.system.push({ entityId: 'ISSUED', programId, pointsCategory: 'Main', balance: delta });
    else d.ledger.system[0] = { ...x, balance: Points.add(x.balance, delta) };
  };

/** Takes points from a lot without touching its account: the account no longer holds what its lots hold. */
export const skewLot =
  (lotId: string, delta: PointsAmount): Fault =>
  (d) => {
    const lot = d.ledger.lots.get(lotId);
    if (lot !== undefined) d.ledger.lots = d.ledger.lots.set(lotId, { ...lot, remaining: Points.add(lot.remaining, delta) }, d.edit);
  };

/**
 * Changes an account's balance without touching its lots or lines. Unlike the two above, nothing the
 * engine checks reads it, so the history goes on being accepted after the fault.
 */
export const skewAccount =
  (ref: AccountRef, delta: PointsAmount): Fault =>
  (d) => {
    if (ref.entityType === 'SYSTEM') return;
    const wallets = d.ledger.wallets[ref.entityType];
    const accounts = accountsOfEntity(d.ledger, ref.entityType, ref.entityId);
    if (accounts.length === 0) return;
    // The entity's list copied (not to be changed in place), with the account's balance skewed.
    let next: AccountState | undefined;
    for (let i = accounts.length - 1; i >= 0; i--) {
      const a = accounts[i] as AccountState;
      const skewed = a.programId === ref.programId && a.pointsCategory === ref.pointsCategory;
      next = { ...a, balance: skewed ? Points.add(a.balance, delta) : a.balance, next, owner: null };
    }
    d.ledger.wallets[ref.entityType] = wallets.set(ref.entityId, next as AccountState, d.edit);
  };
