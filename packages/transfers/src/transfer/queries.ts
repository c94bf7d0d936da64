/**
 * Questions about transfers, answered from folded state: a transfer by id, the transfer an event (or a
 * retried request's event ids) recorded, the transfer history of a customer or a group in seed 004's
 * shape (Get Points Transfer Details), and what the check and transfer endpoints answer.
 */
import * as E from 'fp-ts/Either';
import {
  AccountRef,
  CommandContext,
  Customer,
  DomainError,
  Engine,
  EntityRef,
  Execution,
  OneTimeCodeIssued,
  OrgState,
  Points,
  PointsAmount,
  Timestamp,
  accepted,
  assert,
  balanceAfterEvent,
  entityKey,
  eventIdsOf,
  formatSeedDateTime,
  formatTimestamp,
  getSlice,
  invalidProgram,
  programOf,
} from '@pointfold/core';
import { Group, groupOf, groupsOfUser } from '@pointfold/groups';
import { invalidEntityType, invalidGroupIdentifier } from '../errors';
import { GroupTransferRequest, IsGroupTransferrable, IsTransferrable } from './commands';
import { Party, entityOf, isObject, readCustomerIdentifier, readName, resolveParty } from './entities';
import { Transfer, transfersSlice } from './state';
import { parseTransferPoints, planGroupTransfer } from './decide';

/** A transfer by its id, if any. */
export const transferOf = (s: OrgState, transferId: string): Transfer | undefined => getSlice(s, transfersSlice).byId.get(transferId);

/**
 * The transfer recorded by the first of these event ids that recorded one: the events a command just
 * appended, or a retried request's `replayed.eventIds`.
 */
export const transferOfEvents = (s: OrgState, eventIds: readonly string[]): Transfer | undefined => {
  const index = getSlice(s, transfersSlice).byEvent;
  for (const id of eventIds) {
    const transferId = index.get(id);
    if (transferId !== undefined) return transferOf(s, transferId);
  }
  return undefined;
};

