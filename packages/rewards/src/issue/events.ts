/**
 * `RewardIssued`: a reward went to a customer and its price left a wallet (the customer's own, or a
 * group's) as postings the core's `planDebit` planned into REDEEMED, with the coupon or voucher that
 * fulfils it. `RewardIssueRefused`: the refusal of a request that carried a request id, so that a retry
 * can show the same partner details. Their checks hold for commands and imported histories alike.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import {
  Bool,
  DomainError,
  EntityRefCodec,
  Id,
  IsoTimestamp,
  OrgState,
  Points,
  PositivePoints,
  PostingCodec,
  ProgramId,
  Text,
  arrayOf,
  defineEvent,
  eventCodec,
  getSlice,
  oneOf,
  programOf,
  requestIdReused,
  requestRecord,
  struct,
} from '@pointfold/core';
import { CustomFields, activeMember, groupOf } from '@pointfold/groups';
import { PaymentConfigIdCodec, PositiveDecimal, VendorAnswerCodec, byMode, positiveInt } from '../codecs';
import { PointsPaymentConfigCodec, RewardFulfillmentCodec } from '../catalogue/events';
import { rewardOf } from '../catalogue/queries';
import { ConvRatioPaymentConfig } from '../catalogue/state';
import {
  customerNotFoundOrMerged,
  duplicateDefinition,
  invalidGroupIdentifier,
  invalidPosting,
  invalidProgram,
  invalidReference,
  notGroupMember,
  rewardNotIssuable,
} from '../errors';
import { quantityMax } from '../limits';
import { IssuedPaymentConfig, formerPointsPrice, priceFits, priceOf } from './price';
import { issuesSlice, recordRewardIssueRefused, recordRewardIssued, refusalOf } from './state';

/** The ledger event name of a reward issue's debit (seed 004's ledger lists it beside `PointsRedemption`). */
export const rewardRedemptionEventName = 'RewardRedemption';

const IssuedConvRatioConfigCodec: t.Type<ConvRatioPaymentConfig & { readonly redemptionValue: string }, unknown, unknown> = struct(
  { id: PaymentConfigIdCodec, mode: oneOf<'CONV_RATIO'>('PaymentMode', ['CONV_RATIO']), conversionRatio: PositiveDecimal, redemptionValue: PositiveDecimal },
  { redemptionType: Id },
  {},
  'IssuedConvRatioPaymentConfig',
);

/** The payment configuration an issue used: POINTS as defined, CONV_RATIO with the redemption value bought per unit. */
export const IssuedPaymentConfigCodec = byMode<IssuedPaymentConfig>('IssuedPaymentConfig', { POINTS: PointsPaymentConfigCodec, CONV_RATIO: IssuedConvRatioConfigCodec });

/** An Intouch coupon: its code (from `ctx.newToken('coupon')`) and when it expires. */
export const CouponCodec = struct({ code: Id, expiresAt: IsoTimestamp }, {}, {}, 'Coupon');
/** A vendor's voucher (a coupon code or reference id). */
export const VoucherCodec = struct({ voucher: Id }, {}, {}, 'Voucher');

/** A reward was issued to `customerId`, paid from `wallet`. */
export const RewardIssued = eventCodec(
  'RewardIssued',
  {
    issueId: Id,
    rewardId: Id,
    brand: Id,
    customerId: Id,
    wallet: EntityRefCodec,
    groupRedemption: Bool,
    programId: ProgramId,
    fulfillment: RewardFulfillmentCodec,
    paymentConfig: IssuedPaymentConfigCodec,
    quantity: positiveInt('Quantity', quantityMax),
    points: PositivePoints,
    postings: arrayOf(PostingCodec),
  },
  {
    transactionNumber: Text,
    notes: Text,
    customFields: CustomFields,
    fulfillmentDetails: CustomFields,
    eventLogId: Text,
    eventDateTime: IsoTimestamp,
    requestId: Id,
    coupon: CouponCodec,
    vendor: VoucherCodec,
  },
);
export type RewardIssued = t.TypeOf<typeof RewardIssued>;

/** The partner details of an 8004. */
export const PartnerErrorCodec = struct({ codes: arrayOf(Id), messages: arrayOf(Text) }, {}, {}, 'PartnerError');

/**
 * A request with a request id was refused: the refusal as the command answered it (partner details
 * included) and the vendor answer it carried. The engine answers with it (its `refusal`), and records
 * the request (`CommandRecorded`) right after it.
 */
export const RewardIssueRefused = eventCodec(
  'RewardIssueRefused',
  { requestId: Id, rewardId: Id, code: positiveInt('Code', 99_999), message: Text },
  { partnerError: PartnerErrorCodec, vendor: VendorAnswerCodec },
);
export type RewardIssueRefused = t.TypeOf<typeof RewardIssueRefused>;

/** The events of reward issuance. */
export type IssueEvent = RewardIssued | RewardIssueRefused;

const ok: E.Either<DomainError, void> = E.right(undefined);

