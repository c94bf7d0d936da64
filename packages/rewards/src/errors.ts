/**
 * The refusals of reward issuance: one constructor per code, worded as seed 002 words them
 * (placeholders filled in). A `RewardIssueRefusal` is a `DomainError` (code and message) that may also
 * carry the ledger's own refusal as `partnerError`, which the seed's 8004 bodies show.
 */
import { DomainError, Timestamp, absurd, domainError, formatTimestamp } from '@pointfold/core';
import { quantityMax } from './limits';

export {
  /** 9906: postings of a reward issue that break its rules. */
  invalidPosting,
  /** 9907: a card number of another customer, a payment config id used twice in one reward. */
  duplicateDefinition,
  /** 9908: a reference that does not fit (dates in the wrong order, a vendor answer for a coupon reward, ...). */
  invalidReference,
  /** 885: an unknown program (history lines). */
  invalidProgram,
} from '@pointfold/core';
export {
  /** 816: no customer answers to the identifiers, or the customer was merged (naming the survivor). */
  customerNotFoundOrMerged,
  /** 1632: a group identifier that names no group, or not the same group as the others. */
  invalidGroupIdentifier,
  /** 1620: the initiator is not an active member of the group (history lines). */
  notGroupMember,
} from '@pointfold/groups';

/** The ledger's refusal behind an 8004, as seed 002 shows it: codes as texts, messages beside them. */
export interface PartnerError {
  readonly codes: readonly string[];
  readonly messages: readonly string[];
}

/**
 * A refused reward issue: the top code and message of the seed's `status`, and, for 8004, the
 * ledger's refusal in `partnerError`. Any `DomainError` is one (without partner details).
 * @example { _tag: 'DomainError', code: 8004, message: 'fail to issue reward as  points are not redeemable', partnerError: { codes: ['828'], messages: ['points redemption rules/configuration not allowing redemption'] } }
 */
export interface RewardIssueRefusal extends DomainError {
  readonly partnerError?: PartnerError;
}

/** Why a request is malformed in a way its codec cannot see (400). */
export type BadRequestReason =
  | { readonly kind: 'paymentConfigIdMandatory' }
  | { readonly kind: 'quantity'; readonly value: string; readonly detail: string }
  | { readonly kind: 'redemptionValue'; readonly value: string }
  | { readonly kind: 'eventDateTime'; readonly eventDateTime: Timestamp; readonly latest: Timestamp };

/**
 * 400. The payment configuration id is mandatory for a reward with several (seed 002's exact message);
 * a quantity that is not a whole number from 1 to `quantityMax` once its decimal part is dropped; a
 * redemption value that is not a positive decimal; an `eventDateTime` more than 24 hours ahead.
 */
export const badRequest = (r: BadRequestReason): RewardIssueRefusal => {
  switch (r.kind) {
    case 'paymentConfigIdMandatory':
      return domainError(400, 'Invalid payment mode passed.,Payment configuration id is mandatory');
    case 'quantity':
      return domainError(400, `Invalid quantity passed. The quantity must be a whole number from 1 to ${quantityMax} (its decimal part is dropped): ${r.value} ${r.detail}`);
    case 'redemptionValue':
      return domainError(400, `Invalid redemption value passed. The redemption value must be a positive decimal: ${r.value}`);
    case 'eventDateTime':
      return domainError(
        400,
        `Invalid eventDateTime passed. It can be at most 24 hours after the current time: ${formatTimestamp(r.eventDateTime)} is after ${formatTimestamp(r.latest)}`,
      );
    default:
      return absurd(r);
  }
};

/** 3004 (seed 002): no reward of this brand, or the reward is another brand's. */
export const brandNotFound = (): RewardIssueRefusal => domainError(3004, 'Brand not found');

/** Why a reward cannot be issued (8003). */
export type NotIssuableReason =
  | { readonly kind: 'unknown'; readonly rewardId: string }
  | { readonly kind: 'disabled'; readonly rewardId: string }
  | { readonly kind: 'notStarted'; readonly rewardId: string; readonly startsAt: Timestamp }
  | { readonly kind: 'ended'; readonly rewardId: string; readonly endsAt: Timestamp }
  | { readonly kind: 'noVoucher'; readonly rewardId: string; readonly failure?: string };

const inactive = 'Fail to issue reward as reward is disabled or not started yet or expired';

/**
 * 8003 (seed 002): the reward is unknown, disabled, not started or ended at the event's time, or the
 * vendor gave no voucher. The seed's sentence, with what happened in parentheses.
 */
export const rewardNotIssuable = (r: NotIssuableReason): RewardIssueRefusal => {
  switch (r.kind) {
    case 'unknown':
      return domainError(8003, `${inactive} (reward ${r.rewardId} does not exist)`);
    case 'disabled':
      return domainError(8003, `${inactive} (reward ${r.rewardId} is disabled)`);
    case 'notStarted':
      return domainError(8003, `${inactive} (reward ${r.rewardId} starts at ${formatTimestamp(r.startsAt)})`);
    case 'ended':
      return domainError(8003, `${inactive} (reward ${r.rewardId} ended at ${formatTimestamp(r.endsAt)})`);
    case 'noVoucher':
      return domainError(
        8003,
        `Fail to issue reward as the voucher is not present (reward ${r.rewardId}: ${r.failure === undefined ? 'the vendor gave no answer' : `the vendor failed: ${r.failure}`})`,
      );
    default:
      return absurd(r);
  }
};

/**
 * 8004 (seeds 000 and 002): the points could not be redeemed; `partner` is the ledger's refusal
 * (828, 1632, 1620, 803, 804, ...), shown in `partnerError`. For 1620 the top message names the
 * user and group (seed 002); otherwise it is the seed's sentence, two spaces included.
 */
export const pointsNotRedeemable = (partner: DomainError): RewardIssueRefusal => ({
  ...domainError(8004, partner.code === 1620 ? `fail to issue reward as ${partner.message}` : 'fail to issue reward as  points are not redeemable'),
  partnerError: { codes: [String(partner.code)], messages: [partner.message] },
});

/** The partner refusal of seed 002's last row: the organisation has a primary identifier and the request gave only others. */
export const onlySecondaryIdentifiers = (): DomainError => domainError(816, 'only secondary identifiers passed');

/** 12005 (seed 002): the reward's per-customer limit in its window is reached. */
export const constraintReached = (maxIssues: number): RewardIssueRefusal =>
  domainError(12005, `Reward constraint evaluation failed. Request failed. Max limit for the DAYS is reached. Allowed limit is ${maxIssues} for level CUSTOMER`);

/** 12016 (seed 002): the payment configuration asked for is not one of the reward's (or does not take a redemption value). */
export const invalidPaymentMode = (): RewardIssueRefusal => domainError(12016, 'Invalid payment mode passed.');

/** 12034 (seed 002): the customer holds none of the reward's (segment, partition) pairs. */
export const notInRewardSegment = (): RewardIssueRefusal => domainError(12034, "User doesn't belong to segment partition defined for reward segment");

/** 12050 (seed 002): the customer has no ACTIVE card of the reward's card series. */
export const noValidCard = (): RewardIssueRefusal => domainError(12050, 'User has no valid cards from card series linked to the reward.');
