/**
 * Shared fixtures of the rewards tests: the testing kit's world (programs 765 and 1414, customers c1..c5
 * at `testEpoch`), the flags, a catalogue of brand BUKL (and one reward of brand OTHER), a group, points,
 * and typed builders of the events and commands. Anything the engine plans itself (debits, coupons) is
 * asserted as the engine appends it.
 */
import * as E from 'fp-ts/Either';
import {
  CommandBase,
  ConfigPatch,
  CustomerRegistered,
  EntityRef,
  EventBase,
  Execution,
  OrgConfigured,
  OrgState,
  Points,
  PointsAwarded,
  Posting,
  Timestamp,
} from '@pointfold/core';
import { smallWorld, testClock, testEpoch, worldEvents } from '@pointfold/core/testing';
import { UserGroupCreated, UserGroupMemberJoined } from '@pointfold/groups';
import {
  CardIssued,
  CatalogueCommand,
  CustomerSegmentsAssigned,
  IssueEvent,
  IssueReward,
  PaymentConfig,
  RewardCustomerCommand,
  RewardCustomerEvent,
  RewardDefined,
  RewardIssued,
  RewardIssueRefusal,
  rewardsEngine,
} from '@pointfold/rewards';

export const points = Points.points;

/** `testEpoch` plus some minutes. */
export const minutes = (n: number): Timestamp => (testEpoch + n * 60_000) as Timestamp;
/** `testEpoch` plus some days. */
export const days = (n: number): Timestamp => (testEpoch + n * 86_400_000) as Timestamp;

export const customer = (id: string): EntityRef => ({ type: 'CUSTOMER', id });
export const group = (id: string): EntityRef => ({ type: 'USERGROUP2', id });

/** The kit's identifiers of customer `cN` (index N - 1). */
export const mobileOf = (customerId: string): string => `9190000${String(Number(customerId.slice(1)) - 1).padStart(5, '0')}`;

/** A rewards command, type-checked against its own interface. */
export const cmd = (c: IssueReward | CatalogueCommand | RewardCustomerCommand): CommandBase => c;
/** A rewards event, type-checked against its codec's type. */
export const ev = (e: IssueEvent | RewardDefined | RewardCustomerEvent): EventBase => e;

export const configured = (id: string, at: Timestamp, config: ConfigPatch): OrgConfigured => ({ type: 'OrgConfigured', id, at, config });

export const registered = (id: string, at: Timestamp, customerId: string, identifiers: CustomerRegistered['identifiers'] = {}): CustomerRegistered => ({
  type: 'CustomerRegistered',
  id,
  at,
  customerId,
  identifiers,
});

export const awarded = (id: string, at: Timestamp, entity: EntityRef, amount: string, o: { programId?: number; expiresAt?: Timestamp } = {}): PointsAwarded => ({
  type: 'PointsAwarded',
  id,
  at,
  entity,
  programId: o.programId ?? 765,
  pointsCategory: 'Main',
  points: points(amount),
  ...(o.expiresAt === undefined ? {} : { expiresAt: o.expiresAt }),
});

export const pointsConfig = (id: string | number, amount: string): PaymentConfig => ({ id, mode: 'POINTS', points: points(amount) });
export const ratioConfig = (id: string | number, conversionRatio: string, redemptionType?: string): PaymentConfig => ({
  id,
  mode: 'CONV_RATIO',
  conversionRatio,
  ...(redemptionType === undefined ? {} : { redemptionType }),
});

/** A `RewardDefined` of brand BUKL paid with 500 points (config 55) unless `o` says otherwise. */
export const rewardDefined = (id: string, at: Timestamp, rewardId: string, o: Partial<Omit<RewardDefined, 'type' | 'id' | 'at' | 'rewardId'>> = {}): RewardDefined => ({
  type: 'RewardDefined',
  id,
  at,
  rewardId,
  brand: 'BUKL',
  paymentConfigs: [pointsConfig(55, '500')],
  ...o,
});

export const segmentsAssigned = (id: string, at: Timestamp, customerId: string, pairs: readonly (readonly [string, string])[]): CustomerSegmentsAssigned => ({
  type: 'CustomerSegmentsAssigned',
  id,
  at,
  customerId,
  memberships: pairs.map(([segment, partition]) => ({ segment, partition })),
});

export const cardIssued = (id: string, at: Timestamp, customerId: string, cardNumber: string, series: string, status = 'ACTIVE'): CardIssued => ({
  type: 'CardIssued',
  id,
  at,
  customerId,
  cardNumber,
  series,
  status,
});

export const created = (id: string, at: Timestamp, groupId: string, primaryUserId: string, externalId?: string): UserGroupCreated => ({
  type: 'UserGroupCreated',
  id,
  at,
  groupId,
  groupType: 'FRIENDS_AND_FAMILY',
  primaryUserId,
  ...(externalId === undefined ? {} : { externalId }),
});
export const joined = (id: string, at: Timestamp, groupId: string, userId: string): UserGroupMemberJoined => ({ type: 'UserGroupMemberJoined', id, at, groupId, userId });

/** Group redemption and skipping validation allowed. */
export const allFlags: ConfigPatch = {
  ENABLE_USER_GROUP_LOYALTY: true,
  ENABLE_GROUP_PROGRAMS_REDEMPTION: true,
  ENABLE_FLEET_LOYALTY: true,
  ALLOW_SKIPPING_VALIDATION: true,
};

