/**
 * fast-check arbitraries of the transfers tests: the testing kit's step model (`@pointfold/testing`: the
 * core's awards with and without expiry, deductions, releases and time passing, and group awards,
 * redemptions individual and group, some on transaction numbers, group transfers in every direction,
 * customer-to-customer transfers with a code issued then used or mistyped, reversals and reverts), tuned
 * to transfers and run through the transfers engine over the world below. A refused command is left
 * out, so every generated history replays; the state after every event is kept.
 */
import fc from 'fast-check';
import { CommandBase, CommandContext, EventBase, OrgState, Points, PointsAmount, Timestamp } from '@pointfold/core';
import { TransferEntityInput } from '@pointfold/transfers';
import {
  FullWorld,
  Step,
  arbCoreStep,
  arbCustomerTransferStep,
  arbGroupAwardStep,
  arbGroupTransferStep,
  arbPoints,
  arbRedeemStep,
  arbReverseStep,
  arbRevertStep,
  arbSteps as kitSteps,
  arbWholePoints,
  commandsOf as kitCommandsOf,
  entityInput as kitEntityInput,
  kitClock,
  kitOtp,
  runWorld,
  smallWorld,
  transactionOf as kitTransactionOf,
  worldSetup,
} from '@pointfold/testing';
import { allFlags, engine } from './fixtures';

export type { Step } from '@pointfold/testing';

export const propGroups = ['g1', 'g2'] as const;

/** The OTP every context of these runs issues (so a step can use the code it just had issued). */
export const propCode = kitOtp;

/**
 * The world of the properties: the kit's programs and customers, flags on (group redemption, skipping
 * validation, reversals); g1 (FLEET): primary c1, c2 may transfer, c3 may not; g2 (FRIENDS_AND_FAMILY):
 * primary c4, c5 may transfer but not redeem. 100 points for every customer and 200 for every group in
 * the default program.
 */
export const propWorld: FullWorld = {
  ...smallWorld,
  config: allFlags,
  groups: [
    { groupId: 'g1', groupType: 'FLEET', primary: 'c1', members: [{ userId: 'c2', transfer: true }, { userId: 'c3' }] },
    { groupId: 'g2', groupType: 'FRIENDS_AND_FAMILY', primary: 'c4', members: [{ userId: 'c5', transfer: true, redeem: false }] },
  ],
  startingPoints: { customers: '100', groups: '200' },
};

/** The events of `propWorld`, at the kit's epoch. */
export const propSetup: readonly EventBase[] = worldSetup(propWorld);

/** An entity of the world by index: customers first, then groups. */
export const entities: readonly { readonly type: 'CUSTOMER' | 'USERGROUP2'; readonly id: string }[] = [
  ...propWorld.customers.map((id) => ({ type: 'CUSTOMER' as const, id })),
  ...propGroups.map((id) => ({ type: 'USERGROUP2' as const, id })),
];

export const entityInput = (i: number): TransferEntityInput => kitEntityInput(propWorld, i);

/** The primary user of each group of `propSetup`. */
export const primaryOf: Readonly<Record<string, string>> = { g1: 'c1', g2: 'c4' };

/** The steps of the transfers properties: the core's (one in four) and the transfer ones. */
export const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: arbCoreStep(propWorld) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      {
        weight: 2,
        arbitrary: arbGroupAwardStep(propWorld, {
          program: fc.constant(undefined),
          category: fc.constant(undefined),
          points: arbPoints(300),
          expiresInDays: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        }),
      },
      {
        weight: 4,
        // From a group wallet one time in four, on a transaction number (bill-0 to bill-2) two times in five.
        arbitrary: arbRedeemStep(propWorld, {
          initiator: fc.constant('any'),
          idKind: fc.constantFrom('none', 'none', 'none', 'groupId'),
          otherGroup: fc.constant(0),
          points: fc.oneof(arbPoints(50), arbWholePoints(50)),
          transaction: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.nat(2) }),
        }),
      },
      { weight: 5, arbitrary: arbGroupTransferStep(propWorld) },
      { weight: 3, arbitrary: arbCustomerTransferStep(propWorld) },
      // A share of what is left to reverse (above 100: more than is left, 810), or all of it.
      { weight: 4, arbitrary: arbReverseStep() },
      { weight: 1, arbitrary: arbRevertStep() },
    ),
  },
);

/** The commands of a step in a state, executed in order at the step's time (none for a step that only moves time). */
export const commandsOf = (s: OrgState, step: Step, now: Timestamp): CommandBase[] => kitCommandsOf(propWorld, s, step, now);

/** The redemptions of a history, in log order. */
export const redemptionIds = (events: readonly EventBase[]): string[] =>
  events.flatMap((e) => (e.type === 'PointsRedeemed' ? [(e as EventBase & { redemptionId: string }).redemptionId] : []));

export const transactionOf = kitTransactionOf;

/** Contexts whose OTPs are all `propCode` and whose ids are `${prefix}-n` (one sequence per call of `propContext`). */
export const propContext = (prefix: string): ((now: Timestamp) => CommandContext) => {
  const clock = kitClock(prefix);
  return (now) => clock.at(now);
};

/** A history made by running steps through the engine, with the state after every event. */
export interface History {
  readonly events: readonly EventBase[];
  readonly state: OrgState;
  /** The state after each event (index-aligned with `events`), the setup's included. */
  readonly states: readonly OrgState[];
  readonly refused: number;
}

/** Runs steps one minute apart (plus any advance), keeping what the engine appended and the state after each event. */
export const runTransferSteps = (steps: readonly Step[]): History => {
  const h = runWorld(propWorld, steps, { engine, setup: propSetup, keepStates: true });
  const setupStates: OrgState[] = [];
  let s = engine.initialState;
  for (const e of propSetup) {
    s = engine.evolve(s, e);
    setupStates.push(s);
  }
  return { events: h.events, state: h.state, states: [...setupStates, ...(h.states ?? [])], refused: h.refused };
};

/** Generated steps: `size: 'max'`, so that histories are as long as `maxSteps` allows, not the default's handful. */
export const arbSteps = (maxSteps = 40): fc.Arbitrary<Step[]> => kitSteps(propWorld, { step: arbStep, maxSteps });

/** The time of a command right after a history. */
export const nextTime = (s: OrgState): Timestamp => ((s.lastAt ?? 0) + 60_000) as Timestamp;

/** A whole amount at most `max` (at least one point). */
export const wholeUpTo = (max: PointsAmount): PointsAmount => Points.fromMillis((Points.toMillis(max) / 1000n) * 1000n);
