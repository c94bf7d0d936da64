/**
 * fast-check arbitraries of the rewards tests: the core's step model (awards, deductions, releases,
 * time passing) extended with reward steps (issues with every kind of request, group issues, vendor
 * answers, request ids reused, segment changes, repricing, group awards and joins), run through the
 * real engine with the core's `runSteps`. A refused step is left out, so every generated history replays.
 */
import fc from 'fast-check';
import { CommandBase, EventBase, OrgState, Points, PointsAmount, Timestamp } from '@pointfold/core';
import { CoreStep, History, World, arbCoreStep, coreCommandOf, runSteps, smallWorld, testEpoch, worldEvents } from '@pointfold/core/testing';
import { JoinUserGroup } from '@pointfold/groups';
import { AssignCustomerSegments, DefineReward, IssueReward, PaymentConfig, VendorAnswer, rewardsEngine } from '@pointfold/rewards';
import { allFlags, awarded, configured, created, customer, group, mobileOf, pointsConfig, ratioConfig, rewardDefined, segmentsAssigned } from './fixtures';

/** The world of the properties: the kit's programs and customers. */
export const propWorld: World = smallWorld;

/** The catalogue of the properties (brand BUKL), by id. */
export const propRewards: Readonly<Record<string, { readonly configs: readonly PaymentConfig[]; readonly vendor?: true }>> = {
  'p-fixed': { configs: [pointsConfig(1, '37.5')] },
  'p-ratio': { configs: [ratioConfig(2, '0.44', 'MILES')] },
  'p-two': { configs: [pointsConfig('a', '12.125'), ratioConfig('b', '0.37')] },
  'p-vendor': { configs: [pointsConfig(3, '50')], vendor: true },
  'p-limited': { configs: [pointsConfig(4, '5')] },
  'p-seg': { configs: [pointsConfig(5, '20')] },
};
export const propRewardIds: readonly string[] = Object.keys(propRewards);

/**
 * Flags on, the catalogue, group g1 (primary c1, FRIENDS_AND_FAMILY, external id x1), c2 in segment
 * (s1, p1), and 2000 points for every customer and 3000 for the group in the default program.
 */
export const propSetup: readonly EventBase[] = [
  ...worldEvents(propWorld),
  configured('cfg-0', testEpoch, allFlags),
  ...propRewardIds.map((id) =>
    rewardDefined(`rw-${id}`, testEpoch, id, {
      paymentConfigs: propRewards[id]?.configs ?? [],
      ...(propRewards[id]?.vendor === true ? { fulfillment: 'VENDOR' as const } : {}),
      ...(id === 'p-limited' ? { constraints: [{ level: 'CUSTOMER' as const, periodDays: 2, maxIssues: 3 }] } : {}),
      ...(id === 'p-seg' ? { segments: [{ segment: 's1', partition: 'p1' }] } : {}),
    }),
  ),
  created('grp-g1', testEpoch, 'g1', 'c1', 'x1'),
  segmentsAssigned('seg-c2', testEpoch, 'c2', [['s1', 'p1']]),
  ...propWorld.customers.map((c) => awarded(`seed-${c}`, testEpoch, customer(c), '2000')),
  awarded('seed-g1', testEpoch, group('g1'), '3000'),
];

/** A generated reward issue request, by indexes and choices. */
export interface IssueSpec {
  readonly customer: number;
  readonly reward: number;
  /** Which payment configuration the request names: none, the reward's first or second (its only one if it has one), or one it does not have. */
  readonly config: 'none' | 'first' | 'second' | 'bogus';
  readonly quantity?: number | string;
  readonly redemptionValue?: number | string;
  readonly group: 'none' | 'groupId' | 'externalId' | 'primaryUserId' | 'unknown';
  readonly vendor: 'voucher' | 'failure' | 'none';
  /** A request id from a small pool, so that retries and reused ids happen. */
  readonly requestId?: string;
  readonly program: number;
}

/** A quantity as a client may send it: whole, with decimals, as text, or out of range. */
export const arbQuantity: fc.Arbitrary<number | string | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 99 })).map(([w, f]) => w + f / 100) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 999 })).map(([w, f]) => `${w}.${f}`) },
  { weight: 1, arbitrary: fc.constantFrom(0, 0.5, -2, 'x') },
);

/** A redemption value: a whole number or a decimal text, sometimes absent. */
export const arbRedemptionValue: fc.Arbitrary<number | string | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 60 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 999 })).map(([w, f]) => `${w}.${String(f).padStart(3, '0')}`) },
);

export const arbIssueSpec: fc.Arbitrary<IssueSpec> = fc.record(
  {
    customer: fc.nat(propWorld.customers.length - 1),
    reward: fc.nat(propRewardIds.length - 1),
    config: fc.constantFrom<IssueSpec['config']>('none', 'none', 'none', 'none', 'first', 'first', 'second', 'bogus'),
    quantity: arbQuantity,
    redemptionValue: arbRedemptionValue,
    group: fc.constantFrom<IssueSpec['group']>('none', 'none', 'none', 'none', 'none', 'none', 'groupId', 'externalId', 'primaryUserId', 'unknown'),
    vendor: fc.constantFrom<IssueSpec['vendor']>('voucher', 'voucher', 'voucher', 'voucher', 'failure', 'none'),
    // Half the requests carry an id from a pool of ten: some are retries, some reuse an id for another body (9930).
    requestId: fc.option(fc.constantFrom('q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10'), { nil: undefined, freq: 2 }),
    program: fc.constantFrom(0, 0, 0, 0, 0, 1),
  },
  { requiredKeys: ['customer', 'reward', 'config', 'group', 'vendor', 'program'] },
);