const checkWallet = (s: OrgState, e: RewardIssued): E.Either<DomainError, void> => {
  if (e.wallet.type === 'CUSTOMER') {
    if (e.groupRedemption || e.wallet.id !== e.customerId)
      return E.left(invalidPosting(`a reward issue that is not a group redemption is paid by its receiver (${e.customerId}), not ${e.wallet.type} ${e.wallet.id}`));
    return ok;
  }
  if (!e.groupRedemption) return E.left(invalidPosting(`a reward paid by group ${e.wallet.id} is a group redemption`));
  const group = groupOf(s, e.wallet.id);
  if (group === undefined) return E.left(invalidGroupIdentifier(e.wallet.id));
  if (activeMember(group, e.customerId) === undefined) return E.left(notGroupMember(e.customerId, group.groupId));
  return ok;
};

const checkFulfillment = (e: RewardIssued): E.Either<DomainError, void> => {
  if (e.fulfillment === 'INTOUCH_COUPON' && (e.coupon === undefined || e.vendor !== undefined))
    return E.left(invalidReference(`reward issue ${e.issueId} is fulfilled by an Intouch coupon: it carries a coupon and no voucher`));
  if (e.fulfillment === 'VENDOR' && (e.vendor === undefined || e.coupon !== undefined))
    return E.left(invalidReference(`reward issue ${e.issueId} is fulfilled by a vendor: it carries a voucher and no coupon`));
  return ok;
};

const checkPostings = (e: RewardIssued): E.Either<DomainError, void> => {
  let taken = Points.zero;
  let redeemed = Points.zero;
  for (const p of e.postings) {
    if (p.programId !== e.programId || p.pointsCategory !== 'Main')
      return E.left(invalidPosting(`a reward issue moves Main points of program ${e.programId} only`));
    if (p.entityType === 'SYSTEM') {
      if (p.entityId !== 'REDEEMED' || !Points.isPositive(p.points)) return E.left(invalidPosting('a reward issue credits REDEEMED only'));
      redeemed = Points.add(redeemed, p.points);
    } else {
      if (p.entityType !== e.wallet.type || p.entityId !== e.wallet.id || !Points.isNegative(p.points))
        return E.left(invalidPosting(`a reward issue debits only the lots of ${e.wallet.type} ${e.wallet.id}`));
      taken = Points.add(taken, Points.negate(p.points));
    }
  }
  if (!Points.equals(redeemed, e.points) || !Points.equals(taken, e.points))
    return E.left(invalidPosting(`a reward issue of ${Points.format(e.points)} points takes ${Points.format(taken)} and gives REDEEMED ${Points.format(redeemed)}`));
  return ok;
};

const checkIssued = (s: OrgState, e: RewardIssued): E.Either<DomainError, void> => {
  if (!s.org.customers.has(e.customerId)) return E.left(customerNotFoundOrMerged(`id ${e.customerId}`));
  if (rewardOf(s, e.rewardId) === undefined) return E.left(rewardNotIssuable({ kind: 'unknown', rewardId: e.rewardId }));
  if (getSlice(s, issuesSlice).byId.has(e.issueId)) return E.left(duplicateDefinition(`reward issue ${e.issueId}`));
  if (programOf(s.org, e.programId) === undefined) return E.left(invalidProgram(String(e.programId)));
  // A price no point amount can hold cannot be the event's `points` (and `priceOf` could not hold it).
  if (!priceFits(e.paymentConfig, e.quantity))
    return E.left(invalidReference(`reward issue ${e.issueId} costs more points with its payment configuration and quantity than a point amount may hold, not ${Points.format(e.points)}`));
  const price = priceOf(e.paymentConfig, e.quantity);
  // A POINTS issue with a quantity above 1 written before decision 115 cost the points times the quantity.
  const former = formerPointsPrice(e.paymentConfig, e.quantity);
  if (!Points.equals(price, e.points) && (former === undefined || !Points.equals(former, e.points)))
    return E.left(invalidReference(`reward issue ${e.issueId} costs ${Points.format(price)} points with its payment configuration and quantity, not ${Points.format(e.points)}`));
  const checks = [checkWallet(s, e), checkFulfillment(e), checkPostings(e)];
  return checks.find(E.isLeft) ?? ok;
};

/** The definition of `RewardIssued` for the engine: codec, checks (decision 55), movement, fold. */
export const rewardIssuedEvent = defineEvent<RewardIssued>({
  type: 'RewardIssued',
  codec: RewardIssued,
  check: checkIssued,
  movement: (e) => ({
    eventName: rewardRedemptionEventName,
    postings: e.postings,
    ...(e.transactionNumber === undefined ? {} : { transaction: { number: e.transactionNumber } }),
  }),
  evolve: recordRewardIssued,
});

/** The definition of `RewardIssueRefused` for the engine: its refusal is what the command answers. */
export const rewardIssueRefusedEvent = defineEvent<RewardIssueRefused>({
  type: 'RewardIssueRefused',
  codec: RewardIssueRefused,
  // A request id is used once: a retry is answered from its record and appends nothing.
  check: (s, e) => (requestRecord(s, e.requestId) !== undefined ? E.left(requestIdReused(e.requestId, 'IssueReward')) : ok),
  evolve: recordRewardIssueRefused,
  refusal: refusalOf,
});
