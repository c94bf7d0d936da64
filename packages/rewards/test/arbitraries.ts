/**
 * fast-check arbitraries of the rewards tests: the testing kit's step model (`@pointfold/testing`: the
 * core's awards, deductions, releases and time passing, and reward issues with every kind of request,
 * group issues, vendor answers, request ids reused, segment changes, repricing, group awards and joins),
 * tuned to rewards and run through the rewards engine over the catalogue below. A refused step is left
 * out, so every generated history replays.
 */
import fc from 'fast-check';
import { OrgState, Timestamp } from '@pointfold/core';
import { IssueReward, PaymentConfig, RewardDefinition, rewardsEngine } from '@pointfold/rewards';
import {
  FullWorld,
  History,
  IssueSpec,
  Step,
  arbCoreStep,
  arbGroupAwardStep,
  arbIssueSpec as kitIssueSpec,
  arbIssueStep,
  arbJoinStep,
  arbRepriceStep,
  arbSegmentsStep,
  arbWholePoints,
  arbWorldHistory,
  issueRequestOf,
  runWorld,
  smallWorld,
  worldSetup,
} from '@pointfold/testing';
import { allFlags, pointsConfig, ratioConfig } from './fixtures';

export type { IssueSpec } from '@pointfold/testing';

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
 * The world of the properties: the kit's programs and customers, flags on, the catalogue (p-limited: 3
 * issues in 2 days; p-seg: segment s1/p1), group g1 (primary c1, FRIENDS_AND_FAMILY, external id x1), c2 in
 * segment (s1, p1), and 2000 points for every customer and 3000 for the group in the default program.
 */
export const propWorld: FullWorld = {
  ...smallWorld,
  config: allFlags,
  groups: [{ groupId: 'g1', externalId: 'x1', groupType: 'FRIENDS_AND_FAMILY', primary: 'c1' }],
  rewards: propRewardIds.map(
    (id): RewardDefinition => ({
      rewardId: id,
      brand: 'BUKL',
      paymentConfigs: propRewards[id]?.configs ?? [],
      ...(propRewards[id]?.vendor === true ? { fulfillment: 'VENDOR' as const } : {}),
      ...(id === 'p-limited' ? { constraints: [{ level: 'CUSTOMER' as const, periodDays: 2, maxIssues: 3 }] } : {}),
      ...(id === 'p-seg' ? { segments: [{ segment: 's1', partition: 'p1' }] } : {}),
    }),
  ),
  segments: { c2: [{ segment: 's1', partition: 'p1' }] },
  startingPoints: { customers: '2000', groups: '3000' },
};

/** The events of `propWorld`, at the kit's epoch. */
export const propSetup = worldSetup(propWorld);

/** Reward issue requests over the catalogue (the kit's defaults: every kind of request). */
export const arbIssueSpec: fc.Arbitrary<IssueSpec> = kitIssueSpec(propWorld);

/** The steps of the rewards properties: the core's (one in four) and the reward ones, issues mostly. */
export const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: arbCoreStep(propWorld) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      { weight: 8, arbitrary: arbIssueStep(propWorld) },
      { weight: 1, arbitrary: arbSegmentsStep(propWorld) },
      // p-fixed repriced: a catalogue change between two issues.
      { weight: 1, arbitrary: arbRepriceStep() },
      {
        weight: 1,
        arbitrary: arbGroupAwardStep(propWorld, {
          group: fc.constant(0),
          program: fc.constant(undefined),
          category: fc.constant(undefined),
          points: arbWholePoints(400),
          expiresInDays: fc.constant(undefined),
        }),
      },
      { weight: 1, arbitrary: arbJoinStep(propWorld, { group: fc.constant(0), redeem: fc.constant(undefined) }) },
    ),
  },
);

/**
 * The IssueReward of a spec. The vendor's answer goes only with the VENDOR reward (what the HTTP layer
 * does after `planRewardIssue`), unless `o.vendorAlways`.
 */
export const issueOf = (spec: IssueSpec, o: { readonly vendorAlways?: boolean } = {}): IssueReward => {
  const c = issueRequestOf(propWorld, spec, o);
  if (c === undefined) throw new Error('the properties world has a catalogue');
  return c;
};

/** Runs steps over the properties' setup (the states after every event kept). */
export const runRewardSteps = (steps: readonly Step[]): History => runWorld(propWorld, steps, { engine: rewardsEngine, setup: propSetup, keepStates: true });

/** Valid histories with rewards (every one replays), keeping the state after every event. */
export const arbRewardHistory = (maxSteps = 40): fc.Arbitrary<History> =>
  arbWorldHistory(propWorld, { engine: rewardsEngine, setup: propSetup, step: arbStep, maxSteps, keepStates: true });

/** The time of a command right after a history. */
export const nextTime = (s: OrgState): Timestamp => ((s.lastAt ?? 0) + 60_000) as Timestamp;