/** Programs 765 (default) and 1414, customers c1..c5. */
export const world: readonly EventBase[] = worldEvents(smallWorld);

/**
 * The rewards world, at minutes 1 and 2 (a `when` runs at minute 3):
 * - every flag on;
 * - brand BUKL: `r-points` (POINTS 500, config 55), `r-miles` (CONV_RATIO 0.44 MILES, config 3799),
 *   `r-two` (config 1: POINTS 100, config 2: CONV_RATIO 0.5), `r-vendor` (VENDOR, POINTS 200),
 *   `r-card` (card series GOLD, POINTS 10), `r-limited` (2 issues per 7 days, POINTS 10), `r-off`
 *   (disabled), `r-later` (starts on day 10), `r-over` (ended at minute 2); brand OTHER: `r-other`;
 * - group `g-fam` (FRIENDS_AND_FAMILY, external id `famgroup11`): primary c4, member c2;
 * - points in program 765: c1 5000 (`a-c1`), c2 100 (`a-c2`), g-fam 3000 (`a-fam`); c5 has none.
 */
export const rewardsWorld: readonly EventBase[] = [
  ...world,
  configured('cfg-1', minutes(1), allFlags),
  rewardDefined('rw-points', minutes(1), 'r-points', { name: 'Voucher 500' }),
  rewardDefined('rw-miles', minutes(1), 'r-miles', { paymentConfigs: [ratioConfig(3799, '0.44', 'MILES')] }),
  rewardDefined('rw-two', minutes(1), 'r-two', { paymentConfigs: [pointsConfig(1, '100'), ratioConfig(2, '0.5')] }),
  rewardDefined('rw-vendor', minutes(1), 'r-vendor', { fulfillment: 'VENDOR', paymentConfigs: [pointsConfig(7, '200')] }),
  rewardDefined('rw-card', minutes(1), 'r-card', { cardSeries: 'GOLD', paymentConfigs: [pointsConfig(8, '10')] }),
  rewardDefined('rw-limited', minutes(1), 'r-limited', { constraints: [{ level: 'CUSTOMER', periodDays: 7, maxIssues: 2 }], paymentConfigs: [pointsConfig(9, '10')] }),
  rewardDefined('rw-off', minutes(1), 'r-off', { enabled: false }),
  rewardDefined('rw-later', minutes(1), 'r-later', { startsAt: days(10) }),
  rewardDefined('rw-over', minutes(1), 'r-over', { endsAt: minutes(2) }),
  rewardDefined('rw-other', minutes(1), 'r-other', { brand: 'OTHER' }),
  created('grp-1', minutes(1), 'g-fam', 'c4', 'famgroup11'),
  joined('join-1', minutes(1), 'g-fam', 'c2'),
  awarded('a-c1', minutes(2), customer('c1'), '5000'),
  awarded('a-c2', minutes(2), customer('c2'), '100'),
  awarded('a-fam', minutes(2), group('g-fam'), '3000'),
];

/** The time of a `when` right after `rewardsWorld`. */
export const tWhen = minutes(3);

/** An IssueReward of `r-points` (brand BUKL) to c1 by mobile, changed by `o`. */
export const issue = (o: Partial<Omit<IssueReward, 'type'>> = {}): IssueReward => ({
  type: 'IssueReward',
  rewardId: 'r-points',
  brand: 'BUKL',
  mobile: mobileOf('c1'),
  ...o,
});

/** A wallet's debit of one lot. */
export const debit = (entity: EntityRef, lotId: string, amount: string, programId = 765): Posting => ({
  entityType: entity.type,
  entityId: entity.id,
  programId,
  pointsCategory: 'Main',
  lotId,
  points: points(`-${amount}`),
});
export const toRedeemed = (amount: string, programId = 765): Posting => ({ entityType: 'SYSTEM', entityId: 'REDEEMED', programId, pointsCategory: 'Main', points: points(amount) });

/** The single RewardIssued of a list of events. */
export const issuedIn = (events: readonly EventBase[]): RewardIssued => {
  const found = events.filter((e): e is RewardIssued => e.type === 'RewardIssued');
  expect(found).toHaveLength(1);
  return found[0] as RewardIssued;
};

/** The state a list of events folds to (each checked). */
export const stateOf = (events: readonly EventBase[]): OrgState => {
  const r = rewardsEngine.replay(events);
  if (E.isLeft(r)) throw new Error(`event #${r.left.index} refused: ${r.left.error.code} ${r.left.error.message}`);
  return r.right;
};

/** Executes a command that must be accepted by the engine (it may still carry a recorded refusal). */
export const run = (s: OrgState, c: CommandBase, at: Timestamp, prefix = 'run'): Execution => {
  const r = rewardsEngine.execute(s, c, testClock(prefix).at(at));
  if (E.isLeft(r)) throw new Error(`${c.type} refused: ${r.left.code} ${r.left.message}`);
  return r.right;
};

/** The refusal of a command that must be refused (without a request id: the engine's `left`). */
export const refusalOf = (s: OrgState, c: CommandBase, at: Timestamp = ((s.lastAt ?? testEpoch) + 60_000) as Timestamp): RewardIssueRefusal => {
  const r = rewardsEngine.execute(s, c, testClock('refused').at(at));
  if (E.isRight(r)) throw new Error(`expected a refusal, but ${c.type} appended ${r.right.events.map((e) => e.type).join(', ')}`);
  return r.left;
};
