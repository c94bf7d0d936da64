/**
 * Where a redemption is decided. `planRedemption` runs every check of seed 001 in its order (customer,
 * enrolment, fraud, program, wallet policy, limits, balance) and plans the debit; RedeemPoints then
 * asks for the validation code, IsRedeemable stops there and appends nothing. One function for both,
 * so that they cannot disagree.
 */
import Big from 'big.js';
import * as E from 'fp-ts/Either';
import {
  AccountRef,
  CommandContext,
  Customer,
  DomainError,
  Engine,
  EntityRef,
  OrgState,
  Points,
  PointsAmount,
  Posting,
  Program,
  Timestamp,
  accepted,
  assert,
  checkCode,
  provenBy,
  defineCommand,
  findCustomer,
  invalidCodeValidity,
  issueCode,
  planDebit,
  resolveProgram,
  spendableAt,
} from '@pointfold/core';
import {
  aboveMaximum,
  belowMinimum,
  customerNotFoundOrMerged,
  fraudCustomer,
  insufficientPoints,
  invalidCode,
  invalidPoints,
  invalidProgram,
  moreThanAvailable,
  notEnrolled,
  notMultipleOf,
} from '../errors';
import { redeemedValueDecimalPlaces } from '../limits';
import { hasGroupIdentifiers, resolveGroup } from '../groups/queries';
import { CustomerIdentifier, IsRedeemable, IssueRedemptionCode, RedeemPoints, RedemptionRequest } from './commands';
import { PointsRedeemed } from './events';
import { WalletChoice, redemptionPolicy } from './policy';

/** Everything a redemption was decided on, and the debit it will post. */
export interface RedemptionPlan {
  readonly customer: Customer;
  readonly program: Program;
  readonly choice: WalletChoice;
  /** The wallet's redeemable account in the program. */
  readonly account: AccountRef;
  /** Spendable points of that account at the decision's time. */
  readonly available: PointsAmount;
  /** The debit: the lots taken (earliest expiry first) and REDEEMED. */
  readonly postings: readonly Posting[];
  /** False only when the request skips validation and the organisation allows it. */
  readonly codeRequired: boolean;
}

/**
 * The customer an identifier names: 816 when none does, and 816 naming the surviving customer when
 * the one named was merged into another. Every further identifier given must name that customer too,
 * else 816 naming the first that does not (decision 118).
 */
export const findInitiator = (s: OrgState, id: CustomerIdentifier, alsoIdentifiedBy: readonly CustomerIdentifier[] = []): E.Either<DomainError, Customer> => {
  const c = findCustomer(s.org, id.type, id.value);
  if (c === undefined) return E.left(customerNotFoundOrMerged(`${id.type} ${id.value}`));
  if (c.status === 'MERGED') return E.left(customerNotFoundOrMerged(`customer ${c.customerId}`, c.mergedInto));
  const other = alsoIdentifiedBy.find((o) => findCustomer(s.org, o.type, o.value)?.customerId !== c.customerId);
  if (other !== undefined) return E.left(customerNotFoundOrMerged(`${other.type} ${other.value} does not name customer ${c.customerId}, whom ${id.type} ${id.value} names`));
  return E.right(c);
};

/** The unit in a message: `5`, `0.5` (no padding zeros). */
const unitText = (p: PointsAmount): string => Points.toBig(p).toString();

const checkLimits = (s: OrgState, points: PointsAmount): DomainError | undefined => {
  const { minPoints, maxPoints, multipleOf } = s.org.config.redemption;
  if (minPoints !== undefined && Points.compare(points, minPoints) < 0) return belowMinimum(Points.format(points), Points.format(minPoints));
  if (maxPoints !== undefined && Points.compare(points, maxPoints) > 0) return aboveMaximum(Points.format(points), Points.format(maxPoints));
  if (multipleOf !== undefined && !Points.isMultipleOf(points, multipleOf)) return notMultipleOf(unitText(multipleOf));
  return undefined;
};

