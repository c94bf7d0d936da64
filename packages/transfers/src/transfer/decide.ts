/**
 * Where a transfer is decided. `planCustomerTransfer` (seed 004, customer to customer) and
 * `planGroupTransfer` (seed 003, any direction between customers and groups) run every check in the
 * order docs/decisions.md gives and plan the move; the commands then ask for the code (TransferPoints),
 * issue one (IsTransferrable with `issueOtp`), or stop there and append nothing. One plan for the check
 * and the act, so that they cannot disagree.
 */
import * as E from 'fp-ts/Either';
import {
  AccountRef,
  CommandContext,
  Customer,
  DomainError,
  OrgState,
  Points,
  PointsAmount,
  Posting,
  Program,
  Timestamp,
  assert,
  checkCode,
  provenBy,
  defineCommand,
  invalidCodeValidity,
  issueCode,
  planMove,
  programOf,
  resolveProgram,
  spendableAt,
} from '@pointfold/core';
import { activeMember } from '@pointfold/groups';
import {
  destinationIsFraud,
  insufficientPoints,
  invalidCode,
  invalidDestination,
  invalidGroupDetails,
  invalidProgram,
  invalidSource,
  invalidTransferPoints,
  moreThanAvailable,
  noTransferPermission,
  notMultipleOf,
  sameSourceAndDestination,
  sourceIsFraud,
} from '../errors';
import { transferCodeValidityMinutesDefault, transferMultipleOfPointsDefault } from '../limits';
import {
  CustomerTransferRequest,
  GroupTransferRequest,
  IsGroupTransferrable,
  IsTransferrable,
  TransferGroupPoints,
  TransferPoints,
} from './commands';
import { EntityName, Party, entityOf, isObject, readCustomerIdentifier, readEntity, readUser, resolveCustomer, resolveParty, shown } from './entities';
import { PointsTransferred } from './events';

/** Everything a transfer was decided on. */
export interface TransferPlan {
  readonly from: Party;
  readonly to: Party;
  /** The customer who transfers (group transfers); absent for a customer-to-customer transfer proven by a code. */
  readonly transferredBy?: Customer;
  readonly program: Program;
  readonly points: PointsAmount;
  /** The source's Main account in the program. */
  readonly account: AccountRef;
  /** Spendable points of that account at the decision's time. */
  readonly available: PointsAmount;
}

/**
 * `pointsTobeTransferred` as the request sent it: a decimal text or a JSON number (code that holds a
 * `Points` passes `Points.format(p)`). Missing, not a number, zero, negative or more than three
 * decimals (the core's 801 and 878) are all 422, as seed 003 answers.
 */
export const parseTransferPoints = (u: unknown): E.Either<DomainError, PointsAmount> => {
  const r = Points.parsePositivePoints(u);
  return E.isRight(r) ? r : E.left(invalidTransferPoints());
};

/** The program a request names: a positive integer (or its digits as text), or the default program when absent; else 885. */
export const resolveTransferProgram = (s: OrgState, u: unknown): E.Either<DomainError, Program> => {
  if (u === undefined || u === null) {
    const p = resolveProgram(s.org, undefined);
    return p === undefined ? E.left(invalidProgram('(no default program)')) : E.right(p);
  }
  const id = typeof u === 'number' ? u : typeof u === 'string' && /^\d{1,16}$/.test(u) ? Number(u) : Number.NaN;
  const p = Number.isSafeInteger(id) && id > 0 ? programOf(s.org, id) : undefined;
  return p === undefined ? E.left(invalidProgram(typeof u === 'string' || typeof u === 'number' ? String(u) : shown(u))) : E.right(p);
};

/** The unit in a message: `5`, `0.5` (no padding zeros). */
const unitText = (p: PointsAmount): string => Points.toBig(p).toString();

/** 807: not a multiple of `transfer.multipleOf`, or of one whole point when the organisation sets none. */
export const checkTransferUnit = (s: OrgState, points: PointsAmount): DomainError | undefined => {
  const unit = s.org.config.transfer.multipleOf ?? Points.points(transferMultipleOfPointsDefault);
  return Points.isMultipleOf(points, unit) ? undefined : notMultipleOf(unitText(unit));
};

const sameParty = (a: Party, b: Party): boolean => {
  const x = entityOf(a);
  const y = entityOf(b);
  return x.type === y.type && x.id === y.id;
};

/** 415 for the source customer (or the member transferring out of a group), then 414 for a destination customer, when the organisation checks fraud. */
const checkFraud = (s: OrgState, source: Customer | undefined, to: Party): DomainError | undefined => {
  if (!s.org.config.flags.CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER) return undefined;
  if (source !== undefined && source.status === 'FRAUD') return sourceIsFraud(source.customerId);
  if (to.type === 'CUSTOMER' && to.customer.status === 'FRAUD') return destinationIsFraud(to.customer.customerId);
  return undefined;
};

