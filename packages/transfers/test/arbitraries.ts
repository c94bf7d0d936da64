/**
 * fast-check arbitraries of the transfers tests: the core's step model (awards with and without expiry,
 * deductions, releases, time passing) extended with group awards, redemptions (individual and group,
 * some on transaction numbers), group transfers in every direction, customer-to-customer transfers with
 * a code (issued, then used or mistyped), reversals and reverts, run through the real engine. A refused
 * command is left out, so every generated history replays; the state after every event is kept.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { CommandBase, CommandContext, EventBase, OrgState, Points, PointsAmount, Timestamp, addDays } from '@pointfold/core';
import { CoreStep, World, arbCoreStep, arbPoints, arbWholePoints, coreCommandOf, smallWorld, testEpoch, worldEvents } from '@pointfold/core/testing';
import { redemptionOf } from '@pointfold/groups';
import { TransferEntityInput, reversibleOf } from '@pointfold/transfers';
import { allFlags, awarded, cmd, configured, created, customer, engine, group, joined } from './fixtures';

/** The world of the properties: the kit's programs and customers, two groups. */
export const propWorld: World = smallWorld;
export const propGroups = ['g1', 'g2'] as const;

/** The OTP every context of these runs issues (so a step can use the code it just had issued). */
export const propCode = '424242';

/**
 * Flags on (group redemption, skipping validation, reversals); g1 (FLEET): primary c1, c2 may transfer,
 * c3 may not; g2 (FRIENDS_AND_FAMILY): primary c4, c5 may transfer but not redeem. 100 points for every
 * customer and 200 for every group in the default program, at the kit's epoch.
 */
export const propSetup: readonly EventBase[] = [
  ...worldEvents(propWorld),
  configured('cfg-0', testEpoch, allFlags),
  created('grp-g1', testEpoch, 'g1', 'FLEET', 'c1'),
  joined('join-1', testEpoch, 'g1', 'c2', { transfer: true }),
  joined('join-2', testEpoch, 'g1', 'c3'),
  created('grp-g2', testEpoch, 'g2', 'FRIENDS_AND_FAMILY', 'c4'),
  joined('join-3', testEpoch, 'g2', 'c5', { transfer: true, redeem: false }),
  ...propWorld.customers.map((c) => awarded(`seed-${c}`, testEpoch, customer(c), '100')),
  ...propGroups.map((g) => awarded(`seed-${g}`, testEpoch, group(g), '200')),
];

/** An entity of the world by index: customers first, then groups. */
export const entities: readonly { readonly type: 'CUSTOMER' | 'USERGROUP2'; readonly id: string }[] = [
  ...propWorld.customers.map((id) => ({ type: 'CUSTOMER' as const, id })),
  ...propGroups.map((id) => ({ type: 'USERGROUP2' as const, id })),
];

const pick = <T>(xs: readonly T[], i: number): T => {
  const x = xs[i % xs.length];
  if (x === undefined) throw new Error(`index ${i} of an empty list`);
  return x;
};

/** A step of a generated history with transfers and reversals. */
export type TransferStep =
  | { readonly kind: 'groupAward'; readonly group: number; readonly points: PointsAmount; readonly expiresInDays?: number }
  | { readonly kind: 'redeem'; readonly customer: number; readonly viaGroup?: number; readonly program: number; readonly points: PointsAmount; readonly transaction?: number }
  | { readonly kind: 'groupTransfer'; readonly from: number; readonly to: number; readonly by: number; readonly program: number; readonly points: PointsAmount }
  | { readonly kind: 'customerTransfer'; readonly from: number; readonly to: number; readonly program: number; readonly points: PointsAmount; readonly wrongCode: boolean }
  | { readonly kind: 'reverse'; readonly pick: number; readonly percent?: number }
  | { readonly kind: 'revert'; readonly transaction: number };

export type Step = CoreStep | TransferStep;

