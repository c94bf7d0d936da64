/**
 * Shared fixtures of the transfers tests: the testing kit's world (programs 765 and 1414, customers
 * c1..c5 at `testEpoch`) plus c6 with a card number, reversals allowed, two groups with members and
 * points, and typed builders of the events and commands. Anything the engine plans itself (transfer
 * and redemption postings, codes, expiries) is built with `logOf`, so a fixture holds what the engine
 * appends.
 */
import * as E from 'fp-ts/Either';
import {
  CommandBase,
  CommandContext,
  ConfigPatch,
  CustomerRegistered,
  EntityRef,
  EventBase,
  Execution,
  LedgerEvent,
  OneTimeCodeIssued,
  OneTimeCodeRejected,
  OneTimeCodeUsed,
  OrgEvent,
  OrgState,
  Points,
  PointsAmount,
  PointsAwarded,
  Posting,
  Timestamp,
  balanceAt,
  spendableAt,
} from '@pointfold/core';
import { smallWorld, testClock, testEpoch, worldEvents } from '@pointfold/core/testing';
import { GroupEvent, RedemptionCommand, RedemptionEvent } from '@pointfold/groups';
import {
  GroupTransferRequest,
  ReversalCommand,
  ReversalEvent,
  TransferCommand,
  TransferEntityInput,
  TransferEvent,
  transfersEngine,
} from '@pointfold/transfers';

export const points = Points.points;
export const engine = transfersEngine;

/** A transfers, reversal or redemption command, type-checked against its own interface. */
export const cmd = (c: TransferCommand | ReversalCommand | RedemptionCommand): CommandBase => c;
/** Any event of the core, groups or transfers, type-checked against its codec's type. */
export const ev = (
  e: TransferEvent | ReversalEvent | GroupEvent | RedemptionEvent | OrgEvent | LedgerEvent | OneTimeCodeIssued | OneTimeCodeUsed | OneTimeCodeRejected,
): EventBase => e;

/** `testEpoch` plus some minutes. */
export const minutes = (n: number): Timestamp => (testEpoch + n * 60_000) as Timestamp;
/** `testEpoch` plus some days. */
export const days = (n: number): Timestamp => (testEpoch + n * 86_400_000) as Timestamp;

// The reference events of groups and customers are the groups package's test builders.
import { configured, created, customer, group, joined, statusChanged } from '../../groups/test/fixtures';

export { configured, created, customer, group, joined, statusChanged };

/** A `PointsAwarded` reference event (Main, program 765 unless said). */
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

/** Every group flag, skipping validation (for redemptions) and reversals allowed. */
export const allFlags: ConfigPatch = {
  ENABLE_USER_GROUP_LOYALTY: true,
  ENABLE_GROUP_PROGRAMS_REDEMPTION: true,
  ENABLE_FLEET_LOYALTY: true,
  ALLOW_SKIPPING_VALIDATION: true,
  ALLOW_POINTS_REDEMPTION_REVERSAL: true,
};

/** c6: known by a card number too (and a mobile). */
export const c6: CustomerRegistered = {
  type: 'CustomerRegistered',
  id: 'customer-c6',
  at: testEpoch,
  customerId: 'c6',
  identifiers: { mobile: '919000000099', cardnumber: 'CARD-0006' },
  firstName: 'Tom',
  lastName: 'Sawyer',
};

/** The mobile number the kit's world gives customer `c{n+1}` (c1: 919000000000). */
export const mobileOf = (customerId: string): string => `9190000${String(Number(customerId.slice(1)) - 1).padStart(5, '0')}`;

/**
 * The transfers world, at minutes 1 and 2:
 * - every flag on (`allFlags`);
 * - `g-fleet` (FLEET, external id `fleet-ext`): primary c1, c2 (may transfer), c3 (may not);
 * - `g-fam` (FRIENDS_AND_FAMILY, external id `fam-ext`): primary c4, c2 (default permissions);
 * - points in program 765, Main: c1 100 (`a-c1`), c2 50 (`a-c2`), g-fleet 500 (`a-fleet`), g-fam 300 (`a-fam`).
 */
export const transfersWorld: readonly EventBase[] = [
  ...worldEvents(smallWorld),
  c6,
  configured('cfg-1', minutes(1), allFlags),
  created('grp-1', minutes(1), 'g-fleet', 'FLEET', 'c1', 'fleet-ext'),
  joined('join-1', minutes(1), 'g-fleet', 'c2', { transfer: true }),
  joined('join-2', minutes(1), 'g-fleet', 'c3'),
  created('grp-2', minutes(1), 'g-fam', 'FRIENDS_AND_FAMILY', 'c4', 'fam-ext'),
  joined('join-3', minutes(1), 'g-fam', 'c2'),
  awarded('a-c1', minutes(2), customer('c1'), '100'),
  awarded('a-c2', minutes(2), customer('c2'), '50'),
  awarded('a-fleet', minutes(2), group('g-fleet'), '500'),
  awarded('a-fam', minutes(2), group('g-fam'), '300'),
];

