/**
 * Shared fixtures of the groups tests: the testing kit's world (programs 765 and 1414, customers
 * c1..c5 at `testEpoch`) plus c6 with a card number, the group flags, two groups with members and
 * points, and typed builders of the events and commands. Anything the engine plans itself
 * (redemption postings, expiries) is built with `logOf`, so a fixture holds what the engine appends.
 */
import {
  CommandBase,
  CommandContext,
  ConfigPatch,
  CustomerRegistered,
  CustomerStatusChanged,
  EntityRef,
  EventBase,
  LedgerEvent,
  OneTimeCodeIssued,
  OneTimeCodeRejected,
  OneTimeCodeUsed,
  OrgConfigured,
  OrgEvent,
  Points,
  PointsAmount,
  PointsAwarded,
  PointsCategory,
  ProgramDefined,
  Timestamp,
  issueCode,
} from '@pointfold/core';
import { smallWorld, testEpoch, worldEvents } from '@pointfold/core/testing';
import {
  GroupCommand,
  GroupEvent,
  GroupType,
  RedemptionCommand,
  RedemptionEvent,
  RedemptionRequest,
  UserGroupCreated,
  UserGroupMemberJoined,
  UserGroupMemberLeft,
} from '@pointfold/groups';

export const points = Points.points;

/** A groups or core command, type-checked against its own interface. */
export const cmd = (c: GroupCommand | RedemptionCommand): CommandBase => c;
/** Any event of the core or groups, type-checked against its codec's type. */
export const ev = (e: GroupEvent | RedemptionEvent | OrgEvent | LedgerEvent | OneTimeCodeIssued | OneTimeCodeUsed | OneTimeCodeRejected): EventBase => e;

/** `testEpoch` plus some minutes. */
export const minutes = (n: number): Timestamp => (testEpoch + n * 60_000) as Timestamp;
/** `testEpoch` plus some days. */
export const days = (n: number): Timestamp => (testEpoch + n * 86_400_000) as Timestamp;

export const customer = (id: string): EntityRef => ({ type: 'CUSTOMER', id });
export const group = (id: string): EntityRef => ({ type: 'USERGROUP2', id });

export const configured = (id: string, at: Timestamp, config: ConfigPatch): OrgConfigured => ({ type: 'OrgConfigured', id, at, config });
export const programDefined = (id: string, at: Timestamp, programId: number, o: Partial<Pick<ProgramDefined, 'isDefault' | 'groupRedemptionOnly'>> = {}): ProgramDefined => ({
  type: 'ProgramDefined',
  id,
  at,
  programId,
  name: `Program ${programId}`,
  ...o,
});
export const registered = (id: string, at: Timestamp, customerId: string, o: Partial<Omit<CustomerRegistered, 'type' | 'id' | 'at' | 'customerId'>> = {}): CustomerRegistered => ({
  type: 'CustomerRegistered',
  id,
  at,
  customerId,
  identifiers: o.identifiers ?? {},
  ...o,
});
export const statusChanged = (id: string, at: Timestamp, customerId: string, status: CustomerStatusChanged['status'], mergedInto?: string): CustomerStatusChanged => ({
  type: 'CustomerStatusChanged',
  id,
  at,
  customerId,
  status,
  ...(mergedInto === undefined ? {} : { mergedInto }),
});
export const created = (id: string, at: Timestamp, groupId: string, groupType: GroupType, primaryUserId: string, externalId?: string): UserGroupCreated => ({
  type: 'UserGroupCreated',
  id,
  at,
  groupId,
  groupType,
  primaryUserId,
  ...(externalId === undefined ? {} : { externalId }),
});
export const joined = (id: string, at: Timestamp, groupId: string, userId: string, permissions?: UserGroupMemberJoined['permissions']): UserGroupMemberJoined => ({
  type: 'UserGroupMemberJoined',
  id,
  at,
  groupId,
  userId,
  ...(permissions === undefined ? {} : { permissions }),
});
export const left = (id: string, at: Timestamp, groupId: string, userId: string): UserGroupMemberLeft => ({ type: 'UserGroupMemberLeft', id, at, groupId, userId });