const program = fc.constantFrom(0, 0, 0, 1);
/** Mostly whole amounts (transfers take whole points unless configured), some with decimals (807). */
const transferAmount = fc.oneof({ weight: 5, arbitrary: arbWholePoints(60) }, { weight: 1, arbitrary: arbPoints(60) });

const arbTransferStep: fc.Arbitrary<TransferStep> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record(
      { kind: fc.constant('groupAward' as const), group: fc.nat(propGroups.length - 1), points: arbPoints(300), expiresInDays: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }) },
      { requiredKeys: ['kind', 'group', 'points'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        kind: fc.constant('redeem' as const),
        customer: fc.nat(propWorld.customers.length - 1),
        viaGroup: fc.option(fc.nat(propGroups.length - 1), { nil: undefined, freq: 2 }),
        program,
        points: fc.oneof(arbPoints(50), arbWholePoints(50)),
        transaction: fc.option(fc.nat(2), { nil: undefined }),
      },
      { requiredKeys: ['kind', 'customer', 'program', 'points'] },
    ),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('groupTransfer' as const),
      from: fc.nat(entities.length - 1),
      to: fc.nat(entities.length - 1),
      by: fc.nat(propWorld.customers.length - 1),
      program,
      points: transferAmount,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('customerTransfer' as const),
      from: fc.nat(propWorld.customers.length - 1),
      to: fc.nat(propWorld.customers.length - 1),
      program,
      points: transferAmount,
      wrongCode: fc.boolean(),
    }),
  },
  {
    weight: 4,
    // A share of what is left to reverse (above 100: more than is left, 810), or all of it.
    arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), percent: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }) }, { requiredKeys: ['kind', 'pick'] }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('revert' as const), transaction: fc.nat(2) }) },
);

export const arbStep: fc.Arbitrary<Step> = fc.oneof({ weight: 1, arbitrary: arbCoreStep(propWorld) }, { weight: 3, arbitrary: arbTransferStep });

export const entityInput = (i: number): TransferEntityInput => {
  const e = pick(entities, i);
  return { type: e.type, identifierType: 'id', identifierValue: e.id };
};

/** The primary user of each group of `propSetup`. */
export const primaryOf: Readonly<Record<string, string>> = { g1: 'c1', g2: 'c4' };

/**
 * The customer a group step's transfer is made by: often the one who may (the source customer, the
 * group's primary user), else anyone (830 unless it happens to be allowed).
 */
const byOf = (from: number, by: number): string => {
  const e = pick(entities, from);
  if (by % 2 === 0) return e.type === 'CUSTOMER' ? e.id : (primaryOf[e.id] ?? 'c1');
  return pick(propWorld.customers, by);
};

/** The redemptions of a state, in log order (what a reverse step picks from). */
export const redemptionIds = (events: readonly EventBase[]): string[] =>
  events.flatMap((e) => (e.type === 'PointsRedeemed' ? [(e as EventBase & { redemptionId: string }).redemptionId] : []));

export const transactionOf = (i: number): string => `bill-${i}`;

