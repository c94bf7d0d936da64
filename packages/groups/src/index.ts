/**
 * @pointfold/groups: user groups (USERGROUP2 wallets, FLEET and FRIENDS_AND_FAMILY), their members
 * and permissions, group identifier resolution, and redemption (seed 001 v1.1: RedeemPoints and
 * IsRedeemable, from a customer's own wallet or a group's) with its wallet policy.
 */
export * from './groups';
export * from './redemption';
export * as groupsLimits from './limits';
export {
  aboveMaximum,
  belowMinimum,
  customerNotFoundOrMerged,
  fraudCustomer,
  groupFull,
  groupRedemptionRequired,
  invalidGroupIdentifier,
  noRedeemPermission,
  notGroupMember,
  primaryCannotLeave,
  redemptionNotConfigured,
} from './errors';
export * from './module';
