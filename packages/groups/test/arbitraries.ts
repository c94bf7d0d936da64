/**
 * fast-check arbitraries of the groups tests: the core's step model (awards, deductions, releases,
 * time passing) extended with group steps (group awards, joins, leaves, flag changes, codes issued,
 * redemptions), run through the real engine with the core's `runSteps`, and random redemption
 * requests over the same world. A refused step is left out, so every generated history replays.
 */
import fc from 'fast-check';
import { CommandBase, ConfigPatch, EventBase, OrgState, Points, PointsAmount, PointsCategory, Timestamp, addDays } from '@pointfold/core';
import { CoreStep, History, World, arbCoreStep, arbPoints, arbWholePoints, coreCommandOf, runSteps, smallWorld, testEpoch, worldEvents } from '@pointfold/core/testing';
import { GroupCommand, GroupIdentifiers, RedemptionCommand, RedemptionRequest, activeMembers, groupOf, groupsEngine } from '@pointfold/groups';
import { awarded, configured, created, customer, group } from './fixtures';

/** The world of the properties: the kit's programs and customers, three groups (c1 is primary of two). */
export const propWorld: World = smallWorld;

export interface PropGroup {
  readonly groupId: string;
  readonly externalId: string;
  readonly primary: string;
}

export const propGroups: readonly PropGroup[] = [
  { groupId: 'g1', externalId: 'x1', primary: 'c1' },
  { groupId: 'g2', externalId: 'x2', primary: 'c2' },
  { groupId: 'g3', externalId: 'x3', primary: 'c1' },
];

/**
 * Flags on (skipping validation allowed), the three groups (g1 FLEET, g2 and g3 FRIENDS_AND_FAMILY), and
 * 100 points for every customer and 200 for every group in the default program, at the kit's epoch.
 */
export const propSetup: readonly EventBase[] = [
  ...worldEvents(propWorld),
  configured('cfg-0', testEpoch, { ENABLE_USER_GROUP_LOYALTY: true, ENABLE_GROUP_PROGRAMS_REDEMPTION: true, ENABLE_FLEET_LOYALTY: true, ALLOW_SKIPPING_VALIDATION: true }),
  ...propGroups.map((g, i) => created(`grp-${g.groupId}`, testEpoch, g.groupId, i === 0 ? 'FLEET' : 'FRIENDS_AND_FAMILY', g.primary, g.externalId)),
  // Some points in every wallet from the start, so that early redemptions are not all refused for want of points.
  ...propWorld.customers.map((c) => awarded(`seed-${c}`, testEpoch, customer(c), '100')),
  ...propGroups.map((g) => awarded(`seed-${g.groupId}`, testEpoch, group(g.groupId), '200')),
];

/** How a generated request names its group (or none, or an identifier that names nothing). */
export type GroupIdKind = 'none' | 'groupId' | 'externalId' | 'primaryUserId' | 'primaryUserMobile' | 'unknown' | 'mixed';

/** A generated redemption request, by indexes into the world. */
export interface RedeemSpec {
  readonly customer: number;
  /** `member`: the initiator is the `customer`-th active member of the group named (when the state is known). */
  readonly initiator: 'any' | 'member';
  readonly idKind: GroupIdKind;
  readonly group: number;
  readonly otherGroup: number;
  readonly program: number;
  readonly points: PointsAmount;
}

/** A step of a generated history with groups. */
export type GroupStep =
  | { readonly kind: 'groupAward'; readonly group: number; readonly program: number; readonly category: PointsCategory; readonly points: PointsAmount; readonly expiresInDays?: number }
  | { readonly kind: 'customerAward'; readonly customer: number; readonly points: PointsAmount }
  | { readonly kind: 'join'; readonly group: number; readonly customer: number; readonly redeem: boolean }
  | { readonly kind: 'leave'; readonly group: number; readonly customer: number }
  | { readonly kind: 'flags'; readonly userGroup: boolean; readonly groupPrograms: boolean; readonly fleet: boolean }
  | { readonly kind: 'limits'; readonly minPoints?: PointsAmount; readonly maxPoints?: PointsAmount; readonly multipleOf?: PointsAmount }
  | { readonly kind: 'issueCode'; readonly customer: number }
  | { readonly kind: 'redeem'; readonly spec: RedeemSpec };