/** The commands of a step in a state, executed in order at the step's time (none for a step that only moves time). */
export const commandsOf = (s: OrgState, step: Step, now: Timestamp, redemptions: readonly string[]): CommandBase[] => {
  switch (step.kind) {
    case 'award':
    case 'deduct':
    case 'release':
    case 'advance': {
      const c = coreCommandOf(propWorld, s, step, now);
      return c === undefined ? [] : [c];
    }
    case 'groupAward':
      return [
        {
          type: 'AwardPoints',
          entity: group(pick(propGroups, step.group)),
          points: step.points,
          ...(step.expiresInDays === undefined ? {} : { expiresAt: addDays(now, step.expiresInDays) }),
        } as CommandBase,
      ];
    case 'redeem':
      return [
        cmd({
          type: 'RedeemPoints',
          customer: { type: 'id', value: pick(propWorld.customers, step.customer) },
          points: step.points,
          programId: pick(propWorld.programs, step.program),
          skipValidation: true,
          ...(step.viaGroup === undefined ? {} : { group: { groupId: pick(propGroups, step.viaGroup) } }),
          ...(step.transaction === undefined ? {} : { transactionNumber: transactionOf(step.transaction) }),
        }),
      ];
    case 'groupTransfer':
      return [
        cmd({
          type: 'TransferGroupPoints',
          points: Points.format(step.points),
          programId: pick(propWorld.programs, step.program),
          fromEntity: entityInput(step.from),
          toEntity: entityInput(step.to),
          transferredBy: { identifierType: 'id', identifierValue: byOf(step.from, step.by) },
        }),
      ];
    case 'customerTransfer': {
      const request = {
        points: Points.format(step.points),
        programId: pick(propWorld.programs, step.program),
        fromCustomerIdentifier: { type: 'ID', value: pick(propWorld.customers, step.from) },
        toCustomerIdentifier: { type: 'ID', value: pick(propWorld.customers, step.to) },
      };
      return [cmd({ type: 'IsTransferrable', ...request, issueOtp: true }), cmd({ type: 'TransferPoints', ...request, code: step.wrongCode ? '000000' : propCode })];
    }
    case 'reverse': {
      if (redemptions.length === 0) return [];
      const id = pick(redemptions, step.pick);
      const r = redemptionOf(s, id);
      if (r === undefined) return [];
      const share = step.percent === undefined ? undefined : Points.fromMillis((Points.toMillis(reversibleOf(s, r)) * BigInt(step.percent)) / 100n);
      const amount = share === undefined ? {} : { pointsToBeReversed: Points.format(Points.isPositive(share) ? share : Points.points('0.001')) };
      return [cmd({ type: 'ReverseRedemption', redemptionId: id, identifier: { type: 'id', value: r.customerId }, ...amount })];
    }
    case 'revert':
      return [cmd({ type: 'RevertRedemption', transactionNumber: transactionOf(step.transaction) })];
  }
};

/** A context whose OTPs are all `propCode` and whose ids are `${prefix}-n` (one sequence per run). */
export const propContext = (prefix: string): ((now: Timestamp) => CommandContext) => {
  let n = 0;
  return (now) => ({ now, newId: () => `${prefix}-${++n}`, newToken: (kind) => (kind === 'otp' ? propCode : `${kind}-${n}`) });
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
  let state = engine.initialState;
  const events: EventBase[] = [];
  const states: OrgState[] = [];
  for (const e of propSetup) {
    state = engine.evolve(state, e);
    events.push(e);
    states.push(state);
  }
  const ctx = propContext('gen');
  let now = testEpoch as number;
  let refused = 0;
  for (const step of steps) {
    now += 60_000 + (step.kind === 'advance' ? step.ms : 0);
    for (const c of commandsOf(state, step, now as Timestamp, redemptionIds(events))) {
      const r = engine.execute(state, c, ctx(now as Timestamp));
      if (E.isLeft(r)) {
        refused++;
        continue;
      }
      let s = state;
      for (const e of r.right.events) {
        s = engine.evolve(s, e);
        events.push(e);
        states.push(s);
      }
      state = r.right.state;
    }
  }
  return { events, state, states, refused };
};

/** Generated steps: `size: 'max'`, so that histories are as long as `maxSteps` allows, not the default's handful. */
export const arbSteps = (maxSteps = 40): fc.Arbitrary<Step[]> => fc.array(arbStep, { maxLength: maxSteps, size: 'max' });

/** The time of a command right after a history. */
export const nextTime = (s: OrgState): Timestamp => ((s.lastAt ?? 0) + 60_000) as Timestamp;

/** A whole amount at most `max` (at least one point). */
export const wholeUpTo = (max: PointsAmount): PointsAmount => Points.fromMillis((Points.toMillis(max) / 1000n) * 1000n);
