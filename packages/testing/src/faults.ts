/**
 * Faults on purpose: an engine whose fold goes wrong at one event, as a module with a buggy `evolve`
 * would. A history can break a balance invariant without any event being refused only through such a
 * bug, so this is how a test shows that an invariant check (an assertion of yours, `watchInvariants`,
 * `pointfold verify`) finds one, and where.
 */
import { AccountRef, Draft, Engine, EventBase, PointsAmount, createEngine } from '@pointfold/core';
import { skewAccountIn, skewLotIn, skewSystemBalanceIn } from '@pointfold/core/testing';

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
  (d) =>
    skewSystemBalanceIn(d, delta, programId);

/** Takes points from a lot without touching its account: the account no longer holds what its lots hold. */
export const skewLot =
  (lotId: string, delta: PointsAmount): Fault =>
  (d) =>
    skewLotIn(d, lotId, delta);

/**
 * Changes an account's balance without touching its lots or lines. Unlike the two above, nothing the
 * engine checks reads it, so the history goes on being accepted after the fault.
 */
export const skewAccount =
  (ref: AccountRef, delta: PointsAmount): Fault =>
  (d) =>
    skewAccountIn(d, ref, delta);
