/**
 * `RewardDefined` (CONTRACT §1), its io-ts codec (the storage contract: change with care) and the
 * checks a definition passes before it is folded: at least one payment configuration, their ids
 * unique, a start before the end, lists of a sane length. A later definition of the same reward
 * replaces the earlier one (docs/decisions.md, "Rewards").
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Bool, DomainError, Id, IsoTimestamp, OrgState, PositivePoints, Text, arrayOf, defineEvent, eventCodec, formatTimestamp, oneOf, struct } from '@pointfold/core';
import { PaymentConfigIdCodec, PositiveDecimal, byMode, positiveInt } from '../codecs';
import { duplicateDefinition, invalidReference } from '../errors';
import {
  constraintMaxIssuesMax,
  constraintPeriodDaysMax,
  constraintsPerRewardMax,
  couponValidityDaysMax,
  paymentConfigsPerRewardMax,
  segmentsPerRewardMax,
} from '../limits';
import { ConvRatioPaymentConfig, PaymentConfig, PointsPaymentConfig, RewardFulfillment, recordRewardDefined, rewardFulfillments } from './state';

/** A (segment, partition) pair. */
export const MembershipCodec = struct({ segment: Id, partition: Id }, {}, {}, 'Membership');

/** `{id, mode: "POINTS", points}`: a fixed price. */
export const PointsPaymentConfigCodec: t.Type<PointsPaymentConfig, unknown, unknown> = struct(
  { id: PaymentConfigIdCodec, mode: oneOf<'POINTS'>('PaymentMode', ['POINTS']), points: PositivePoints },
  {},
  {},
  'PointsPaymentConfig',
);

/** `{id, mode: "CONV_RATIO", conversionRatio, redemptionType?}`: a price per unit of value. */
export const ConvRatioPaymentConfigCodec: t.Type<ConvRatioPaymentConfig, unknown, unknown> = struct(
  { id: PaymentConfigIdCodec, mode: oneOf<'CONV_RATIO'>('PaymentMode', ['CONV_RATIO']), conversionRatio: PositiveDecimal },
  { redemptionType: Id },
  {},
  'ConvRatioPaymentConfig',
);

/** A payment configuration: `{id, mode: "POINTS", points}` or `{id, mode: "CONV_RATIO", conversionRatio, redemptionType?}`. */
export const PaymentConfigCodec = byMode<PaymentConfig>('PaymentConfig', { POINTS: PointsPaymentConfigCodec, CONV_RATIO: ConvRatioPaymentConfigCodec });

/** A constraint: `{level: "CUSTOMER", periodDays, maxIssues}`. */
export const RewardConstraintCodec = struct(
  {
    level: oneOf<'CUSTOMER'>('ConstraintLevel', ['CUSTOMER']),
    periodDays: positiveInt('PeriodDays', constraintPeriodDaysMax),
    maxIssues: positiveInt('MaxIssues', constraintMaxIssuesMax),
  },
  {},
  {},
  'RewardConstraint',
);

/** `INTOUCH_COUPON` or `VENDOR`. */
export const RewardFulfillmentCodec = oneOf<RewardFulfillment>('Fulfillment', rewardFulfillments);

/**
 * A reward of the catalogue was defined (or redefined). `couponValidityDays` is Pointfold's own
 * optional field: how long the Intouch coupons of the reward stay valid.
 */
export const RewardDefined = eventCodec(
  'RewardDefined',
  { rewardId: Id, brand: Id, paymentConfigs: arrayOf(PaymentConfigCodec) },
  {
    name: Text,
    enabled: Bool,
    startsAt: IsoTimestamp,
    endsAt: IsoTimestamp,
    segments: arrayOf(MembershipCodec),
    cardSeries: Id,
    constraints: arrayOf(RewardConstraintCodec),
    fulfillment: RewardFulfillmentCodec,
    couponValidityDays: positiveInt('CouponValidityDays', couponValidityDaysMax),
  },
);
export type RewardDefined = t.TypeOf<typeof RewardDefined>;

/** The catalogue's events. */
export type CatalogueEvent = RewardDefined;

const ok: E.Either<DomainError, void> = E.right(undefined);

const checkDefined = (_s: OrgState, e: RewardDefined): E.Either<DomainError, void> => {
  const n = e.paymentConfigs.length;
  if (n === 0 || n > paymentConfigsPerRewardMax)
    return E.left(invalidReference(`reward ${e.rewardId} has ${n} payment configurations: from 1 to ${paymentConfigsPerRewardMax}`));
  const ids = new Set<string>();
  for (const p of e.paymentConfigs) {
    const key = String(p.id);
    if (ids.has(key)) return E.left(duplicateDefinition(`payment configuration ${key} of reward ${e.rewardId}`));
    ids.add(key);
  }
  if (e.startsAt !== undefined && e.endsAt !== undefined && e.startsAt >= e.endsAt)
    return E.left(invalidReference(`reward ${e.rewardId} ends (${formatTimestamp(e.endsAt)}) at or before it starts (${formatTimestamp(e.startsAt)})`));
  if ((e.segments?.length ?? 0) > segmentsPerRewardMax)
    return E.left(invalidReference(`reward ${e.rewardId} names more than ${segmentsPerRewardMax} segment partitions`));
  if ((e.constraints?.length ?? 0) > constraintsPerRewardMax)
    return E.left(invalidReference(`reward ${e.rewardId} has more than ${constraintsPerRewardMax} constraints`));
  return ok;
};

/** The definition of `RewardDefined` for the engine: codec, checks, fold. */
export const rewardDefinedEvent = defineEvent<RewardDefined>({
  type: 'RewardDefined',
  codec: RewardDefined,
  check: checkDefined,
  evolve: recordRewardDefined,
});
