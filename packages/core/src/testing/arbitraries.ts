/**
 * fast-check arbitraries: point amounts (valid and each kind of invalid), and valid histories made
 * by running generated commands through the real engine (a refused command is simply left out, so
 * every generated history replays). Other packages extend the steps with their own commands.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import * as P from '../points/points';
import * as limits from '../limits';
import { Timestamp, addDays } from '../time/timestamp';
import { Engine } from '../engine/engine';
import { CommandBase, EventBase } from '../engine/module';
import { OrgState } from '../engine/state';
import { PointsCategory, pointsCategories } from '../ledger/accounts';
import { allLots } from '../ledger/state';
import { CustomerRegistered, ProgramDefined } from '../org/events';
import { TestClock, testClock, testEpoch } from './context';

/** A positive amount as text, with 0 to 3 decimals (e.g. `"12.5"`); the whole part is capped at what an amount may have. */
export const arbPointsText = (maxWhole = 100_000): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 0, max: Math.min(maxWhole, 10 ** limits.pointsIntegerDigitsMax - 1) }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 3 }))
    .filter(([w, f, d]) => w > 0 || (d > 0 && f > 0))
    .map(([w, f, d]) => (d === 0 ? String(w) : `${w}.${String(f).padStart(3, '0').slice(0, d)}`))
    .filter((s) => P.isPositive(P.points(s)));

/** A positive amount. */
export const arbPoints = (maxWhole = 100_000): fc.Arbitrary<P.Points> => arbPointsText(maxWhole).map((s) => P.points(s));

/** A whole positive amount. */
export const arbWholePoints = (max = 10_000): fc.Arbitrary<P.Points> => fc.integer({ min: 1, max }).map((n) => P.points(String(n)));

/** An invalid amount and the code it must be refused with (801 or 878). */
export interface InvalidAmount {
  readonly value: unknown;
  readonly code: 801 | 878;
}

/** Amounts every entry point must refuse: too many decimals, zero, negative, not numbers, unsafe numbers. */
export const arbInvalidAmount = (): fc.Arbitrary<InvalidAmount> =>
  fc.oneof(
    fc
      .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 6 }))
      .map(([w, last, extra]): InvalidAmount => ({ value: `${w}.${'1'.repeat(extra + 2)}${last}`, code: 878 })),
    fc.integer({ min: 1, max: 9 }).map((d): InvalidAmount => ({ value: Number(`0.000${d}`), code: 878 })),
    fc.constantFrom<InvalidAmount>(
      { value: '0', code: 801 },
      { value: '0.000', code: 801 },
      { value: 0, code: 801 },
      { value: -0, code: 801 },
      { value: '-0', code: 801 },
      { value: 'NaN', code: 801 },
      { value: 'Infinity', code: 801 },
      { value: '-Infinity', code: 801 },
      { value: '1e3', code: 801 },
      { value: '', code: 801 },
      { value: ' ', code: 801 },
      { value: '0x10', code: 801 },
      { value: '10,5', code: 801 },
      { value: '+5', code: 801 },
      { value: 1e21, code: 801 },
      { value: 2 ** 53 + 2, code: 801 },
      { value: -(2 ** 53) - 2, code: 801 },
      { value: Number.NaN, code: 801 },
      { value: Number.POSITIVE_INFINITY, code: 801 },
      { value: null, code: 801 },
      { value: true, code: 801 },
      { value: {}, code: 801 },
      { value: [], code: 801 },
      { value: ['1'], code: 801 },
    ),
    fc.integer({ min: 1, max: 1_000_000 }).map((n): InvalidAmount => ({ value: -n, code: 801 })),
    fc.integer({ min: 1, max: 1_000_000 }).map((n): InvalidAmount => ({ value: `-${n}.5`, code: 801 })),
  );

/** The programs and customers a generated history uses. */
export interface World {
  readonly programs: readonly number[];
  readonly customers: readonly string[];
}

/** The default world: two programs, five customers. */
export const smallWorld: World = { programs: [765, 1414], customers: ['c1', 'c2', 'c3', 'c4', 'c5'] };

