/**
 * Where a reward issue is decided. `planRewardIssue` runs every check of seeds 002 and 000 in order
 * and plans the debit, without the vendor; `IssueReward` runs the same plan and then takes the vendor's
 * answer as its last input, so one atomic decision debits points only for a reward really issued.
 * The points part is the groups package's redemption (`planRedemption`): its refusals become 8004.
 */
import * as E from 'fp-ts/Either';
import {
  CommandContext,
  Customer,
  CustomerIdentifierType,
  DomainError,
  OrgState,
  PointsAmount,
  Posting,
  Program,
  Timestamp,
  defineCommand,
  describeErrors,
  domainError,
  findCustomer,
  invalidCode,
  invalidPoints,
  limits,
} from '@pointfold/core';
import { GroupIdentifiers, WalletChoice, invalidGroupIdentifier, planRedemption } from '@pointfold/groups';
import { paymentConfigOf, rewardActiveAt, rewardOf, rewardsOfBrand } from '../catalogue/queries';
import { Reward } from '../catalogue/state';
import { holdsRewardCard, inRewardSegments } from '../customers/queries';
import {
  RewardIssueRefusal,
  badRequest,
  brandNotFound,
  constraintReached,
  customerNotFoundOrMerged,
  invalidPaymentMode,
  invalidReference,
  noValidCard,
  notInRewardSegment,
  onlySecondaryIdentifiers,
  pointsNotRedeemable,
  rewardNotIssuable,
} from '../errors';
import { eventDateTimeAheadHoursMax } from '../limits';
import { IssueReward, RewardIssueRequest } from './commands';
import { RewardIssueRefused, RewardIssued } from './events';
import { IssuedPaymentConfig, exactPrice, issuedConfigOf, parseQuantity, parseRedemptionValue, priceFits, priceOf } from './price';
import { issuesReceivedSince } from './queries';

/** Everything a reward issue was decided on, and the debit it will post. */
export interface RewardIssuePlan {
  readonly reward: Reward;
  /** The receiver. */
  readonly customer: Customer;
  readonly program: Program;
  readonly paymentConfig: IssuedPaymentConfig;
  readonly quantity: number;
  /** The price. */
  readonly points: PointsAmount;
  /** The paying wallet: the receiver's own, or a group's (the receiver is then the initiating member). */
  readonly choice: WalletChoice;
  /** The debit: the wallet's Main lots (earliest expiry first) into REDEEMED. */
  readonly postings: readonly Posting[];
  /** The time the reward's dates were judged at: the request's `eventDateTime`, or now. */
  readonly eventTime: Timestamp;
  /** A VENDOR reward: ask the vendor, then execute `IssueReward` with its answer. */
  readonly needsVendor: boolean;
}

const identifierFields = ['mobile', 'email', 'externalId'] as const satisfies readonly CustomerIdentifierType[];

/**
 * The receiver a request names. Every identifier given must name the same customer (816 naming the
 * one that does not); a merged customer is 816 naming the survivor. With the organisation's
 * `rewards.primaryIdentifier`, a request without it is 8004 (seed 002's last row).
 */
export const findRewardCustomer = (s: OrgState, r: RewardIssueRequest): E.Either<RewardIssueRefusal, Customer> => {
  const given = identifierFields.flatMap((type) => {
    const value = r[type];
    return value === undefined ? [] : [{ type, value }];
  });
  const primary = s.org.config.rewards.primaryIdentifier;
  const [first, ...others] = given;
  if (first === undefined) return E.left(customerNotFoundOrMerged('no mobile, email or externalId was given'));
  if (primary !== undefined && !given.some((g) => g.type === primary)) return E.left(pointsNotRedeemable(onlySecondaryIdentifiers()));
  const found = findCustomer(s.org, first.type, first.value);
  if (found === undefined) return E.left(customerNotFoundOrMerged(`${first.type} ${first.value}`));
  for (const { type, value } of others) {
    const c = findCustomer(s.org, type, value);
    if (c === undefined) return E.left(customerNotFoundOrMerged(`${type} ${value}`));
    if (c.customerId !== found.customerId) return E.left(customerNotFoundOrMerged(`${type} ${value} names customer ${c.customerId}, not customer ${found.customerId}`));
  }
  if (found.status === 'MERGED') return E.left(customerNotFoundOrMerged(`customer ${found.customerId}`, found.mergedInto));
  return E.right(found);
};

