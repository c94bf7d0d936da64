/**
 * Commands of reversal (seed 004, Reverse Redeemed Points): give back the points of one redemption,
 * in full or in part, or of every redemption of a transaction number. The fields a refusal depends on
 * are the payload's raw values (`unknown`), so that the HTTP layer passes them through and the decider
 * answers with the seed's codes (901, 904, 811).
 */

/** The redemption's customer by one of their identifiers: `type` mobile, email, externalId or id, and `value`. */
export interface RedemptionCustomerIdentifier {
  readonly type?: unknown;
  readonly value?: unknown;
}

/**
 * Reverses (part of) one redemption: appends `PointsRedemptionReversed`. The points go back to the lots
 * the redemption consumed (newest expiry first for a part); what belongs to a lot that has expired by
 * now goes to EXPIRED.
 */
export interface ReverseRedemption {
  readonly type: 'ReverseRedemption';
  readonly requestId?: string;
  /** The redemption's id: a non-empty text (or a whole number); anything else 901. */
  readonly redemptionId?: unknown;
  /** Must name the customer who redeemed (the initiator of a group redemption); else 904. */
  readonly identifier?: RedemptionCustomerIdentifier;
  /** A positive amount (`Points`, text or JSON number); all that is left to reverse when absent; invalid 901. */
  readonly pointsToBeReversed?: unknown;
  readonly notes?: string;
}

/**
 * Reverses in full every redemption recorded with a transaction number (what is left of each): one
 * `PointsRedemptionReversed` per redemption, each carrying the transaction number.
 */
export interface RevertRedemption {
  readonly type: 'RevertRedemption';
  readonly requestId?: string;
  /** A non-empty text; empty, not a text, or one no redemption carries: 811. */
  readonly transactionNumber?: unknown;
  readonly notes?: string;
}

/** The reversal commands. */
export type ReversalCommand = ReverseRedemption | RevertRedemption;
