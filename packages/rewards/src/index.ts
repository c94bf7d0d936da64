/**
 * @pointfold/rewards: the reward catalogue (RewardDefined), what rewards know of customers (segments,
 * cards), and reward issuance paid with points (seed 002, and seed 000 for group wallets): POINTS and
 * CONV_RATIO prices, quantity, segments, card series, constraints, vendor fulfilment decided with the
 * vendor's answer, idempotency by request id, and the seed's answer bodies.
 */
export * from './catalogue';
export * from './customers';
export * from './issue';
export * from './codecs';
export * as rewardsLimits from './limits';
export {
  badRequest,
  brandNotFound,
  constraintReached,
  invalidPaymentMode,
  noValidCard,
  notInRewardSegment,
  onlySecondaryIdentifiers,
  pointsNotRedeemable,
  rewardNotIssuable,
} from './errors';
export type { BadRequestReason, NotIssuableReason, PartnerError, RewardIssueRefusal } from './errors';
export * from './module';