export type Step = CoreStep | GroupStep;

/** A program index, the default program three times in four (where the generated points mostly are). */
const firstMostly = fc.constantFrom(0, 0, 0, 1);

export const arbRedeemSpec: fc.Arbitrary<RedeemSpec> = fc.record({
  customer: fc.nat(propWorld.customers.length - 1),
  initiator: fc.constantFrom<RedeemSpec['initiator']>('any', 'member'),
  idKind: fc.constantFrom<GroupIdKind>('none', 'none', 'none', 'groupId', 'groupId', 'groupId', 'externalId', 'externalId', 'primaryUserId', 'primaryUserMobile', 'unknown', 'mixed'),
  group: fc.nat(propGroups.length - 1),
  otherGroup: fc.nat(propGroups.length - 1),
  program: firstMostly,
  // Small amounts, often whole: most wallets can pay them, so many redemptions are accepted.
  points: fc.oneof(arbPoints(60), arbWholePoints(60)),
});

const mostlyOn = fc.constantFrom(true, true, true, false);

const arbGroupStep: fc.Arbitrary<GroupStep> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        kind: fc.constant('groupAward' as const),
        group: fc.nat(propGroups.length - 1),
        program: firstMostly,
        category: fc.constantFrom<PointsCategory>('Main', 'Main', 'Main', 'DelayedAccrualPointCategory'),
        points: arbPoints(1000),
        expiresInDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      },
      { requiredKeys: ['kind', 'group', 'program', 'category', 'points'] },
    ),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('customerAward' as const), customer: fc.nat(propWorld.customers.length - 1), points: arbPoints(300) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('join' as const), group: fc.nat(propGroups.length - 1), customer: fc.nat(propWorld.customers.length - 1), redeem: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), group: fc.nat(propGroups.length - 1), customer: fc.nat(propWorld.customers.length - 1) }) },
  // Flags mostly on: an organisation that turned group redemption off refuses every group step after it.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flags' as const), userGroup: mostlyOn, groupPrograms: mostlyOn, fleet: mostlyOn }) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        kind: fc.constant('limits' as const),
        minPoints: fc.constantFrom('0.5', '1', '3').map(Points.points),
        maxPoints: fc.constantFrom('40', '55', '200').map(Points.points),
        multipleOf: fc.constantFrom('0.001', '0.5', '1', '5').map(Points.points),
      },
      { requiredKeys: ['kind'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('issueCode' as const), customer: fc.nat(propWorld.customers.length - 1) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('redeem' as const), spec: arbRedeemSpec }) },
);

export const arbStep: fc.Arbitrary<Step> = fc.oneof({ weight: 2, arbitrary: arbCoreStep(propWorld) }, { weight: 3, arbitrary: arbGroupStep });

const at = <T>(xs: readonly T[], i: number): T => {
  const x = xs[i % xs.length];
  if (x === undefined) throw new Error(`index ${i} of an empty list`);
  return x;
};

const mobileOf = (customerIndex: number): string => `9190000${String(customerIndex).padStart(5, '0')}`;

/** The group identifiers a spec names. */
export const groupIdsOf = (spec: RedeemSpec): GroupIdentifiers | undefined => {
  const g = at(propGroups, spec.group);
  const other = at(propGroups, spec.otherGroup);
  switch (spec.idKind) {
    case 'none':
      return undefined;
    case 'groupId':
      return { groupId: g.groupId };
    case 'externalId':
      return { externalId: g.externalId };
    case 'primaryUserId':
      return { primaryUserId: g.primary };
    case 'primaryUserMobile':
      return { primaryUser: { identifierType: 'mobile', identifierValue: mobileOf(propWorld.customers.indexOf(g.primary)) } };
    case 'unknown':
      return { groupId: `${g.groupId}-unknown` };
    case 'mixed':
      return { groupId: g.groupId, externalId: other.externalId };
  }
};

