/**
 * The reward catalogue slice: every reward by id as its latest `RewardDefined` says, and the rewards of
 * each brand (what 3004 "Brand not found" asks). A second definition of a reward replaces the first
 * whole: a CRM export sends the reward as it is now (docs/decisions.md, "Rewards").
 */
import { Draft, PMap, PointsAmount, Timestamp, defineSlice, getSlice, setSlice } from '@pointfold/core';
import { PaymentConfigId } from '../codecs';
import { couponValidityDaysDefault } from '../limits';
// Only the event's type: the event's definition imports this module for its fold.
import type { RewardDefined } from './events';

/** How a reward reaches the customer: an Intouch coupon code (the default), or a vendor's voucher. */
export type RewardFulfillment = 'INTOUCH_COUPON' | 'VENDOR';
/** Every fulfilment, the default first. */
export const rewardFulfillments: readonly RewardFulfillment[] = ['INTOUCH_COUPON', 'VENDOR'];

/** A (segment, partition) pair: a reward is for the customers holding one of its pairs. */
export interface Membership {
  readonly segment: string;
  readonly partition: string;
}

/** A payment configuration that prices the reward at a fixed number of points. */
export interface PointsPaymentConfig {
  readonly id: PaymentConfigId;
  readonly mode: 'POINTS';
  readonly points: PointsAmount;
}

/**
 * A payment configuration that prices a redemption value (miles, say) at `value / conversionRatio`
 * points; `redemptionType` names the value's unit (`MILES`).
 */
export interface ConvRatioPaymentConfig {
  readonly id: PaymentConfigId;
  readonly mode: 'CONV_RATIO';
  /** A positive decimal text (`"0.44"`). */
  readonly conversionRatio: string;
  readonly redemptionType?: string;
}

/** How a reward may be paid for (seed 002's payment configurations). */
export type PaymentConfig = PointsPaymentConfig | ConvRatioPaymentConfig;
/** `POINTS` or `CONV_RATIO`. */
export type PaymentMode = PaymentConfig['mode'];
/** Every payment mode. */
export const paymentModes: readonly PaymentMode[] = ['POINTS', 'CONV_RATIO'];

/** At most `maxIssues` issues of the reward to one customer in any `periodDays` days (12005). */
export interface RewardConstraint {
  readonly level: 'CUSTOMER';
  readonly periodDays: number;
  readonly maxIssues: number;
}

/** A reward of the catalogue, as its latest definition says (defaults filled in). */
export interface Reward {
  readonly rewardId: string;
  readonly brand: string;
  readonly name?: string;
  readonly enabled: boolean;
  /** Issuable from this time on (inclusive). */
  readonly startsAt?: Timestamp;
  /** Not issuable from this time on. */
  readonly endsAt?: Timestamp;
  /** None: the reward is for every customer. */
  readonly segments: readonly Membership[];
  /** The card series a customer needs an ACTIVE card of, if any. */
  readonly cardSeries?: string;
  readonly paymentConfigs: readonly PaymentConfig[];
  readonly constraints: readonly RewardConstraint[];
  readonly fulfillment: RewardFulfillment;
  /** Days an Intouch coupon stays valid after the day of issue (`couponValidityDaysDefault` when the definition does not say). */
  readonly couponValidityDays: number;
  /** When the reward was first defined, and when its definition in force was. */
  readonly definedAt: Timestamp;
  readonly updatedAt: Timestamp;
}

/** The catalogue of an organisation. */
export interface CatalogueState {
  readonly rewards: PMap<Reward>;
  /** brand -> the ids of its rewards, in definition order. */
  readonly byBrand: PMap<readonly string[]>;
}

/** The catalogue's slice of the organisation state. */
export const catalogueSlice = defineSlice<CatalogueState>('rewardCatalogue', { rewards: PMap.empty(), byBrand: PMap.empty() });

/** Records a reward's definition, replacing any earlier one (and moving it to its brand). */
export const recordRewardDefined = (d: Draft, e: RewardDefined): void => {
  const s = getSlice(d, catalogueSlice);
  const before = s.rewards.get(e.rewardId);
  const reward: Reward = {
    rewardId: e.rewardId,
    brand: e.brand,
    ...(e.name === undefined ? {} : { name: e.name }),
    enabled: e.enabled ?? true,
    ...(e.startsAt === undefined ? {} : { startsAt: e.startsAt }),
    ...(e.endsAt === undefined ? {} : { endsAt: e.endsAt }),
    segments: e.segments ?? [],
    ...(e.cardSeries === undefined ? {} : { cardSeries: e.cardSeries }),
    paymentConfigs: e.paymentConfigs,
    constraints: e.constraints ?? [],
    fulfillment: e.fulfillment ?? 'INTOUCH_COUPON',
    couponValidityDays: e.couponValidityDays ?? couponValidityDaysDefault,
    definedAt: before?.definedAt ?? e.at,
    updatedAt: e.at,
  };
  let byBrand = s.byBrand;
  if (before !== undefined && before.brand !== e.brand) {
    const rest = (byBrand.get(before.brand) ?? []).filter((id) => id !== e.rewardId);
    byBrand = rest.length === 0 ? byBrand.delete(before.brand, d.edit) : byBrand.set(before.brand, rest, d.edit);
  }
  const ofBrand = byBrand.get(e.brand) ?? [];
  if (!ofBrand.includes(e.rewardId)) byBrand = byBrand.set(e.brand, [...ofBrand, e.rewardId], d.edit);
  setSlice(d, catalogueSlice, { rewards: s.rewards.set(e.rewardId, reward, d.edit), byBrand });
};