/** A customer as a history row shows one (`transferredFrom`, `transferredTo`). */
export interface CustomerSummary {
  readonly userId: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** A group member as a history row shows one. */
export interface FleetGroupUser {
  readonly userId: string;
  readonly groupId: string;
  /** The group is the first of the user's active groups (the one a request without a group means). */
  readonly defaultGroup: boolean;
  readonly active: boolean;
  readonly primaryMember: boolean;
}

/** A group as a history row shows one (`transferredFromUserGroup2`, `transferredToUserGroup2`), as it is now. */
export interface GroupSummary {
  readonly id: string;
  readonly groupStatus: string;
  readonly fleetGroupUsers: readonly FleetGroupUser[];
  /** ISO-8601 UTC. */
  readonly createdOn: string;
}

/** One line of `pointsTransferBreakupByEarningPrograms`. */
export interface ProgramBreakup {
  readonly programId: number;
  /** The points the transfer took from the program (3-decimal text). */
  readonly deductedPoints: string;
  /** The Main points of the row's entity in the program right after the transfer (3-decimal text). */
  readonly programCurrentPoints: string;
}

/** DEDUCTION: the row's entity gave the points; ADDITION: it received them. */
export type TransferType = 'DEDUCTION' | 'ADDITION';

/** One row of the transfer history (seed 004's samples), amounts as 3-decimal texts. */
export interface TransferRow {
  readonly toEntityId: string;
  readonly toEntityType: EntityRef['type'];
  readonly fromEntityId: string;
  readonly fromEntityType: EntityRef['type'];
  /** `YYYY-MM-DD HH:MM:SS`, UTC. */
  readonly pointsTransferDate: string;
  readonly pointsTransferred: string;
  readonly transferId: string;
  readonly transferType: TransferType;
  readonly transferredFrom?: CustomerSummary;
  readonly transferredTo?: CustomerSummary;
  readonly transferredFromUserGroup2?: GroupSummary;
  readonly transferredToUserGroup2?: GroupSummary;
  /** The customer who transferred (group transfers). */
  readonly transferredBy?: string;
  readonly notes?: string;
  readonly programId: number;
  readonly programName: string;
  readonly pointsTransferBreakupByEarningPrograms: readonly ProgramBreakup[];
}

/** A customer's summary (empty names when none were registered, as the seed's sample shows). */
export const customerSummary = (c: Customer | undefined, id: string): CustomerSummary => ({
  userId: id,
  firstName: c?.firstName ?? '',
  lastName: c?.lastName ?? '',
});

/** A group's summary, with every member it ever had (`active` says who still is). */
export const groupSummary = (s: OrgState, g: Group): GroupSummary => ({
  id: g.groupId,
  groupStatus: g.status,
  fleetGroupUsers: g.members.map((m) => ({
    userId: m.userId,
    groupId: g.groupId,
    defaultGroup: m.active && groupsOfUser(s, m.userId)[0]?.groupId === g.groupId,
    active: m.active,
    primaryMember: m.primary,
  })),
  createdOn: formatTimestamp(g.createdAt),
});

/** The Main balance of an entity in a program right after a transfer's event (`balanceAfterEvent`). */
const balanceAfter = (s: OrgState, entity: EntityRef, programId: number, eventId: string, at: Timestamp): PointsAmount => {
  const ref: AccountRef = { entityType: entity.type, entityId: entity.id, programId, pointsCategory: 'Main' };
  const balance = balanceAfterEvent(s.ledger, ref, eventId, at);
  assert(balance !== undefined, () => `transfer ${eventId} has no line in the Main account of ${entity.type} ${entity.id}`);
  return balance;
};

/** The fields that show one side of a transfer: a customer's summary, or a group's. */
const sideOf = (s: OrgState, r: EntityRef, side: 'From' | 'To'): Partial<TransferRow> => {
  if (r.type === 'CUSTOMER') {
    const c = customerSummary(s.org.customers.get(r.id), r.id);
    return side === 'From' ? { transferredFrom: c } : { transferredTo: c };
  }
  const g = groupOf(s, r.id);
  if (g === undefined) return {};
  const summary = groupSummary(s, g);
  return side === 'From' ? { transferredFromUserGroup2: summary } : { transferredToUserGroup2: summary };
};

/**
 * A transfer as a history row seen from one of its sides: DEDUCTION for the source, ADDITION for the
 * receiver. The breakup's `programCurrentPoints` is that side's Main balance right after the transfer.
 */
export const transferRow = (s: OrgState, t: Transfer, side: TransferType): TransferRow => {
  const entity = side === 'DEDUCTION' ? t.from : t.to;
  return {
    toEntityId: t.to.id,
    toEntityType: t.to.type,
    fromEntityId: t.from.id,
    fromEntityType: t.from.type,
    pointsTransferDate: formatSeedDateTime(t.at),
    pointsTransferred: Points.format(t.points),
    transferId: t.transferId,
    transferType: side,
    ...sideOf(s, t.from, 'From'),
    ...sideOf(s, t.to, 'To'),
    ...(t.transferredBy === undefined ? {} : { transferredBy: t.transferredBy }),
    ...(t.notes === undefined ? {} : { notes: t.notes }),
    programId: t.programId,
    programName: programOf(s.org, t.programId)?.name ?? '',
    pointsTransferBreakupByEarningPrograms: [
      { programId: t.programId, deductedPoints: Points.format(t.points), programCurrentPoints: Points.format(balanceAfter(s, entity, t.programId, t.eventId, t.at)) },
    ],
  };
};

/**
 * The transfer history of a customer or a group, newest first: a DEDUCTION row for each transfer it
 * gave, an ADDITION row for each it received; only one program's when `programId` is given.
 * @example transferHistory(state, { type: 'USERGROUP2', id: '2626' }, { programId: 765 })
 */
export const transferHistory = (s: OrgState, entity: EntityRef, options: { readonly programId?: number } = {}): readonly TransferRow[] => {
  const st = getSlice(s, transfersSlice);
  const ids = st.byEntity.get(entityKey(entity.type, entity.id))?.toArray() ?? [];
  const rows: TransferRow[] = [];
  for (let i = ids.length - 1; i >= 0; i--) {
    const t = transferOf(s, ids[i] as string);
    assert(t !== undefined, () => `transfer index names missing transfer ${ids[i] ?? ''}`);
    if (options.programId !== undefined && t.programId !== options.programId) continue;
    rows.push(transferRow(s, t, t.from.type === entity.type && t.from.id === entity.id ? 'DEDUCTION' : 'ADDITION'));
  }
  return rows;
};

/** Seed 004's GET /v2/points/transfer query: the entity by `identifierName` / `identifierValue`. */
export interface TransferHistoryQuery {
  /** CUSTOMER (default) or USERGROUP2; anything else 1208. */
  readonly userEntityType?: unknown;
  /** As a transfer's `identifierType` for that entity type (434 otherwise). */
  readonly identifierName?: unknown;
  readonly identifierValue?: unknown;
  readonly programId?: number;
}

/**
 * The transfer history of the entity a query names: 1208 (type), 434 (identifier), 8015 / 419
 * (customer), 1632 (group), 885 (a program the organisation never defined), or the rows of `transferHistory`.
 */
export const findTransferHistory = (s: OrgState, q: TransferHistoryQuery): E.Either<DomainError, readonly TransferRow[]> => {
  const type = q.userEntityType ?? 'CUSTOMER';
  if (type !== 'CUSTOMER' && type !== 'USERGROUP2') return E.left(invalidEntityType('userEntityType'));
  const read = readName(type, q.identifierName, q.identifierValue, 'identifierName', 'identifierValue');
  if (E.isLeft(read)) return read;
  const party = resolveParty(s, 'query', read.right, () => invalidGroupIdentifier(read.right.identifierValue));
  if (E.isLeft(party)) return party;
  // A program the organisation never defined is 885, as on the ledger endpoints (decision 119), not an empty history.
  if (q.programId !== undefined && programOf(s.org, q.programId) === undefined) return E.left(invalidProgram(String(q.programId)));
  return E.right(transferHistory(s, entityOf(party.right), q.programId === undefined ? {} : { programId: q.programId }));
};

/**
 * What a transfer command answers (seed 004's `data: [row]`): the DEDUCTION row of its transfer, from
 * the events it appended or, for a retried request, from `replayed.eventIds`; its refusal otherwise
 * (including the 808 of a wrong code, whose try was appended).
 * @example transferOutcome(engine.execute(state, transfer, ctx))
 */
export const transferOutcome = (result: E.Either<DomainError, Execution>): E.Either<DomainError, TransferRow> => {
  const verdict = accepted(result);
  if (E.isLeft(verdict)) return verdict;
  const x = verdict.right;
  const ids = eventIdsOf(x);
  const t = transferOfEvents(x.state, ids);
  assert(t !== undefined, () => `an accepted transfer recorded no transfer (events ${ids.join(', ')})`);
  return E.right(transferRow(x.state, t, 'DEDUCTION'));
};

/** What IsTransferrable answers when the points can move (seed 004's `data[0]`). */
export interface TransferrableAnswer {
  readonly pointsTobeTransferred: string;
  readonly transferFrom: CustomerSummary;
  readonly transferTo: CustomerSummary;
  readonly transferrable: true;
  /** The code issued to the source customer (`issueOtp`): its id and expiry (the clear code went to the context's `newToken('otp')`). */
  readonly codeIssued?: { readonly codeId: string; readonly expiresAt: string };
}

const summaryOf = (p: Party): CustomerSummary =>
  p.type === 'CUSTOMER' ? customerSummary(p.customer, p.customer.customerId) : { userId: p.group.groupId, firstName: '', lastName: '' };

/** The customer a seed 004 identifier names now, if any (no other check: the engine decided). */
const namedCustomer = (s: OrgState, field: string, input: unknown): CustomerSummary => {
  if (!isObject(input)) return customerSummary(undefined, '');
  const name = readCustomerIdentifier(field, input);
  if (E.isLeft(name)) return customerSummary(undefined, '');
  const party = resolveParty(s, field, name.right, invalidGroupIdentifier);
  return E.isRight(party) ? summaryOf(party.right) : customerSummary(undefined, '');
};

/**
 * Whether points can move from one customer to another now, and the code issued if asked: the engine
 * decides `IsTransferrable` (expiries due first, the same plan as TransferPoints). Append
 * `execution.events` (the issued code, if any) before answering. A retried request (same request id)
 * answers from the first outcome: its refusal, or yes with the customers as they are now (the code it
 * issued then was sent then, and is not issued again).
 * @example isTransferrable(transfersEngine, state, { fromCustomerIdentifier, toCustomerIdentifier, points: '10', issueOtp: true }, ctx)
 */
export const isTransferrable = (
  engine: Engine,
  state: OrgState,
  request: Omit<IsTransferrable, 'type'>,
  ctx: CommandContext,
): E.Either<DomainError, { readonly answer: TransferrableAnswer; readonly execution: Execution }> => {
  const command: IsTransferrable = { ...request, type: 'IsTransferrable' };
  const verdict = accepted(engine.execute(state, command, ctx));
  if (E.isLeft(verdict)) return verdict;
  const x = verdict.right;
  const points = parseTransferPoints(command.points);
  const issued = x.events.find((e): e is OneTimeCodeIssued => e.type === 'OneTimeCodeIssued');
  return E.right({
    answer: {
      pointsTobeTransferred: Points.format(E.isRight(points) ? points.right : Points.zero),
      transferFrom: namedCustomer(x.state, 'fromCustomerIdentifier', command.fromCustomerIdentifier),
      transferTo: namedCustomer(x.state, 'toCustomerIdentifier', command.toCustomerIdentifier),
      transferrable: true,
      ...(issued === undefined ? {} : { codeIssued: { codeId: issued.codeId, expiresAt: formatTimestamp(issued.expiresAt) } }),
    },
    execution: x,
  });
};

/** What IsGroupTransferrable answers (seed 003's `data[0]`). */
export interface GroupTransferrableAnswer {
  readonly pointsTobeTransferred: string;
  readonly transferrable: true;
  /** The source's spendable Main points in the program now (before any transfer). */
  readonly balance: string;
}

/**
 * Whether points can move between these entities now: the engine decides `IsGroupTransferrable`
 * (expiries due first, the same plan as TransferGroupPoints); nothing is appended.
 */
export const isGroupTransferrable = (
  engine: Engine,
  state: OrgState,
  request: GroupTransferRequest,
  ctx: CommandContext,
): E.Either<DomainError, GroupTransferrableAnswer> => {
  const command: IsGroupTransferrable = { ...request, type: 'IsGroupTransferrable' };
  // A refusal recorded under a request id (or answered from the record of an earlier one) is a refusal too.
  const verdict = accepted(engine.execute(state, command, ctx));
  if (E.isLeft(verdict)) return verdict;
  const plan = planGroupTransfer(state, command, ctx.now);
  assert(E.isRight(plan), () => `IsGroupTransferrable was accepted by the engine but refused by its plan: ${E.isLeft(plan) ? plan.left.message : ''}`);
  return E.right({ pointsTobeTransferred: Points.format(plan.right.points), transferrable: true, balance: Points.format(plan.right.available) });
};