/** Events that define a world's programs and register its customers, at `testEpoch`. */
export const worldEvents = (w: World): EventBase[] => [
  ...w.programs.map((programId, i): ProgramDefined => ({ type: 'ProgramDefined', id: `program-${programId}`, at: testEpoch, programId, name: `Program ${programId}`, ...(i === 0 ? { isDefault: true } : {}) })),
  ...w.customers.map((customerId, i): CustomerRegistered => ({
    type: 'CustomerRegistered',
    id: `customer-${customerId}`,
    at: testEpoch,
    customerId,
    identifiers: { mobile: `9190000${String(i).padStart(5, '0')}`, email: `${customerId}@example.com`, externalId: `ext-${customerId}` },
    firstName: `First${i}`,
    lastName: `Last${i}`,
  })),
];

/** A step of a generated core history. */
export type CoreStep =
  | { readonly kind: 'award'; readonly customer: number; readonly program: number; readonly category: PointsCategory; readonly points: P.Points; readonly expiresInDays?: number }
  | { readonly kind: 'deduct'; readonly customer: number; readonly program: number; readonly points: P.Points }
  | { readonly kind: 'release'; readonly pick: number; readonly part: 'all' | 'half' }
  | { readonly kind: 'advance'; readonly ms: number };

/** Steps over a world: awards (some with expiry, some promised), deductions, releases, time passing. */
export const arbCoreStep = (w: World): fc.Arbitrary<CoreStep> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({
      kind: fc.constant('award' as const),
      customer: fc.nat(w.customers.length - 1),
      program: fc.nat(w.programs.length - 1),
      category: fc.constantFrom<PointsCategory>(...pointsCategories, 'Main', 'Main'),
      points: arbPoints(1000),
      expiresInDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    }, { requiredKeys: ['kind', 'customer', 'program', 'category', 'points'] }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('deduct' as const), customer: fc.nat(w.customers.length - 1), program: fc.nat(w.programs.length - 1), points: arbPoints(800) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat(), part: fc.constantFrom<'all' | 'half'>('all', 'half') }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 20 * 86_400_000 }) }) },
  );

/** Open promised lots of a state, oldest first (what a release step picks from). */
export const promisedLots = (s: OrgState): { id: string; remaining: P.Points }[] => {
  const out: { id: string; remaining: P.Points; seq: number }[] = [];
  for (const lot of allLots(s.ledger)) {
    if (lot.pointsCategory !== 'Main' && P.isPositive(lot.remaining) && (lot.expiresAt === undefined || lot.expiresAt > (s.lastAt ?? 0)))
      out.push({ id: lot.id, remaining: lot.remaining, seq: lot.seq });
  }
  return out.sort((a, b) => a.seq - b.seq);
};

/** The core command of a step at `now`, or undefined for a step that only moves time. */
export const coreCommandOf = (w: World, s: OrgState, step: CoreStep, now: Timestamp): CommandBase | undefined => {
  switch (step.kind) {
    case 'award':
      return {
        type: 'AwardPoints',
        entity: { type: 'CUSTOMER', id: w.customers[step.customer] ?? '' },
        programId: w.programs[step.program],
        pointsCategory: step.category,
        points: step.points,
        ...(step.expiresInDays === undefined ? {} : { expiresAt: addDays(now, step.expiresInDays) }),
      } as CommandBase;
    case 'deduct':
      return { type: 'DeductPoints', entity: { type: 'CUSTOMER', id: w.customers[step.customer] ?? '' }, programId: w.programs[step.program], points: step.points } as CommandBase;
    case 'release': {
      const lots = promisedLots(s);
      if (lots.length === 0) return undefined;
      const lot = lots[step.pick % lots.length] as { id: string; remaining: P.Points };
      const half = P.fromMillis(P.toMillis(lot.remaining) / 2n);
      return { type: 'ReleasePromisedPoints', lotId: lot.id, ...(step.part === 'half' && P.isPositive(half) ? { points: half } : {}) } as CommandBase;
    }
    case 'advance':
      return undefined;
  }
};