const oneOfTwo = (what: string, a: string | undefined, b: string | undefined): E.Either<DomainError, string | undefined> =>
  a !== undefined && b !== undefined && a !== b ? E.left(invalidGroupIdentifier(b, `${what} was given twice, as ${a} and as ${b}`)) : E.right(a ?? b);

/**
 * The group identifiers of a request, both spellings folded (seed 000 uses `userGroup2Id` and
 * `user_group2_primary_user_id` in one request); undefined when none is given. The same identifier
 * given twice with different values is 1632.
 */
export const groupIdentifiersOf = (r: RewardIssueRequest): E.Either<DomainError, GroupIdentifiers | undefined> => {
  const groupId = oneOfTwo('the group id', r.userGroup2Id, r.user_group2_id);
  if (E.isLeft(groupId)) return groupId;
  const externalId = oneOfTwo('the group external id', r.userGroup2ExternalId, r.user_group2_external_id);
  if (E.isLeft(externalId)) return externalId;
  const primaryUserId = oneOfTwo('the primary user id', r.userGroup2PrimaryUserId, r.user_group2_primary_user_id);
  if (E.isLeft(primaryUserId)) return primaryUserId;
  const ids: GroupIdentifiers = {
    ...(groupId.right === undefined ? {} : { groupId: groupId.right }),
    ...(externalId.right === undefined ? {} : { externalId: externalId.right }),
    ...(primaryUserId.right === undefined ? {} : { primaryUserId: primaryUserId.right }),
  };
  return E.right(Object.keys(ids).length === 0 ? undefined : ids);
};

/** The reward a request names, of its brand and issuable at the event's time (3004, 8003). */
const issuableReward = (s: OrgState, r: RewardIssueRequest, eventTime: Timestamp): E.Either<RewardIssueRefusal, Reward> => {
  if (rewardsOfBrand(s, r.brand).length === 0) return E.left(brandNotFound());
  const reward = rewardOf(s, r.rewardId);
  if (reward === undefined) return E.left(rewardNotIssuable({ kind: 'unknown', rewardId: r.rewardId }));
  if (reward.brand !== r.brand) return E.left(brandNotFound());
  return rewardActiveAt(reward, eventTime);
};

/** The payment configuration and value a request buys with (400, 12016). */
const requestedPayment = (reward: Reward, r: RewardIssueRequest): E.Either<RewardIssueRefusal, IssuedPaymentConfig> => {
  const config = paymentConfigOf(reward, r.paymentConfig?.id);
  if (E.isLeft(config)) return config;
  const value = r.paymentConfig?.redemptionValue;
  if (value === undefined) return E.right(issuedConfigOf(config.right, undefined));
  // A redemption value buys with a conversion ratio: a fixed-price configuration does not take one.
  if (config.right.mode === 'POINTS') return E.left(invalidPaymentMode());
  const parsed = parseRedemptionValue(value);
  return E.isLeft(parsed) ? parsed : E.right(issuedConfigOf(config.right, parsed.right));
};

/** The first constraint of the reward that one more issue to the customer at `now` would break (12005). */
const brokenConstraint = (s: OrgState, reward: Reward, customerId: string, now: Timestamp): RewardIssueRefusal | undefined => {
  for (const c of reward.constraints) {
    const since = (now - c.periodDays * limits.dayMillis) as Timestamp;
    if (issuesReceivedSince(s, customerId, reward.rewardId, since) >= c.maxIssues) return constraintReached(c.maxIssues);
  }
  return undefined;
};

/**
 * What `IssueReward` would decide at `now`, without the vendor: the plan, or the refusal. The checks,
 * in order: 400 (eventDateTime more than 24 h ahead; quantity), 3004 (no reward of the brand), 8003
 * (unknown reward), 3004 (the reward is another brand's), 8003 (disabled, not started, ended at the
 * event's time), 400 / 12016 (payment configuration, redemption value), 8004 (only secondary
 * identifiers) / 816 (customer), 12034 (segments), 12050 (card series), 12005 (constraints), then the
 * points as groups' redemption decides them, each refusal an 8004 with the ledger's code in
 * `partnerError` (801 a price of zero or too large, 881, 809, 885, 1632, 3316, 828, 1620, 830, 821, 819,
 * 807, 804, 803, and 808 when the organisation does not allow skipping validation).
 * The HTTP layer asks the vendor only when this says yes and `needsVendor`.
 * @example planRewardIssue(state, { rewardId: 'r1', brand: 'BUKL', mobile: '919456430850' }, now)
 */