/**
 * Decides a redemption request at `now`, in seed 001's order: 801 (amount not positive), 816 (no such
 * customer, or merged), 881 (not enrolled), 809 (fraud), 885 (program), the wallet policy (1632 for
 * the group identifiers, then 3316, 828, 1620, 830), 821 / 819 / 807 (limits), 804 (no redeemable
 * points at all) and 803 (more than available). The validation code is not looked at here.
 */
export const planRedemption = (s: OrgState, req: RedemptionRequest, now: Timestamp): E.Either<DomainError, RedemptionPlan> => {
  if (!Points.isPositive(req.points)) return E.left(invalidPoints(`${Points.format(req.points)} is not positive`));
  const found = findInitiator(s, req.customer, req.alsoIdentifiedBy);
  if (E.isLeft(found)) return found;
  const customer = found.right;
  if (!customer.loyaltyEnrolled) return E.left(notEnrolled(customer.customerId));
  if (customer.status === 'FRAUD') return E.left(fraudCustomer(customer.customerId));
  const program = resolveProgram(s.org, req.programId);
  if (program === undefined) return E.left(invalidProgram(req.programId === undefined ? '(no default program)' : String(req.programId)));
  let choice: E.Either<DomainError, WalletChoice>;
  if (hasGroupIdentifiers(req.group)) {
    const group = resolveGroup(s, req.group ?? {});
    if (E.isLeft(group)) return group;
    choice = redemptionPolicy(s, { initiator: customer, group: group.right, programId: program.programId });
  } else {
    choice = redemptionPolicy(s, { initiator: customer, programId: program.programId });
  }
  if (E.isLeft(choice)) return choice;
  const limit = checkLimits(s, req.points);
  if (limit !== undefined) return E.left(limit);
  const wallet = choice.right.wallet;
  const account: AccountRef = { entityType: wallet.type, entityId: wallet.id, programId: program.programId, pointsCategory: 'Main' };
  const available = spendableAt(s.ledger, account, now);
  if (Points.isZero(available)) return E.left(insufficientPoints(Points.format(req.points), Points.format(available)));
  if (Points.compare(req.points, available) > 0) return E.left(moreThanAvailable(Points.format(req.points), Points.format(available)));
  const debit = planDebit(s.ledger, account, req.points, now);
  // spendableAt and planDebit count the same lots: a shortfall here is a bug, not a refusal.
  assert(E.isRight(debit), () => `planDebit refused ${Points.format(req.points)} of ${Points.format(available)} spendable`);
  const codeRequired = !(req.skipValidation === true && s.org.config.flags.ALLOW_SKIPPING_VALIDATION);
  return E.right({ customer, program, choice: choice.right, account, available, postings: debit.right, codeRequired });
};

/**
 * The currency value of redeemed points: points x `redemption.currencyPerPoint`, rounded HALF_UP to
 * three decimals (big.js). Undefined when the organisation configured no value.
 * @example redeemedValueOf(state, Points.points('10')) // '2.500' at 0.25 a point
 */
export const redeemedValueOf = (s: OrgState, points: PointsAmount): string | undefined => {
  const rate = s.org.config.redemption.currencyPerPoint;
  if (rate === undefined) return undefined;
  return Points.toBig(points).times(new Big(rate)).round(redeemedValueDecimalPlaces, Big.roundHalfUp).toFixed(redeemedValueDecimalPlaces);
};

const redemptionEvent = (s: OrgState, plan: RedemptionPlan, c: RedeemPoints, ctx: CommandContext): PointsRedeemed => {
  const wallet: EntityRef = plan.choice.wallet;
  const value = redeemedValueOf(s, c.points);
  return {
    type: 'PointsRedeemed',
    id: ctx.newId(),
    at: ctx.now,
    redemptionId: ctx.newId(),
    customerId: plan.customer.customerId,
    wallet: { type: wallet.type, id: wallet.id },
    groupRedemption: plan.choice.kind === 'GROUP',
    programId: plan.program.programId,
    points: c.points,
    postings: plan.postings,
    ...(c.transactionNumber === undefined ? {} : { transactionNumber: c.transactionNumber }),
    ...(c.notes === undefined ? {} : { notes: c.notes }),
    ...(c.customFields === undefined ? {} : { customFields: c.customFields }),
    ...(c.purpose === undefined ? {} : { purpose: c.purpose }),
    ...(c.till === undefined ? {} : { till: c.till }),
    ...(value === undefined ? {} : { redeemedValue: value }),
  };
};

