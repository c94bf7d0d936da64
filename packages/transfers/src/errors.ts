/**
 * The refusals of the transfers package: one constructor per code, worded as seeds 003 and 004 word
 * them (placeholders filled in, a detail in parentheses where the seed's sentence alone would not say
 * which value was wrong). Codes the core or groups already word the same way are re-exported, so that
 * this file lists every code the package answers with.
 */
import { DomainError, domainError } from '@pointfold/core';

export {
  /** 803: more points than the source can spend (seed wording). */
  moreThanAvailable,
  /** 804: the source has no spendable points at all in the program. */
  insufficientPoints,
  /** 807: not a multiple of `transfer.multipleOf` (seed wording, `<X>` filled in; whole points when unset). */
  notMultipleOf,
  /** 808: the transfer code is missing, wrong, expired, used or void. */
  invalidCode,
  /** 885: no such program, or no default program. */
  invalidProgram,
  /** 9906: postings that break a rule of their event. */
  invalidPosting,
  /** 9907: a transfer id or reversal id defined twice. */
  duplicateDefinition,
  /** 816: an event names a customer nobody registered (history lines only: commands answer 8015). */
  customerNotFound,
} from '@pointfold/core';

export {
  /** 1620: a group transfer's initiator was not an active member of the source group (history lines only). */
  notGroupMember,
  /** 1632: a group that no event created (history lines and the transfer history query). */
  invalidGroupIdentifier,
} from '@pointfold/groups';

// Transfers (seeds 003 and 004).

/** 414: the destination customer is marked FRAUD (checked when CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER is on). */
export const destinationIsFraud = (customerId: string): DomainError =>
  domainError(414, `Destination customer status is fraud. Points cannot be transferred to customers with fraud status. (customer ${customerId})`);

/** 415: the source customer (or the user transferring from a group) is marked FRAUD (same flag). */
export const sourceIsFraud = (customerId: string): DomainError =>
  domainError(415, `Source customer status is fraud. Points cannot be transferred by customers with fraud status. (customer ${customerId})`);

/** 418: the source and the destination are the same customer or the same group. */
export const sameSourceAndDestination = (type: string, id: string): DomainError =>
  domainError(418, `From and To customers are same. (${type} ${id})`);

/** 419: a customer named by the request was merged into another one (`{x}`: the merged customer's id). */
export const mergedCustomer = (customerId: string): DomainError => domainError(419, `Merged customer found with id: ${customerId}`);

/** 422: `pointsTobeTransferred` is missing, not a number, zero, negative or has more than three decimals. */
export const invalidTransferPoints = (): DomainError => domainError(422, 'pointsToBeTransferred value is invalid');

/**
 * 434: an identifier type or value the request cannot be read with; `field` is the payload's path,
 * e.g. `fromEntity.identifierType` or `transferredBy.identifierValue` (seed 003's wording).
 */
export const invalidPayloadField = (field: string): DomainError => domainError(434, `Invalid ${field} set in the request payload`);

/** 830: the user transferring may not move points out of the source (or `transferredBy` is missing). */
export const noTransferPermission = (detail: string): DomainError =>
  domainError(830, `User lacks permissions to transfer points from this entity (${detail})`);

/** 1206: `fromEntity` (or `fromCustomerIdentifier`) is missing, or names no group. */
export const invalidSource = (detail: string): DomainError => domainError(1206, `Source entity details missing or invalid (${detail})`);

/** 1207: `toEntity` (or `toCustomerIdentifier`) is missing. */
export const invalidDestination = (detail: string): DomainError => domainError(1207, `Destination entity details missing or invalid (${detail})`);

/** 1208: an entity's `type` is missing or neither CUSTOMER nor USERGROUP2. */
export const invalidEntityType = (field: string): DomainError => domainError(1208, `Entity type not set or invalid (${field})`);

/** 1645: the group `toEntity` names does not exist (or the identifiers name no single group). */
export const invalidGroupDetails = (detail: string): DomainError => domainError(1645, `Invalid group details (${detail})`);

/** 8015: no customer answers to the identifier (or it is one Pointfold does not keep: wechat, martjackId, fbId). */
export const customerNotFoundForIdentifiers = (field: string, identifierType: string, value: string): DomainError =>
  domainError(8015, `Customer not found for given identifiers (${field}: ${identifierType} ${value})`);

// Reversals (seed 004).

/** 810: more points than are left to reverse on the redemption. */
export const reversalMismatch = (requested: string, left: string): DomainError =>
  domainError(810, `Mismatch in points for revert API call (${requested} requested, ${left} left to reverse)`);

/** 811: an empty transaction number, or one no redemption was recorded with. */
export const invalidTransactionNumber = (transactionNumber: string): DomainError =>
  domainError(811, `The transaction number entered to redeem/revert points is invalid (${transactionNumber})`);

/** 812: the transaction number was reverted as a whole before, and nothing of it is left to reverse. */
export const alreadyReverted = (transactionNumber: string): DomainError =>
  domainError(812, `The points have been reverted already for this transaction number (${transactionNumber})`);

/** 814: the transaction's redemptions have no redeemed points left (reversed one by one), and it was never reverted as a whole. */
export const nothingRedeemedOnTransaction = (transactionNumber: string): DomainError =>
  domainError(814, `No points were redeemed on this transaction number (${transactionNumber})`);

/** 901: the redemption id is empty or not an id, or `pointsToBeReversed` is not a positive amount. */
export const invalidReversalRequest = (detail: string): DomainError => domainError(901, `Invalid points or points redemption Id passed. (${detail})`);

/** 902: no redemption has this id. */
export const redemptionNotFound = (redemptionId: string): DomainError => domainError(902, `Redemption ID does not exist. (${redemptionId})`);

/** 904: the identifier is missing, unreadable, or names someone else than the redemption's customer. */
export const invalidCustomerDetails = (detail: string): DomainError => domainError(904, `Invalid customer details passed. (${detail})`);

/** 905: the organisation has not set ALLOW_POINTS_REDEMPTION_REVERSAL. */
export const reversalDisabled = (): DomainError => domainError(905, 'points redemption reversal is disabled for the org.');

/** 3802: the redemption was reversed in full already. */
export const alreadyReversed = (redemptionId: string): DomainError =>
  domainError(3802, `Points reversal redeemed points already reversed. (redemption ${redemptionId})`);