/** The time of a `when` right after `transfersWorld` (the spec's default: a minute after the last event). */
export const tWhen = minutes(3);

/** An entity of a group transfer request. */
export const byId = (type: 'CUSTOMER' | 'USERGROUP2', id: string): TransferEntityInput => ({ type, identifierType: 'id', identifierValue: id });

/** A TransferGroupPoints command (program 765 unless `o` says otherwise). */
export const groupTransfer = (from: TransferEntityInput, to: TransferEntityInput, by: string, amount: unknown, o: Partial<GroupTransferRequest> & { readonly requestId?: string } = {}): CommandBase =>
  cmd({ type: 'TransferGroupPoints', points: amount, programId: 765, fromEntity: from, toEntity: to, transferredBy: { identifierType: 'id', identifierValue: by }, ...o });

/** The request of a customer-to-customer transfer by ids. */
export const c2c = (from: string, to: string, amount: unknown) => ({
  points: amount,
  programId: 765,
  fromCustomerIdentifier: { type: 'ID', value: from },
  toCustomerIdentifier: { type: 'ID', value: to },
});

/** A RedeemPoints command (validation skipped), from a customer's own wallet or, with `groupId`, a group's. */
export const redeem = (customerId: string, amount: string, o: { groupId?: string; transactionNumber?: string; programId?: number } = {}): CommandBase =>
  cmd({
    type: 'RedeemPoints',
    customer: { type: 'id', value: customerId },
    points: points(amount),
    skipValidation: true,
    ...(o.groupId === undefined ? {} : { group: { groupId: o.groupId } }),
    ...(o.transactionNumber === undefined ? {} : { transactionNumber: o.transactionNumber }),
    ...(o.programId === undefined ? {} : { programId: o.programId }),
  });

/** A ReverseRedemption command naming the customer by id. */
export const reverse = (redemptionId: string, customerId: string, amount?: unknown): CommandBase =>
  cmd({ type: 'ReverseRedemption', redemptionId, identifier: { type: 'id', value: customerId }, ...(amount === undefined ? {} : { pointsToBeReversed: amount }) });

/** A context whose OTP tokens are `code` and ids `${prefix}-n`. */
export const contextWithCode = (now: Timestamp, code: string, prefix = 'ctx'): CommandContext => {
  let n = 0;
  return { now, newId: () => `${prefix}-${++n}`, newToken: (kind) => (kind === 'otp' ? code : `${kind}-${prefix}`) };
};

/** Runs a command that must be accepted; the execution. */
export const run = (s: OrgState, c: CommandBase, ctx: CommandContext): Execution => {
  const r = engine.execute(s, c, ctx);
  if (E.isLeft(r)) throw new Error(`${c.type} refused: ${r.left.code} ${r.left.message}`);
  return r.right;
};

/** Runs a command that must be refused; the refusal's code and whether anything was appended. */
export const refusal = (s: OrgState, c: CommandBase, ctx: CommandContext = testClock('r').at(((s.lastAt ?? testEpoch) + 60_000) as Timestamp)): number => {
  const r = engine.execute(s, c, ctx);
  if (E.isRight(r)) throw new Error(`expected a refusal, got ${r.right.events.map((e) => e.type).join(', ')}`);
  return r.left.code;
};

/** The Main account of an entity in a program. */
export const main = (entity: EntityRef, programId = 765) => ({ entityType: entity.type, entityId: entity.id, programId, pointsCategory: 'Main' as const });

/** An entity's balance (Main, program 765 unless said) at a time. */
export const balance = (s: OrgState, entity: EntityRef, at: Timestamp, programId = 765): PointsAmount => balanceAt(s.ledger, main(entity, programId), at);

/** An entity's spendable points (Main, program 765 unless said) at a time. */
export const spendable = (s: OrgState, entity: EntityRef, at: Timestamp, programId = 765): PointsAmount => spendableAt(s.ledger, main(entity, programId), at);

/** A debit posting of a lot. */
export const out = (entity: EntityRef, lotId: string, amount: string, programId = 765): Posting => ({
  entityType: entity.type,
  entityId: entity.id,
  programId,
  pointsCategory: 'Main',
  lotId,
  points: points(`-${amount}`),
});

/** A credit posting creating (or refilling) a lot. */
export const into = (entity: EntityRef, lotId: string, amount: string, expiresAt?: Timestamp, programId = 765): Posting => ({
  entityType: entity.type,
  entityId: entity.id,
  programId,
  pointsCategory: 'Main',
  lotId,
  points: points(amount),
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

/** A posting of a system account. */
export const sys = (id: 'REDEEMED' | 'EXPIRED' | 'ISSUED', amount: string, programId = 765): Posting => ({
  entityType: 'SYSTEM',
  entityId: id,
  programId,
  pointsCategory: 'Main',
  points: points(amount),
});

/** The single event of a type among a command's events. */
export const only = <T extends EventBase>(events: readonly EventBase[], type: T['type']): T => {
  const found = events.filter((e) => e.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, got ${found.length} (${events.map((e) => e.type).join(', ')})`);
  return found[0] as T;
};
