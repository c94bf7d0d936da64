/**
 * Valid histories over every module, made the only way that guarantees they replay: each generated
 * step's commands run through the real composed engine (the core kit's `runSteps`), and what it
 * refuses is left out. A history keeps its world, so a failing property prints what it needs.
 */
import fc from 'fast-check';
import { Engine, EventBase } from '@pointfold/core';
import { History, TestClock, runSteps, testClock } from '@pointfold/core/testing';
import { fullEngine } from './engine';
import { Step, StepWeights, arbStep, commandsOf, kitOtp } from './steps';
import { FullWorld, arbWorld, worldSetup } from './world';

/** The contexts of a kit run: ids `${prefix}-1`, `${prefix}-2`, ...; every one-time code is `kitOtp`. */
export const kitClock = (prefix = 'gen'): TestClock => testClock(prefix, { otp: kitOtp });

/** How a world's steps run. */
export interface RunWorldOptions {
  /** Default `fullEngine`; a package's own engine leaves the other packages' commands refused (and out). */
  readonly engine?: Engine;
  /** Default `worldSetup(world)`. */
  readonly setup?: readonly EventBase[];
  /** Keep the state after every event that follows the setup (`history.states`). */
  readonly keepStates?: boolean;
  /** Default `kitClock()`. */
  readonly clock?: TestClock;
}

/**
 * Runs steps over a world: its setup, then each step's commands one minute apart (plus any advance).
 * A failing property that draws steps prints them; they replay exactly with this function.
 * @example const h = runWorld(defaultWorld, steps); expect(fullEngine.replay(h.events)._tag).toBe('Right');
 */
export const runWorld = (w: FullWorld, steps: readonly Step[], o: RunWorldOptions = {}): History =>
  runSteps({
    engine: o.engine ?? fullEngine,
    setup: o.setup ?? worldSetup(w),
    steps,
    commandsOf: (s, st, now) => commandsOf(w, s, st, now),
    advanceOf: (st) => (st.kind === 'advance' ? st.ms : undefined),
    ...(o.keepStates === true ? { keepStates: true } : {}),
    clock: o.clock ?? kitClock(),
  });

/** What a history arbitrary draws. */
export interface HistoryOptions extends RunWorldOptions {
  /** The longest history, in steps (default 40); lengths up to it are drawn evenly. */
  readonly maxSteps?: number;
  /** The steps (default `arbStep(world, weights)`). */
  readonly step?: fc.Arbitrary<Step>;
  readonly weights?: StepWeights;
}

/** Steps over a world (`size: 'max'`: histories as long as `maxSteps` allows, not the default's handful). */
export const arbSteps = (w: FullWorld, o: HistoryOptions = {}): fc.Arbitrary<Step[]> =>
  fc.array(o.step ?? arbStep(w, o.weights), { maxLength: o.maxSteps ?? 40, size: 'max' });

/**
 * Valid histories over one world: every one replays, event by event checked, to its `state`.
 * @example fc.assert(fc.property(arbWorldHistory(defaultWorld), (h) => { for (const s of h.states ?? []) assertBalanced(s); }))
 */
export const arbWorldHistory = (w: FullWorld, o: HistoryOptions = {}): fc.Arbitrary<History> => arbSteps(w, o).map((steps) => runWorld(w, steps, o));

/** A history with the world it was generated over. */
export interface WorldHistory extends History {
  readonly world: FullWorld;
}

/**
 * Valid histories over random worlds (`arbWorld`): programs, customers, flags, groups and members,
 * rewards with segments and cards, then awards (with expiry, promised), releases, deductions,
 * redemptions (individual and group), transfers in every direction, reversals and reverts, reward
 * issues, and the expiries the engine appends as time passes. Every one replays without error.
 * @example fc.assert(fc.property(arbHistory(), (h) => expect(E.isRight(fullEngine.replay(h.events))).toBe(true)))
 */
export const arbHistory = (o: HistoryOptions & { readonly world?: fc.Arbitrary<FullWorld> } = {}): fc.Arbitrary<WorldHistory> =>
  (o.world ?? arbWorld()).chain((w) => arbSteps(w, o).map((steps): WorldHistory => ({ ...runWorld(w, steps, o), world: w })));