/**
 * A request's identity for its request id, without `alsoIdentifiedBy`: those identifiers only confirm
 * the customer the first names, so a request recorded before they were read stays the same request.
 */
const withoutConfirmations = <C extends { readonly alsoIdentifiedBy?: readonly CustomerIdentifier[] }>({ alsoIdentifiedBy: _confirming, ...rest }: C): Omit<C, 'alsoIdentifiedBy'> =>
  rest;

export const isRedeemableCommand = defineCommand<IsRedeemable>({
  type: 'IsRedeemable',
  decide: (s, c, ctx) => E.map(() => [])(planRedemption(s, c, ctx.now)),
  identity: withoutConfirmations,
});

export const redeemPoints = defineCommand<RedeemPoints>({
  type: 'RedeemPoints',
  decide: (s, c, ctx) => {
    const planned = planRedemption(s, c, ctx.now);
    if (E.isLeft(planned)) return planned;
    const plan = planned.right;
    if (!plan.codeRequired) return E.right([redemptionEvent(s, plan, c, ctx)]);
    if (c.validationCode === undefined) return E.left(invalidCode('a validation code is required'));
    return provenBy(checkCode(s, plan.customer.customerId, 'REDEMPTION', c.validationCode, ctx), () => [redemptionEvent(s, plan, c, ctx)]);
  },
  identity: withoutConfirmations,
});

export const issueRedemptionCode = defineCommand<IssueRedemptionCode>({
  type: 'IssueRedemptionCode',
  decide: (s, c, ctx) => {
    const found = findInitiator(s, c.customer, c.alsoIdentifiedBy);
    if (E.isLeft(found)) return found;
    const invalid = c.validityMinutes === undefined ? undefined : invalidCodeValidity(c.validityMinutes);
    if (invalid !== undefined) return E.left(invalid);
    return E.right([issueCode(found.right.customerId, 'REDEMPTION', ctx, c.validityMinutes).event]);
  },
  identity: withoutConfirmations,
});

/** What IsRedeemable answers when the points can be redeemed. */
export interface RedeemableAnswer {
  readonly points: PointsAmount;
  /** The wallet the points would come from. */
  readonly wallet: EntityRef;
  /** Its spendable Main points in the program now (before the redemption). */
  readonly balance: PointsAmount;
}

/**
 * Whether a redemption could happen now, and from which wallet: the engine decides `IsRedeemable`
 * (expiries due first, time checks, the same `planRedemption` as RedeemPoints) and nothing is appended.
 * The validation code is not checked (docs/decisions.md: a check that appends nothing cannot count tries).
 * @example isRedeemable(groupsEngine, state, { customer: { type: 'mobile', value: '9190000' }, points }, ctx)
 */
export const isRedeemable = (
  engine: Engine,
  state: OrgState,
  request: RedemptionRequest,
  ctx: CommandContext,
): E.Either<DomainError, RedeemableAnswer> => {
  const command: IsRedeemable = { ...request, type: 'IsRedeemable' };
  // A refusal recorded under a request id (or answered from the record of an earlier one) is a refusal too.
  const verdict = accepted(engine.execute(state, command, ctx));
  if (E.isLeft(verdict)) return verdict;
  const plan = planRedemption(state, command, ctx.now);
  assert(E.isRight(plan), () => `IsRedeemable was accepted by the engine but refused by its plan: ${E.isLeft(plan) ? plan.left.message : ''}`);
  return E.right({ points: command.points, wallet: plan.right.choice.wallet, balance: plan.right.available });
};
