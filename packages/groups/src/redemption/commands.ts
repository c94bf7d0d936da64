/**
 * Commands of redemption (seed 001, v1.1): check whether points can be redeemed, redeem them, and
 * issue the one-time code that proves a redemption. Amounts arrive parsed (`Points`): the HTTP layer
 * answers 801 and 878 with the core's `parsePositivePoints` before a command exists.
 */
import { CustomerIdentifierType, JsonObject, PointsAmount, Till } from '@pointfold/core';
import { GroupIdentifiers } from '../groups/queries';

/** A customer by one of their identifiers (the seeds' `identifierType` / `identifierValue`). */
export interface CustomerIdentifier {
  readonly type: CustomerIdentifierType;
  readonly value: string;
}

/** What IsRedeemable and RedeemPoints share: who redeems how many points, from which wallet. */
export interface RedemptionRequest {
  /** The initiator: the customer redeeming (from their own wallet, or from a group's as a member). */
  readonly customer: CustomerIdentifier;
  /**
   * More identifiers the request gave for the initiator (v1.1 sends `id`, `mobile`, `email` and
   * `external_id` side by side): each must name that same customer, else 816 (decision 118).
   */
  readonly alsoIdentifiedBy?: readonly CustomerIdentifier[];
  readonly points: PointsAmount;
  /** The default program when absent (885 when there is none, or it is unknown). */
  readonly programId?: number;
  /** Any identifier present makes this a group redemption from that group's wallet (seed 000, note 5). */
  readonly group?: GroupIdentifiers;
  readonly transactionNumber?: string;
  readonly notes?: string;
  /** Free-form, prototype-safe JSON (decode it with the core's `SafeJsonObject`). */
  readonly customFields?: JsonObject;
  readonly purpose?: string;
  readonly till?: Till;
  /** The one-time code issued for the initiator (`IssueRedemptionCode`). */
  readonly validationCode?: string;
  /** Honoured only when the organisation allows it (flag ALLOW_SKIPPING_VALIDATION). */
  readonly skipValidation?: boolean;
}

/** Could these points be redeemed now? Decides exactly as RedeemPoints (but for the code) and appends nothing. */
export interface IsRedeemable extends RedemptionRequest {
  readonly type: 'IsRedeemable';
}

/** Redeems points: appends `PointsRedeemed` (and the use of the validation code). */
export interface RedeemPoints extends RedemptionRequest {
  readonly type: 'RedeemPoints';
}

/** Issues a one-time code for a customer's next redemption (the clear code comes from `ctx.newToken('otp')`). */
export interface IssueRedemptionCode {
  readonly type: 'IssueRedemptionCode';
  readonly customer: CustomerIdentifier;
  /** More identifiers of that customer, as `RedemptionRequest.alsoIdentifiedBy` (decision 118). */
  readonly alsoIdentifiedBy?: readonly CustomerIdentifier[];
  /** Minutes the code stays valid (the core's default when absent). */
  readonly validityMinutes?: number;
}

export type RedemptionCommand = IsRedeemable | RedeemPoints | IssueRedemptionCode;