/** The balance checks (804: nothing spendable, 803: less than asked) and the plan. */
const withBalance = (
  s: OrgState,
  parts: Omit<TransferPlan, 'account' | 'available'>,
  now: Timestamp,
): E.Either<DomainError, TransferPlan> => {
  const source = entityOf(parts.from);
  const account: AccountRef = { entityType: source.type, entityId: source.id, programId: parts.program.programId, pointsCategory: 'Main' };
  const available = spendableAt(s.ledger, account, now);
  if (Points.isZero(available)) return E.left(insufficientPoints(Points.format(parts.points), Points.format(available)));
  if (Points.compare(parts.points, available) > 0) return E.left(moreThanAvailable(Points.format(parts.points), Points.format(available)));
  return E.right({ ...parts, account, available });
};

/**
 * Decides a customer-to-customer request (seed 004) at `now`: 422 (amount), 1206 / 434
 * (`fromCustomerIdentifier`), 1207 / 434 (`toCustomerIdentifier`), 885 (program), 807 (unit), 8015 / 419
 * (source, then destination), 418 (same customer), 415 / 414 (fraud, when checked), 804 / 803 (balance).
 * The code is not looked at here.
 */
export const planCustomerTransfer = (s: OrgState, req: CustomerTransferRequest, now: Timestamp): E.Either<DomainError, TransferPlan> => {
  const points = parseTransferPoints(req.points);
  if (E.isLeft(points)) return points;
  if (!isObject(req.fromCustomerIdentifier)) return E.left(invalidSource('fromCustomerIdentifier is missing'));
  const fromName = readCustomerIdentifier('fromCustomerIdentifier', req.fromCustomerIdentifier);
  if (E.isLeft(fromName)) return fromName;
  if (!isObject(req.toCustomerIdentifier)) return E.left(invalidDestination('toCustomerIdentifier is missing'));
  const toName = readCustomerIdentifier('toCustomerIdentifier', req.toCustomerIdentifier);
  if (E.isLeft(toName)) return toName;
  const program = resolveTransferProgram(s, req.programId);
  if (E.isLeft(program)) return program;
  const unit = checkTransferUnit(s, points.right);
  if (unit !== undefined) return E.left(unit);
  const from = resolveParty(s, 'fromCustomerIdentifier', fromName.right, invalidSource);
  if (E.isLeft(from)) return from;
  const to = resolveParty(s, 'toCustomerIdentifier', toName.right, invalidDestination);
  if (E.isLeft(to)) return to;
  if (sameParty(from.right, to.right)) return E.left(sameSourceAndDestination('CUSTOMER', entityOf(from.right).id));
  const source = from.right.type === 'CUSTOMER' ? from.right.customer : undefined;
  const fraud = checkFraud(s, source, to.right);
  if (fraud !== undefined) return E.left(fraud);
  return withBalance(s, { from: from.right, to: to.right, program: program.right, points: points.right }, now);
};

/** 830 unless `by` may move points out of `from`: the source customer itself, or an active member of the source group with the transfer permission (the primary user always has it). */
const checkPermission = (from: Party, by: Customer): DomainError | undefined => {
  if (from.type === 'CUSTOMER')
    return from.customer.customerId === by.customerId ? undefined : noTransferPermission(`user ${by.customerId} is not customer ${from.customer.customerId}`);
  const member = activeMember(from.group, by.customerId);
  if (member === undefined) return noTransferPermission(`user ${by.customerId} is not an active member of group ${from.group.groupId}`);
  if (!member.primary && !member.permissions.transfer)
    return noTransferPermission(`user ${by.customerId} may not transfer points from group ${from.group.groupId}`);
  return undefined;
};

/**
 * Decides a group transfer request (seed 003) at `now`: 422 (amount), 1206 / 1208 / 434 (`fromEntity`),
 * 1207 / 1208 / 434, or 1645 for a group's (`toEntity`), 830 / 434 (`transferredBy` missing /
 * unreadable), 885 (program), 807 (unit), 8015 / 419 / 1206 (source), 8015 / 419 / 1645 (destination),
 * 8015 / 419 (`transferredBy`), 418 (same entity), 830 (permission), 415 / 414 (fraud, when checked),
 * 804 / 803 (balance).
 */