/** A step of a generated history with rewards. */
export type RewardStep =
  | { readonly kind: 'issue'; readonly spec: IssueSpec }
  | { readonly kind: 'segments'; readonly customer: number; readonly inSegment: boolean }
  | { readonly kind: 'reprice'; readonly points: PointsAmount }
  | { readonly kind: 'groupAward'; readonly points: PointsAmount }
  | { readonly kind: 'join'; readonly customer: number };

export type Step = CoreStep | RewardStep;

const arbRewardStep: fc.Arbitrary<RewardStep> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('issue' as const), spec: arbIssueSpec }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('segments' as const), customer: fc.nat(propWorld.customers.length - 1), inSegment: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reprice' as const), points: fc.integer({ min: 1, max: 90 }).map((n) => Points.points(String(n))) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('groupAward' as const), points: fc.integer({ min: 1, max: 400 }).map((n) => Points.points(String(n))) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('join' as const), customer: fc.nat(propWorld.customers.length - 1) }) },
);

export const arbStep: fc.Arbitrary<Step> = fc.oneof({ weight: 1, arbitrary: arbCoreStep(propWorld) }, { weight: 3, arbitrary: arbRewardStep });

const at = <T>(xs: readonly T[], i: number): T => {
  const x = xs[i % xs.length];
  if (x === undefined) throw new Error(`index ${i} of an empty list`);
  return x;
};

const vendorAnswerOf = (spec: IssueSpec): VendorAnswer | undefined =>
  spec.vendor === 'voucher' ? { voucher: `V-${spec.customer}-${spec.reward}` } : spec.vendor === 'failure' ? { failure: 'vendor down' } : undefined;

/**
 * The IssueReward of a spec. The vendor's answer goes only with the VENDOR reward (what the HTTP layer
 * does after `planRewardIssue`), unless `o.vendorAlways`.
 */
export const issueOf = (spec: IssueSpec, o: { readonly vendorAlways?: boolean } = {}): IssueReward => {
  const rewardId = at(propRewardIds, spec.reward);
  const reward = propRewards[rewardId];
  const configs = reward?.configs ?? [];
  const configId = spec.config === 'first' ? configs[0]?.id : spec.config === 'second' ? (configs[1] ?? configs[0])?.id : spec.config === 'bogus' ? 999 : undefined;
  const vendor = reward?.vendor === true || o.vendorAlways === true ? vendorAnswerOf(spec) : undefined;
  // A redemption value goes with a conversion ratio (on a fixed price it is 12016, which 'bogus' ids exercise enough).
  const chosen = spec.config === 'second' ? (configs[1] ?? configs[0]) : configs[0];
  const payment = {
    ...(configId === undefined ? {} : { id: configId }),
    ...(spec.redemptionValue === undefined || chosen?.mode !== 'CONV_RATIO' ? {} : { redemptionValue: spec.redemptionValue }),
  };
  return {
    type: 'IssueReward',
    rewardId,
    brand: 'BUKL',
    mobile: mobileOf(at(propWorld.customers, spec.customer)),
    ...(spec.quantity === undefined ? {} : { quantity: spec.quantity }),
    ...(Object.keys(payment).length === 0 ? {} : { paymentConfig: payment }),
    ...(spec.group === 'groupId' ? { userGroup2Id: 'g1' } : {}),
    ...(spec.group === 'externalId' ? { user_group2_external_id: 'x1' } : {}),
    ...(spec.group === 'primaryUserId' ? { user_group2_primary_user_id: 'c1' } : {}),
    ...(spec.group === 'unknown' ? { userGroup2Id: 'g-unknown' } : {}),
    ...(spec.requestId === undefined ? {} : { requestId: spec.requestId }),
    ...(spec.program === 0 ? {} : { programId: at(propWorld.programs, spec.program) }),
    ...(vendor === undefined ? {} : { vendor }),
  };
};

/** The command of a step at `now` (undefined for a step that only moves time). */
export const commandOf = (s: OrgState, step: Step, now: Timestamp): CommandBase | undefined => {
  switch (step.kind) {
    case 'award':
    case 'deduct':
    case 'release':
    case 'advance':
      return coreCommandOf(propWorld, s, step, now);
    case 'issue':
      return issueOf(step.spec);
    case 'segments': {
      const c: AssignCustomerSegments = {
        type: 'AssignCustomerSegments',
        customerId: at(propWorld.customers, step.customer),
        memberships: step.inSegment ? [{ segment: 's1', partition: 'p1' }] : [{ segment: 's1', partition: 'p2' }],
      };
      return c;
    }
    case 'reprice': {
      const c: DefineReward = { type: 'DefineReward', rewardId: 'p-fixed', brand: 'BUKL', paymentConfigs: [{ id: 1, mode: 'POINTS', points: step.points }] };
      return c;
    }
    case 'groupAward':
      return { type: 'AwardPoints', entity: group('g1'), points: step.points } as CommandBase;
    case 'join': {
      const c: JoinUserGroup = { type: 'JoinUserGroup', groupId: 'g1', userId: at(propWorld.customers, step.customer) };
      return c;
    }
  }
};

/** Runs steps over the properties' setup (the states after every event kept). */
export const runRewardSteps = (steps: readonly Step[]): History =>
  runSteps({
    engine: rewardsEngine,
    setup: propSetup,
    steps,
    commandOf,
    advanceOf: (step) => (step.kind === 'advance' ? step.ms : undefined),
    keepStates: true,
  });

/** Valid histories with rewards (every one replays), keeping the state after every event. */
export const arbRewardHistory = (maxSteps = 40): fc.Arbitrary<History> => fc.array(arbStep, { maxLength: maxSteps, size: 'max' }).map(runRewardSteps);

/** The time of a command right after a history. */
export const nextTime = (s: OrgState): Timestamp => ((s.lastAt ?? 0) + 60_000) as Timestamp;