export const planRewardIssue = (s: OrgState, r: RewardIssueRequest, now: Timestamp): E.Either<RewardIssueRefusal, RewardIssuePlan> => {
  const latest = (now + eventDateTimeAheadHoursMax * 3_600_000) as Timestamp;
  if (r.eventDateTime !== undefined && r.eventDateTime > latest) return E.left(badRequest({ kind: 'eventDateTime', eventDateTime: r.eventDateTime, latest }));
  const quantity = parseQuantity(r.quantity);
  if (E.isLeft(quantity)) return quantity;
  const eventTime = r.eventDateTime ?? now;
  const reward = issuableReward(s, r, eventTime);
  if (E.isLeft(reward)) return reward;
  const config = requestedPayment(reward.right, r);
  if (E.isLeft(config)) return config;
  const customer = findRewardCustomer(s, r);
  if (E.isLeft(customer)) return customer;
  const receiver = customer.right;
  if (!inRewardSegments(s, reward.right, receiver.customerId)) return E.left(notInRewardSegment());
  if (!holdsRewardCard(s, reward.right, receiver.customerId)) return E.left(noValidCard());
  const broken = brokenConstraint(s, reward.right, receiver.customerId, now);
  if (broken !== undefined) return E.left(broken);
  // Compared as an exact decimal first: a price beyond the ledger's range is no point amount at all.
  if (!priceFits(config.right, quantity.right))
    return E.left(pointsNotRedeemable(invalidPoints(`${exactPrice(config.right, quantity.right).toFixed(3)} has more integer digits than a point amount may have`)));
  const price = priceOf(config.right, quantity.right);
  const group = groupIdentifiersOf(r);
  if (E.isLeft(group)) return E.left(pointsNotRedeemable(group.left));
  const redemption = planRedemption(
    s,
    {
      customer: { type: 'id', value: receiver.customerId },
      points: price,
      ...(r.programId === undefined ? {} : { programId: r.programId }),
      ...(group.right === undefined ? {} : { group: group.right }),
      skipValidation: r.skipValidation ?? true,
    },
    now,
  );
  if (E.isLeft(redemption)) return E.left(pointsNotRedeemable(redemption.left));
  const plan = redemption.right;
  if (plan.codeRequired)
    return E.left(pointsNotRedeemable(invalidCode('a reward issue carries no validation code: it needs skipValidation and the ALLOW_SKIPPING_VALIDATION flag')));
  return E.right({
    reward: reward.right,
    customer: receiver,
    program: plan.program,
    paymentConfig: config.right,
    quantity: quantity.right,
    points: price,
    choice: plan.choice,
    postings: plan.postings,
    eventTime,
    needsVendor: reward.right.fulfillment === 'VENDOR',
  });
};

/**
 * When an Intouch coupon issued at `now` expires: valid through the whole UTC day `validityDays`
 * days after the day of issue, so it expires at the next midnight (seed 000 shows `00:00:00` expiries).
 */
export const couponExpiry = (now: Timestamp, validityDays: number): Timestamp =>
  ((Math.floor(now / limits.dayMillis) + validityDays + 1) * limits.dayMillis) as Timestamp;

/** The fulfilment fields of the event: a new coupon, or the vendor's voucher (8003 without one, or with one of blanks only; 9908 for an answer a coupon reward does not take). */
const fulfilment = (
  plan: RewardIssuePlan,
  c: IssueReward,
  ctx: CommandContext,
): E.Either<RewardIssueRefusal, Pick<RewardIssued, 'coupon' | 'vendor'>> => {
  const { reward } = plan;
  if (reward.fulfillment === 'INTOUCH_COUPON') {
    if (c.vendor !== undefined)
      return E.left(invalidReference(`reward ${reward.rewardId} is fulfilled by an Intouch coupon: it takes no vendor answer (plan again: its definition may have changed)`));
    return E.right({ coupon: { code: ctx.newToken('coupon'), expiresAt: couponExpiry(ctx.now, reward.couponValidityDays) } });
  }
  if (c.vendor === undefined) return E.left(rewardNotIssuable({ kind: 'noVoucher', rewardId: reward.rewardId }));
  if ('failure' in c.vendor) return E.left(rewardNotIssuable({ kind: 'noVoucher', rewardId: reward.rewardId, failure: c.vendor.failure }));
  // Seed 002: the voucher "must have a valid value, such as a coupon code or reference ID"; blanks are none (decision 126).
  if (c.vendor.voucher.trim() === '')
    return E.left(rewardNotIssuable({ kind: 'noVoucher', rewardId: reward.rewardId, failure: c.vendor.voucher === '' ? 'an empty voucher' : 'a voucher of blanks only' }));
  return E.right({ vendor: { voucher: c.vendor.voucher } });
};