export const planGroupTransfer = (s: OrgState, req: GroupTransferRequest, now: Timestamp): E.Either<DomainError, TransferPlan> => {
  const points = parseTransferPoints(req.points);
  if (E.isLeft(points)) return points;
  if (!isObject(req.fromEntity)) return E.left(invalidSource('fromEntity is missing'));
  const fromName = readEntity('fromEntity', req.fromEntity);
  if (E.isLeft(fromName)) return fromName;
  if (!isObject(req.toEntity)) return E.left(invalidDestination('toEntity is missing'));
  const toName = readEntity('toEntity', req.toEntity);
  if (E.isLeft(toName)) return toName;
  if (!isObject(req.transferredBy)) return E.left(noTransferPermission('transferredBy is missing'));
  const byName: E.Either<DomainError, EntityName> = readUser('transferredBy', req.transferredBy);
  if (E.isLeft(byName)) return byName;
  const program = resolveTransferProgram(s, req.programId);
  if (E.isLeft(program)) return program;
  const unit = checkTransferUnit(s, points.right);
  if (unit !== undefined) return E.left(unit);
  const from = resolveParty(s, 'fromEntity', fromName.right, invalidSource);
  if (E.isLeft(from)) return from;
  const to = resolveParty(s, 'toEntity', toName.right, invalidGroupDetails);
  if (E.isLeft(to)) return to;
  // readUser always reads a customer.
  assert(byName.right.type === 'CUSTOMER', 'transferredBy is read as a customer');
  const by = resolveCustomer(s, 'transferredBy', byName.right.identifierType, byName.right.identifierValue);
  if (E.isLeft(by)) return by;
  if (sameParty(from.right, to.right)) {
    const e = entityOf(from.right);
    return E.left(sameSourceAndDestination(e.type, e.id));
  }
  const denied = checkPermission(from.right, by.right);
  if (denied !== undefined) return E.left(denied);
  const fraud = checkFraud(s, from.right.type === 'CUSTOMER' ? from.right.customer : by.right, to.right);
  if (fraud !== undefined) return E.left(fraud);
  return withBalance(s, { from: from.right, to: to.right, transferredBy: by.right, program: program.right, points: points.right }, now);
};

/** The event of a planned transfer: the source's lots (earliest expiry first) become new lots at the receiver with the same expiry. */
const transferEvent = (s: OrgState, plan: TransferPlan, notes: string | undefined, ctx: CommandContext): PointsTransferred => {
  const id = ctx.newId();
  const to = entityOf(plan.to);
  const into: AccountRef = { entityType: to.type, entityId: to.id, programId: plan.program.programId, pointsCategory: 'Main' };
  const moved = planMove(s.ledger, plan.account, into, plan.points, ctx.now, id);
  // The plan counted the same spendable lots: a shortfall here is a bug, not a refusal.
  assert(E.isRight(moved), () => `planMove refused ${Points.format(plan.points)} of ${Points.format(plan.available)} spendable`);
  const postings: readonly Posting[] = moved.right;
  return {
    type: 'PointsTransferred',
    id,
    at: ctx.now,
    transferId: ctx.newId(),
    from: entityOf(plan.from),
    to,
    ...(plan.transferredBy === undefined ? {} : { transferredBy: plan.transferredBy.customerId }),
    programId: plan.program.programId,
    points: plan.points,
    postings,
    ...(notes === undefined ? {} : { notes }),
  };
};

/** The source of a customer-to-customer plan (always a customer: the request names it by a customer identifier). */
const sourceCustomer = (plan: TransferPlan): Customer => {
  assert(plan.from.type === 'CUSTOMER', 'a customer-to-customer transfer comes from a customer');
  return plan.from.customer;
};

/** Decides IsTransferrable: nothing, or the source's transfer code when `issueOtp` asks; or the refusal. */
export const isTransferrableCommand = defineCommand<IsTransferrable>({
  type: 'IsTransferrable',
  decide: (s, c, ctx) => {
    const plan = planCustomerTransfer(s, c, ctx.now);
    if (E.isLeft(plan) || c.issueOtp !== true) return E.map(() => [])(plan);
    const validity = c.otpValidityMinutes ?? transferCodeValidityMinutesDefault;
    const invalid = invalidCodeValidity(validity);
    if (invalid !== undefined) return E.left(invalid);
    return E.right([issueCode(sourceCustomer(plan.right).customerId, 'TRANSFER', ctx, validity).event]);
  },
});

/** Decides TransferPoints: the code's use and `PointsTransferred`, only the counted try of a wrong code (808), or the refusal. */
export const transferPointsCommand = defineCommand<TransferPoints>({
  type: 'TransferPoints',
  decide: (s, c, ctx) => {
    const planned = planCustomerTransfer(s, c, ctx.now);
    if (E.isLeft(planned)) return planned;
    const plan = planned.right;
    const source = sourceCustomer(plan);
    if (c.code === undefined || c.code === '') return E.left(invalidCode('a transfer code is required'));
    return provenBy(checkCode(s, source.customerId, 'TRANSFER', c.code, ctx), () => [transferEvent(s, plan, c.notes, ctx)]);
  },
});

/** Decides IsGroupTransferrable: nothing, or the refusal. */
export const isGroupTransferrableCommand = defineCommand<IsGroupTransferrable>({
  type: 'IsGroupTransferrable',
  decide: (s, c, ctx) => E.map(() => [])(planGroupTransfer(s, c, ctx.now)),
});

/** Decides TransferGroupPoints: one `PointsTransferred`, or the refusal. */
export const transferGroupPointsCommand = defineCommand<TransferGroupPoints>({
  type: 'TransferGroupPoints',
  decide: (s, c, ctx) => E.map((plan: TransferPlan) => [transferEvent(s, plan, c.notes, ctx)])(planGroupTransfer(s, c, ctx.now)),
});