/** A history made by running steps through the engine. */
export interface History {
  readonly events: readonly EventBase[];
  readonly state: OrgState;
  /** Commands the engine refused (left out of the history). */
  readonly refused: number;
  /** The state after each event, when asked for. */
  readonly states?: readonly OrgState[];
}

export interface RunOptions<S> {
  readonly engine: Engine;
  readonly setup: readonly EventBase[];
  readonly steps: readonly S[];
  /** The command of a step, or undefined for one that only moves time (give this or `commandsOf`). */
  readonly commandOf?: (s: OrgState, step: S, now: Timestamp) => CommandBase | undefined;
  /**
   * The commands of a step, executed in order at the step's time, each on the state the previous one
   * left (a refused one is left out and the next still runs). `events` is the history so far.
   */
  readonly commandsOf?: (s: OrgState, step: S, now: Timestamp, events: readonly EventBase[]) => readonly CommandBase[];
  /** An `advance` step's ms, if any. */
  readonly advanceOf?: (step: S) => number | undefined;
  /** Keep the state after every event (for invariants after every step). */
  readonly keepStates?: boolean;
  /** The contexts the commands run with (default `testClock('gen')`: ids `gen-1`, `gen-2`, ...). */
  readonly clock?: TestClock;
}

/**
 * Runs steps through the engine, one minute apart (plus any advance), keeping what was accepted: a
 * refused command is left out, so the history replays. `states` (with `keepStates`) holds the state
 * after each event that follows the setup.
 */
export const runSteps = <S>(o: RunOptions<S>): History => {
  const replayed = o.engine.replay(o.setup);
  if (E.isLeft(replayed)) throw new Error(`setup event #${replayed.left.index} refused: ${replayed.left.error.message}`);
  let state = replayed.right;
  const events: EventBase[] = [...o.setup];
  const states: OrgState[] = [];
  let now = (state.lastAt ?? testEpoch) as number;
  let refused = 0;
  const clock = o.clock ?? testClock('gen');
  const commandsOf =
    o.commandsOf ??
    ((s: OrgState, step: S, at: Timestamp): readonly CommandBase[] => {
      const c = o.commandOf?.(s, step, at);
      return c === undefined ? [] : [c];
    });
  for (const step of o.steps) {
    now += 60_000 + (o.advanceOf?.(step) ?? 0);
    for (const command of commandsOf(state, step, now as Timestamp, events)) {
      const r = o.engine.execute(state, command, clock.at(now as Timestamp));
      if (E.isLeft(r)) {
        refused++;
        continue;
      }
      if (o.keepStates === true) {
        let s = state;
        for (const e of r.right.events) {
          s = o.engine.evolve(s, e);
          states.push(s);
        }
      }
      events.push(...r.right.events);
      state = r.right.state;
    }
  }
  return { events, state, refused, ...(o.keepStates === true ? { states } : {}) };
};

/**
 * Runs core steps over a world: the world's events, then each step's command through the engine.
 * Properties that draw the steps themselves (`fc.array(arbCoreStep(w))`) print a failing case as
 * its steps, which replay exactly with this function.
 */
export const runCoreSteps = (engine: Engine, w: World, steps: readonly CoreStep[], options: { readonly keepStates?: boolean } = {}): History =>
  runSteps({
    engine,
    setup: worldEvents(w),
    steps,
    commandOf: (s, step, now) => coreCommandOf(w, s, step, now),
    advanceOf: (step) => (step.kind === 'advance' ? step.ms : undefined),
    ...(options.keepStates === true ? { keepStates: true } : {}),
  });

/** Valid core histories over a world (every one replays). */
export const arbCoreHistory = (engine: Engine, w: World = smallWorld, maxSteps = 60): fc.Arbitrary<History> =>
  fc.array(arbCoreStep(w), { maxLength: maxSteps }).map((steps) => runCoreSteps(engine, w, steps));

/** A history as JSONL text (one encoded event a line). */
export const toJsonl = (engine: Engine, events: readonly EventBase[]): string =>
  events.map((e) => `${JSON.stringify(engine.encodeEvent(e))}\n`).join('');

