/**
 * The refusals of the groups package: one constructor per code, with the seeds' wording where a seed
 * gives one (placeholders filled in). Codes the core already words the same way are the core's own
 * constructors, re-exported here so that this file lists every code the package answers with.
 */
import { DomainError, domainError } from '@pointfold/core';
import { groupMembersMax } from './limits';

export {
  /** 803: more than the available points. */
  moreThanAvailable,
  /** 804: the wallet has no redeemable points at all. */
  insufficientPoints,
  /** 807: not a multiple of the configured unit (seed wording, `<X>` filled in). */
  notMultipleOf,
  /** 808: the validation code is missing, wrong, expired, used or void. */
  invalidCode,
  /** 801: an amount that is zero or negative. */
  invalidPoints,
  /** 881: the customer is not enrolled in the loyalty program. */
  notEnrolled,
  /** 885: no such program (or no default program). */
  invalidProgram,
  /** 9906: postings that break a rule of their event. */
  invalidPosting,
  /** 9907: a group, external id, member or redemption defined twice. */
  duplicateDefinition,
} from '@pointfold/core';

/** 809 (with seed 001's wording of 3045): the initiator is marked as fraud. */
export const fraudCustomer = (customerId: string): DomainError =>
  domainError(809, `Points Redemption is not allowed for the customer with id ${customerId} as the status is fraud`);

/**
 * 816: no customer in this organisation answers to the identifier; a merged customer is named with
 * the customer it was merged into, so the caller can retry with that one.
 */
export const customerNotFoundOrMerged = (what: string, mergedInto?: string): DomainError =>
  domainError(
    816,
    mergedInto === undefined
      ? `Unable to find customer in this organization (${what})`
      : `Unable to find customer in this organization (${what} was merged into customer ${mergedInto})`,
  );

/** 819: more than the maximum redemption limit (org config `redemption.maxPoints`). */
export const aboveMaximum = (requested: string, max: string): DomainError =>
  domainError(819, `Unable to redeem. The points you are trying to redeem (${requested}) are more than the maximum redemption limit (${max})`);

/** 821: less than the minimum redemption limit (org config `redemption.minPoints`). */
export const belowMinimum = (requested: string, min: string): DomainError =>
  domainError(821, `Unable to redeem. The points you are trying to redeem (${requested}) are less than the minimum redemption limit (${min})`);

/** 828 (seeds 000 and 001): group redemption is not enabled by the organisation's flags. */
export const redemptionNotConfigured = (): DomainError => domainError(828, 'points redemption rules/configuration not allowing redemption');

/** 830 (seed 003): the member may not redeem from the group wallet. */
export const noRedeemPermission = (userId: string, groupId: string): DomainError =>
  domainError(830, `user ${userId} does not have the permission to redeem points from group ${groupId}`);

/** 1620 (seed 000): the initiating user is not an active member of the group. */
export const notGroupMember = (userId: string, groupId: string): DomainError =>
  domainError(1620, `user ${userId} does not belong to group ${groupId}`);

/**
 * 1632 (seed 000): a group identifier that names no group, or not the group the other identifiers
 * name. `reason` says why when the seed's sentence alone would not (an ambiguous primary user).
 */
export const invalidGroupIdentifier = (value: string, reason?: string): DomainError =>
  domainError(1632, `group id/externalId/primary userId ${value} passed is not valid${reason === undefined ? '' : ` (${reason})`}`);

/** 3316 (seed 001): the program redeems only from group wallets, and the request named no group. */
export const groupRedemptionRequired = (): DomainError => domainError(3316, 'group redemption action executed from non group redemption payload');

/** 9908: the primary user cannot leave their own group (a group always has its primary). */
export const primaryCannotLeave = (userId: string, groupId: string): DomainError =>
  domainError(9908, `user ${userId} is the primary user of group ${groupId} and cannot leave it`);

/** 9920 (Pointfold's own): the group already has `groupMembersMax` active members. */
export const groupFull = (groupId: string): DomainError =>
  domainError(9920, `group ${groupId} already has ${groupMembersMax} active members, the most a group may have`);
