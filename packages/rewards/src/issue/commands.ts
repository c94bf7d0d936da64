/**
 * `IssueReward` (seed 002, and seed 000 for groups): the request's fields as the HTTP layer folds the
 * path, query and body into them, and the vendor's answer for a VENDOR reward. Decimals that the
 * domain reads with a rule of its own (the quantity's dropped decimals, the redemption value) arrive
 * as the client sent them; everything else arrives decoded (times parsed, JSON objects made safe).
 */
import { CommandBase, JsonObject, Timestamp } from '@pointfold/core';
import { PaymentConfigId, VendorAnswer } from '../codecs';

/** The payment part of a request: which configuration, and for CONV_RATIO the value to buy. */
export interface RequestedPayment {
  /** Mandatory when the reward has several payment configurations (400), and must be one of them (12016). */
  readonly id?: PaymentConfigId;
  /** CONV_RATIO only: the value bought per unit (1000 miles); 1 when absent. A JSON number or a decimal text. */
  readonly redemptionValue?: number | string;
}

/** What a reward issue request says (IssueReward without the vendor's answer). */
export interface RewardIssueRequest {
  /** The seed's path parameter. */
  readonly rewardId: string;
  readonly brand: string;
  /** The customer (the receiver): by any of these; every one given must name the same customer. */
  readonly mobile?: string;
  /** The seed samples' `emailId`. */
  readonly email?: string;
  readonly externalId?: string;
  readonly transactionNumber?: string;
  readonly notes?: string;
  /** The default program when absent. */
  readonly programId?: number;
  /** A JSON number or a decimal text; its decimal part is dropped (1.56 is 1); 1 when absent. */
  readonly quantity?: number | string;
  readonly paymentConfig?: RequestedPayment;
  /** Prototype-safe JSON objects (decode them with the core's `SafeJsonObject`). */
  readonly customFields?: JsonObject;
  readonly fulfillmentDetails?: JsonObject;
  readonly eventLogId?: string;
  /** The seed's idempotency key: the engine returns the first outcome of a request sent again. */
  readonly requestId?: string;
  /** When the triggering event happened: at most 24 hours after now; the reward's dates are judged at it. */
  readonly eventDateTime?: Timestamp;
  /** Group identifiers (seed 000 uses both spellings): any one present makes a group redemption. */
  readonly userGroup2Id?: string;
  readonly userGroup2ExternalId?: string;
  readonly userGroup2PrimaryUserId?: string;
  readonly user_group2_id?: string;
  readonly user_group2_external_id?: string;
  readonly user_group2_primary_user_id?: string;
  /** The seed's `skip_validation`: true when absent (an issue request carries no validation code). */
  readonly skipValidation?: boolean;
}

/**
 * Issues a reward paid with points: appends `RewardIssued`, or refuses. For a VENDOR reward, `vendor`
 * is what the vendor answered after `planRewardIssue` said yes; without a voucher nothing is debited (8003).
 */
export interface IssueReward extends RewardIssueRequest, CommandBase {
  readonly type: 'IssueReward';
  readonly vendor?: VendorAnswer;
}

/** The issue commands. */
export type IssueCommand = IssueReward;