/** The initiator of a spec: a customer of the world, or an active member of the group it names. */
const initiatorOf = (spec: RedeemSpec, s: OrgState | undefined): string => {
  const anyone = at(propWorld.customers, spec.customer);
  if (spec.initiator === 'any' || s === undefined) return anyone;
  const g = groupOf(s, at(propGroups, spec.group).groupId);
  const members = g === undefined ? [] : activeMembers(g);
  return members.length === 0 ? anyone : at(members, spec.customer).userId;
};

/**
 * The request of a spec in a state (validation skipped: the organisation allows it unless a step
 * said otherwise).
 */
export const requestOf = (spec: RedeemSpec, s?: OrgState, o: Partial<RedemptionRequest> = {}): RedemptionRequest => {
  const ids = groupIdsOf(spec);
  return {
    customer: { type: 'id', value: initiatorOf(spec, s) },
    points: spec.points,
    programId: at(propWorld.programs, spec.program),
    ...(ids === undefined ? {} : { group: ids }),
    skipValidation: true,
    ...o,
  };
};

const gcmd = (c: GroupCommand | RedemptionCommand): CommandBase => c;

/** The command of a step at `now` (undefined for a step that only moves time). */
export const commandOf = (s: OrgState, step: Step, now: Timestamp): CommandBase | undefined => {
  switch (step.kind) {
    case 'award':
    case 'deduct':
    case 'release':
    case 'advance':
      return coreCommandOf(propWorld, s, step, now);
    case 'groupAward':
      return {
        type: 'AwardPoints',
        entity: { type: 'USERGROUP2', id: at(propGroups, step.group).groupId },
        programId: at(propWorld.programs, step.program),
        pointsCategory: step.category,
        points: step.points,
        ...(step.expiresInDays === undefined ? {} : { expiresAt: addDays(now, step.expiresInDays) }),
      } as CommandBase;
    case 'customerAward':
      return { type: 'AwardPoints', entity: { type: 'CUSTOMER', id: at(propWorld.customers, step.customer) }, points: step.points } as CommandBase;
    case 'join':
      return gcmd({ type: 'JoinUserGroup', groupId: at(propGroups, step.group).groupId, userId: at(propWorld.customers, step.customer), permissions: { redeem: step.redeem } });
    case 'leave':
      return gcmd({ type: 'LeaveUserGroup', groupId: at(propGroups, step.group).groupId, userId: at(propWorld.customers, step.customer) });
    case 'flags': {
      const config: ConfigPatch = { ENABLE_USER_GROUP_LOYALTY: step.userGroup, ENABLE_GROUP_PROGRAMS_REDEMPTION: step.groupPrograms, ENABLE_FLEET_LOYALTY: step.fleet };
      return { type: 'ConfigureOrg', config } as CommandBase;
    }
    case 'limits': {
      const { kind: _kind, ...redemption } = step;
      const config: ConfigPatch = { redemption };
      return { type: 'ConfigureOrg', config } as CommandBase;
    }
    case 'issueCode':
      return gcmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: at(propWorld.customers, step.customer) } });
    case 'redeem':
      return gcmd({ type: 'RedeemPoints', ...requestOf(step.spec, s) });
  }
};

/** Valid histories with groups (every one replays), keeping the state after every event. */
export const arbGroupHistory = (maxSteps = 40): fc.Arbitrary<History> =>
  fc.array(arbStep, { maxLength: maxSteps, size: 'max' }).map((steps) =>
    runSteps({
      engine: groupsEngine,
      setup: propSetup,
      steps,
      commandOf,
      advanceOf: (step) => (step.kind === 'advance' ? step.ms : undefined),
      keepStates: true,
    }),
  );

/** The time of a command right after a history. */
export const nextTime = (s: OrgState): Timestamp => ((s.lastAt ?? 0) + 60_000) as Timestamp;