export interface AwardOptions {
  readonly programId?: number;
  readonly category?: PointsCategory;
  readonly expiresAt?: Timestamp;
}

/** A `PointsAwarded` reference event to a customer or a group. */
export const awarded = (id: string, at: Timestamp, entity: EntityRef, amount: string | PointsAmount, o: AwardOptions = {}): PointsAwarded => ({
  type: 'PointsAwarded',
  id,
  at,
  entity,
  programId: o.programId ?? 765,
  pointsCategory: o.category ?? 'Main',
  points: typeof amount === 'string' ? points(amount) : amount,
  ...(o.expiresAt === undefined ? {} : { expiresAt: o.expiresAt }),
});

/** Every group flag, and skipping validation allowed. */
export const allFlags: ConfigPatch = {
  ENABLE_USER_GROUP_LOYALTY: true,
  ENABLE_GROUP_PROGRAMS_REDEMPTION: true,
  ENABLE_FLEET_LOYALTY: true,
  ALLOW_SKIPPING_VALIDATION: true,
};

/** Programs 765 (default) and 1414, customers c1..c5. */
export const world: readonly EventBase[] = worldEvents(smallWorld);

/** c6: known by a card number too. */
export const c6: CustomerRegistered = registered('customer-c6', testEpoch, 'c6', { identifiers: { mobile: '919000000099', cardnumber: 'CARD-0006' } });

/**
 * The groups world, at minutes 1 to 3:
 * - every flag on (`allFlags`);
 * - `g-fleet` (FLEET, external id `fleet-ext`): primary c1, c2 (default permissions), c3 (may not redeem);
 * - `g-fam` (FRIENDS_AND_FAMILY, external id `fam-ext`): primary c4, c2;
 * - points in program 765, Main: c1 100 (`a-c1`), c2 50 (`a-c2`), g-fleet 500 (`a-fleet`), g-fam 300 (`a-fam`).
 */
export const groupWorld: readonly EventBase[] = [
  ...world,
  c6,
  configured('cfg-1', minutes(1), allFlags),
  created('grp-1', minutes(1), 'g-fleet', 'FLEET', 'c1', 'fleet-ext'),
  joined('join-1', minutes(1), 'g-fleet', 'c2'),
  joined('join-2', minutes(1), 'g-fleet', 'c3', { redeem: false }),
  created('grp-2', minutes(1), 'g-fam', 'FRIENDS_AND_FAMILY', 'c4', 'fam-ext'),
  joined('join-3', minutes(1), 'g-fam', 'c2'),
  awarded('a-c1', minutes(2), customer('c1'), '100'),
  awarded('a-c2', minutes(2), customer('c2'), '50'),
  awarded('a-fleet', minutes(2), group('g-fleet'), '500'),
  awarded('a-fam', minutes(2), group('g-fam'), '300'),
];

/** The time of a `when` right after `groupWorld` (the spec's default: a minute after the last event). */
export const tWhen = minutes(3);

/** A RedeemPoints command (validation skipped unless `o` says otherwise). */
export const redeem = (customerId: string, amount: string, o: Partial<RedemptionRequest> = {}): CommandBase =>
  cmd({ type: 'RedeemPoints', customer: { type: 'id', value: customerId }, points: points(amount), skipValidation: true, ...o });

/** An IsRedeemable command (as `redeem`). */
export const checkRedeemable = (customerId: string, amount: string, o: Partial<RedemptionRequest> = {}): CommandBase =>
  cmd({ type: 'IsRedeemable', customer: { type: 'id', value: customerId }, points: points(amount), skipValidation: true, ...o });

/** A context whose OTP tokens are `code` and ids `${prefix}-n`. */
export const contextWithCode = (now: Timestamp, code: string, prefix = 'otp'): CommandContext => {
  let n = 0;
  return { now, newId: () => `${prefix}-${++n}`, newToken: (kind) => (kind === 'otp' ? code : `${kind}-${prefix}`) };
};

/** A redemption code for a customer issued at `at`, whose clear text is `code`. */
export const codeIssued = (customerId: string, at: Timestamp, code: string, validityMinutes?: number): OneTimeCodeIssued =>
  issueCode(customerId, 'REDEMPTION', contextWithCode(at, code), validityMinutes).event;
