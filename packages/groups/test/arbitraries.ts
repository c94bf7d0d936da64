/**
 * fast-check arbitraries of the groups tests: the testing kit's step model (`@pointfold/testing`: the
 * core's awards, deductions, releases and time passing, and group awards, joins, leaves, flag and limit
 * changes, codes issued, redemptions naming their group every way), tuned to groups and run through the
 * groups engine over the groups world below. A refused step is left out, so every generated history replays.
 */
import fc from 'fast-check';
import { OrgState, Timestamp } from '@pointfold/core';
import { RedemptionRequest, groupsEngine } from '@pointfold/groups';
import {
  FullWorld,
  History,
  RedeemSpec,
  Step,
  arbCoreStep,
  arbCustomerAwardStep,
  arbFlagsStep,
  arbGroupAwardStep,
  arbIssueCodeStep,
  arbJoinStep,
  arbLeaveStep,
  arbLimitsStep,
  arbRedeemSpec as kitRedeemSpec,
  arbRedeemStep,
  arbWorldHistory,
  redeemRequestOf,
  smallWorld,
  worldSetup,
} from '@pointfold/testing';
import { allFlags } from './fixtures';

export type { GroupIdKind, RedeemSpec } from '@pointfold/testing';

export interface PropGroup {
  readonly groupId: string;
  readonly externalId: string;
  readonly primary: string;
}

/** Three groups: g1 (FLEET) and g3 (FRIENDS_AND_FAMILY) with c1 as primary user, g2 (FRIENDS_AND_FAMILY) with c2. */
export const propGroups: readonly PropGroup[] = [
  { groupId: 'g1', externalId: 'x1', primary: 'c1' },
  { groupId: 'g2', externalId: 'x2', primary: 'c2' },
  { groupId: 'g3', externalId: 'x3', primary: 'c1' },
];

/**
 * The world of the properties: the kit's programs and customers, every group flag on (skipping
 * validation allowed), the three groups, and 100 points for every customer and 200 for every group in
 * the default program.
 */
export const propWorld: FullWorld = {
  ...smallWorld,
  config: allFlags,
  groups: propGroups.map((g, i) => ({ ...g, groupType: i === 0 ? 'FLEET' : 'FRIENDS_AND_FAMILY' })),
  // Some points in every wallet from the start, so that early redemptions are not all refused for want of points.
  startingPoints: { customers: '100', groups: '200' },
};

/** The events of `propWorld`, at the kit's epoch. */
export const propSetup = worldSetup(propWorld);

/** Redemption requests over the world: the kit's defaults (any customer, every way of naming a group, up to 60 points). */
export const arbRedeemSpec: fc.Arbitrary<RedeemSpec> = kitRedeemSpec(propWorld);

/** The steps of the groups properties: the core's (two in five) and the group ones. */
export const arbStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: arbCoreStep(propWorld) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      { weight: 5, arbitrary: arbGroupAwardStep(propWorld) },
      { weight: 3, arbitrary: arbCustomerAwardStep(propWorld) },
      { weight: 6, arbitrary: arbJoinStep(propWorld) },
      { weight: 1, arbitrary: arbLeaveStep(propWorld) },
      // Flags mostly on: an organisation that turned group redemption off refuses every group step after it.
      { weight: 1, arbitrary: arbFlagsStep() },
      { weight: 1, arbitrary: arbLimitsStep() },
      { weight: 1, arbitrary: arbIssueCodeStep(propWorld) },
      { weight: 6, arbitrary: arbRedeemStep(propWorld) },
    ),
  },
);

/**
 * The request of a spec in a state (validation skipped: the organisation allows it unless a step
 * said otherwise).
 */
export const requestOf = (spec: RedeemSpec, s?: OrgState, o: Partial<RedemptionRequest> = {}): RedemptionRequest => redeemRequestOf(propWorld, spec, s, o);

/** Valid histories with groups (every one replays), keeping the state after every event. */
export const arbGroupHistory = (maxSteps = 40): fc.Arbitrary<History> =>
  arbWorldHistory(propWorld, { engine: groupsEngine, setup: propSetup, step: arbStep, maxSteps, keepStates: true });

/** The time of a command right after a history. */
export const nextTime = (s: OrgState): Timestamp => ((s.lastAt ?? 0) + 60_000) as Timestamp;