const issuedEvent = (plan: RewardIssuePlan, c: IssueReward, ctx: CommandContext, fulfilled: Pick<RewardIssued, 'coupon' | 'vendor'>): RewardIssued => ({
  type: 'RewardIssued',
  id: ctx.newId(),
  at: ctx.now,
  issueId: ctx.newId(),
  rewardId: plan.reward.rewardId,
  brand: plan.reward.brand,
  customerId: plan.customer.customerId,
  wallet: { type: plan.choice.wallet.type, id: plan.choice.wallet.id },
  groupRedemption: plan.choice.kind === 'GROUP',
  programId: plan.program.programId,
  fulfillment: plan.reward.fulfillment,
  paymentConfig: plan.paymentConfig,
  quantity: plan.quantity,
  points: plan.points,
  postings: plan.postings,
  ...(c.transactionNumber === undefined ? {} : { transactionNumber: c.transactionNumber }),
  ...(c.notes === undefined ? {} : { notes: c.notes }),
  ...(c.customFields === undefined ? {} : { customFields: c.customFields }),
  ...(c.fulfillmentDetails === undefined ? {} : { fulfillmentDetails: c.fulfillmentDetails }),
  ...(c.eventLogId === undefined ? {} : { eventLogId: c.eventLogId }),
  ...(c.eventDateTime === undefined ? {} : { eventDateTime: c.eventDateTime }),
  ...(c.requestId === undefined ? {} : { requestId: c.requestId }),
  ...fulfilled,
});

/**
 * A refusal: the value itself, or, for a request with a request id, the `RewardIssueRefused` that
 * records it (the engine answers with its refusal and records the request), so that a retry shows the
 * same partner details.
 */
const refuse = (c: IssueReward, refusal: RewardIssueRefusal, ctx: CommandContext): E.Either<RewardIssueRefusal, readonly RewardIssueRefused[]> => {
  if (c.requestId === undefined) return E.left(refusal);
  const event: RewardIssueRefused = {
    type: 'RewardIssueRefused',
    id: ctx.newId(),
    at: ctx.now,
    requestId: c.requestId,
    rewardId: c.rewardId,
    code: refusal.code,
    message: refusal.message,
    ...(refusal.partnerError === undefined ? {} : { partnerError: refusal.partnerError }),
    ...(c.vendor === undefined ? {} : { vendor: c.vendor }),
  };
  return E.right([event]);
};

/**
 * IssueReward: `planRewardIssue`, then the fulfilment (a coupon, or the vendor's voucher), in one decision.
 * @example
 * const issue: IssueReward = { type: 'IssueReward', rewardId: 'r1', brand: 'BUKL', mobile, vendor: { voucher: 'V-1' } };
 * rewardsEngine.execute(state, issue, ctx);
 */
export const issueReward = defineCommand<IssueReward>({
  type: 'IssueReward',
  decide: (s, c, ctx) => {
    const planned = planRewardIssue(s, c, ctx.now);
    if (E.isLeft(planned)) return refuse(c, planned.left, ctx);
    const fulfilled = fulfilment(planned.right, c, ctx);
    if (E.isLeft(fulfilled)) return refuse(c, fulfilled.left, ctx);
    const issued = issuedEvent(planned.right, c, ctx, fulfilled.right);
    // The engine would refuse an event its codec does not accept (9909, a library caller's text over its
    // limit, say); refused here, the refusal is recorded with the vendor's answer, so a retry finds it.
    if (!RewardIssued.is(issued)) {
      const why = E.fold(describeErrors, () => 'a field out of its codec')(RewardIssued.decode(RewardIssued.encode(issued)));
      return refuse(c, domainError(9909, `the request does not make a well-formed RewardIssued: ${why}`), ctx);
    }
    return E.right([issued]);
  },
});
