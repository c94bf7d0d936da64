/**
 * Commands of transfers (seeds 003 and 004): check whether points can move and move them, customer to
 * customer with a one-time code, or between customers and groups on behalf of a user. The fields a
 * refusal depends on are the payload's raw values (`unknown`), so that the HTTP layer passes them
 * through and the decider answers with the seeds' codes (422, 434, 1206, 1207, 1208, 885).
 */

/**
 * A customer as seed 004's customer-to-customer endpoints name one: `type` is `ID`, `MOBILE`,
 * `EXTERNAL_ID` or `EMAIL` (anything else 434), `value` a non-empty text (or a whole number).
 */
export interface CustomerIdentifierInput {
  readonly type?: unknown;
  readonly value?: unknown;
}

/** What IsTransferrable and TransferPoints share (seed 004's body). */
export interface CustomerTransferRequest {
  /** `pointsTobeTransferred` as sent: a decimal text or a JSON number (code holding a `Points` passes `Points.format(p)`); missing, zero, negative or invalid is 422. */
  readonly points?: unknown;
  /** A positive integer (or its digits as text); the default program when absent; anything else 885. */
  readonly programId?: unknown;
  /** The source customer (1206 when missing). */
  readonly fromCustomerIdentifier?: CustomerIdentifierInput;
  /** The destination customer (1207 when missing). */
  readonly toCustomerIdentifier?: CustomerIdentifierInput;
  readonly notes?: string;
}

/**
 * Could these points move from one customer to another now? Appends nothing, unless `issueOtp` is
 * true and they could: then it issues the source customer a code for the purpose TRANSFER (the
 * core's `OneTimeCodeIssued`; the clear code is `ctx.newToken('otp')`, for the HTTP layer to send).
 */
export interface IsTransferrable extends CustomerTransferRequest {
  readonly type: 'IsTransferrable';
  readonly requestId?: string;
  readonly issueOtp?: boolean;
  /** Minutes the issued code stays valid (`transferCodeValidityMinutesDefault` when absent). */
  readonly otpValidityMinutes?: number;
}

/**
 * Moves points from one customer to another, proven by the code the source customer received:
 * appends the code's use and `PointsTransferred`; a wrong code appends only its counted try (808).
 */
export interface TransferPoints extends CustomerTransferRequest {
  readonly type: 'TransferPoints';
  readonly requestId?: string;
  /** The one-time code (808 when missing, wrong, expired, used or void). */
  readonly code?: string;
}

/**
 * A customer or a group as seeds 003 and 004 name one: `type` CUSTOMER or USERGROUP2 (else 1208),
 * `identifierType` (customer: mobile, email, externalId, cardnumber, id, and the seed's wechat,
 * martjackId, fbId that Pointfold does not keep; group: id, externalId, primaryUserId,
 * primaryUserCardnumber, primaryUserMobile, primaryUserEmail; else 434), `identifierValue` (else 434).
 * `source` and `accountId` are accepted and not used: identifiers are unique in the organisation.
 */
export interface TransferEntityInput {
  readonly type?: unknown;
  readonly identifierType?: unknown;
  readonly identifierValue?: unknown;
  readonly source?: unknown;
  readonly accountId?: unknown;
}

/** The user who transfers (a customer): missing is 830, an unreadable identifier 434, nobody 8015. */
export interface TransferUserInput {
  readonly identifierType?: unknown;
  readonly identifierValue?: unknown;
  readonly source?: unknown;
  readonly accountId?: unknown;
}

/** What IsGroupTransferrable and TransferGroupPoints share (seed 003's body). */
export interface GroupTransferRequest {
  /** `pointsTobeTransferred`, as in `CustomerTransferRequest`. */
  readonly points?: unknown;
  readonly programId?: unknown;
  readonly notes?: string;
  /** The source (1206 when missing or not an object, or when it names no group). */
  readonly fromEntity?: TransferEntityInput;
  /** The destination (1207 when missing or not an object; 1645 when it names no group). */
  readonly toEntity?: TransferEntityInput;
  /** For a group source, an active member with the transfer permission; for a customer source, that customer. */
  readonly transferredBy?: TransferUserInput;
}

/** Could these points move between these entities now? Decides as TransferGroupPoints and appends nothing. */
export interface IsGroupTransferrable extends GroupTransferRequest {
  readonly type: 'IsGroupTransferrable';
  readonly requestId?: string;
}

/** Moves points group to customer, customer to group, group to group (or customer to customer): appends `PointsTransferred`. */
export interface TransferGroupPoints extends GroupTransferRequest {
  readonly type: 'TransferGroupPoints';
  readonly requestId?: string;
}

/** The transfer commands. */
export type TransferCommand = IsTransferrable | TransferPoints | IsGroupTransferrable | TransferGroupPoints;
