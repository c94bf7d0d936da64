/**
 * Questions about reward issues, answered from folded state: an issue by id or by its event, how often
 * a customer received a reward lately (constraints), what a request id's first execution carried, and
 * the seed 002 bodies an issue call answers with, for a fresh execution and a retried one alike.
 */
import Big from 'big.js';
import { Execution, JsonObject, OrgState, Points, PointsAmount, Timestamp, eventIdsOf, formatSeedDateTime, formatTimestamp, getSlice, requestRecord } from '@pointfold/core';
import { PaymentConfigId, VendorAnswer } from '../codecs';
import { PartnerError, RewardIssueRefusal } from '../errors';
import { totalRedemptionValue } from './price';
import { IssuedReward, RecordedRefusal, issuesSlice, receivedKey } from './state';

/** An issued reward by its issue id (the answer's `transactionId`), if any. */
export const issueOf = (s: OrgState, issueId: string): IssuedReward | undefined => getSlice(s, issuesSlice).byId.get(issueId);

/** The issued reward a `RewardIssued` event recorded, by the event's id. */
export const issueOfEvent = (s: OrgState, eventId: string): IssuedReward | undefined => {
  const issueId = getSlice(s, issuesSlice).byEvent.get(eventId);
  return issueId === undefined ? undefined : issueOf(s, issueId);
};

/** The refusal a `RewardIssueRefused` event recorded, by the event's id. */
export const refusalOfEvent = (s: OrgState, eventId: string): RecordedRefusal | undefined => getSlice(s, issuesSlice).refusals.get(eventId);

/** The times a customer received a reward, ascending. */
export const receivedTimes = (s: OrgState, customerId: string, rewardId: string): readonly Timestamp[] =>
  getSlice(s, issuesSlice).received.get(receivedKey(customerId, rewardId)) ?? [];

/**
 * How many times a customer received a reward after `since` (a rolling window: what a constraint of
 * `periodDays` counts, with `since` = now - periodDays). Cost: the issues in the window.
 */
export const issuesReceivedSince = (s: OrgState, customerId: string, rewardId: string, since: Timestamp): number => {
  const times = receivedTimes(s, customerId, rewardId);
  let n = 0;
  for (let i = times.length - 1; i >= 0 && (times[i] as Timestamp) > since; i--) n++;
  return n;
};

/** The issued reward of an execution of `IssueReward` (fresh or retried), if it issued one. */
export const issueOfExecution = (s: OrgState, x: Execution): IssuedReward | undefined => {
  for (const id of eventIdsOf(x)) {
    const issue = issueOfEvent(s, id);
    if (issue !== undefined) return issue;
  }
  return undefined;
};

/**
 * The refusal an execution of `IssueReward` answers with, partner details included, or undefined when
 * it issued the reward. A command without a request id is refused by the engine itself (`left`): that
 * value is already a `RewardIssueRefusal`.
 */
export const rewardIssueRefusalOf = (s: OrgState, x: Execution): RewardIssueRefusal | undefined => {
  if (x.refusal === undefined) return undefined;
  for (const id of eventIdsOf(x)) {
    const recorded = refusalOfEvent(s, id);
    if (recorded !== undefined) return recorded.refusal;
  }
  return x.refusal;
};

/**
 * What the first execution of a request id carried from the vendor, when the id was used: the HTTP
 * layer must then not ask the vendor again, but execute the same request with this answer (none when
 * `vendor` is absent) to get the first outcome, or 9930 for another body. Undefined for a new id.
 * @example const seen = rewardRequestRecord(state, 'req-1'); if (seen) execute({ ...request, ...seen })
 */
export const rewardRequestRecord = (s: OrgState, requestId: string): { readonly vendor?: VendorAnswer } | undefined => {
  const record = requestRecord(s, requestId);
  if (record === undefined) return undefined;
  for (const id of record.eventIds) {
    const issue = issueOfEvent(s, id);
    if (issue !== undefined) return issue.vendor === undefined ? {} : { vendor: issue.vendor };
    const refused = refusalOfEvent(s, id);
    if (refused !== undefined) return refused.vendor === undefined ? {} : { vendor: refused.vendor };
  }
  return {};
};

/** Seed 002's `status` of a successful issue. */
export const rewardIssuedStatus = { success: true, code: 200, message: 'Reward issued successfully' } as const;

/** The payment configuration of an answer. */
export type AnswerPaymentConfig =
  | { readonly paymentMode: 'POINTS'; readonly id: PaymentConfigId; readonly points: string }
  | { readonly paymentMode: 'CONV_RATIO'; readonly id: PaymentConfigId; readonly conversionRatio: number };

/** Seed 002's success body. */
export interface RewardIssueAnswer {
  readonly status: typeof rewardIssuedStatus;
  readonly intouch: { readonly pointsRedeemed: string; readonly couponCode: string; readonly codeExpiry: string } | null;
  /** The issue id. */
  readonly transactionId: string;
  readonly promotion: null;
  readonly vendor: { readonly pointsRedeemed: string; readonly voucher: string } | null;
  readonly paymentConfig: AnswerPaymentConfig;
  /** CONV_RATIO: the unit bought and the value bought in all; null for POINTS. */
  readonly redemptionDetails: { readonly redemptionType: string | null; readonly totalRedemptionValue: number } | null;
  readonly fulfillmentDetails: JsonObject | null;
  readonly customFields: JsonObject | null;
  readonly eventLogId: string | null;
  readonly requestId: string | null;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly eventDateTime: string | null;
  readonly issueDateTime: string;
}

/** Points as the seeds show them in an answer: `"2273"`, `"10.5"`. */
export const pointsText = (p: PointsAmount): string => Points.toBig(p).toFixed();

/** A time as seed 002's answers show it: `2025-03-27T13:38:11Z` (no milliseconds). */
const answerTime = (t: Timestamp): string => `${formatTimestamp(t).slice(0, 19)}Z`;

/** The success body of an issued reward. */
export const answerOfIssue = (issue: IssuedReward): RewardIssueAnswer => {
  const pointsRedeemed = pointsText(issue.points);
  const config = issue.paymentConfig;
  const total = totalRedemptionValue(config, issue.quantity);
  return {
    status: rewardIssuedStatus,
    intouch: issue.coupon === undefined ? null : { pointsRedeemed, couponCode: issue.coupon.code, codeExpiry: formatSeedDateTime(issue.coupon.expiresAt) },
    transactionId: issue.issueId,
    promotion: null,
    vendor: issue.vendor === undefined ? null : { pointsRedeemed, voucher: issue.vendor.voucher },
    paymentConfig:
      config.mode === 'POINTS'
        ? { paymentMode: 'POINTS', id: config.id, points: pointsText(config.points) }
        : { paymentMode: 'CONV_RATIO', id: config.id, conversionRatio: new Big(config.conversionRatio).toNumber() },
    redemptionDetails:
      config.mode === 'CONV_RATIO' && total !== undefined ? { redemptionType: config.redemptionType ?? null, totalRedemptionValue: new Big(total).toNumber() } : null,
    fulfillmentDetails: issue.fulfillmentDetails ?? null,
    customFields: issue.customFields ?? null,
    eventLogId: issue.eventLogId ?? null,
    requestId: issue.requestId ?? null,
    eventDateTime: issue.eventDateTime === undefined ? null : answerTime(issue.eventDateTime),
    issueDateTime: answerTime(issue.at),
  };
};

/**
 * Seed 002's success body for an execution of `IssueReward`, fresh or retried (read through the
 * request's recorded event ids); undefined when the execution issued nothing (see `rewardIssueRefusalOf`).
 * @example const x = rewardsEngine.execute(state, issue, ctx); if (E.isRight(x)) rewardIssueAnswer(x.right.state, x.right)
 */
export const rewardIssueAnswer = (s: OrgState, x: Execution): RewardIssueAnswer | undefined => {
  if (x.refusal !== undefined) return undefined;
  const issue = issueOfExecution(s, x);
  return issue === undefined ? undefined : answerOfIssue(issue);
};

/** Seed 002's failure body. */
export interface RewardIssueFailure {
  readonly status: { readonly success: false; readonly code: number; readonly message: string; readonly partnerError?: PartnerError };
  readonly intouch: null;
  readonly promotion: null;
  readonly vendor: null;
}

/** The failure body of a refusal (`partnerError` only when the refusal has one). */
export const rewardIssueFailure = (r: RewardIssueRefusal): RewardIssueFailure => ({
  status: {
    success: false,
    code: r.code,
    message: r.message,
    ...(r.partnerError === undefined ? {} : { partnerError: { codes: [...r.partnerError.codes], messages: [...r.partnerError.messages] } }),
  },
  intouch: null,
  promotion: null,
  vendor: null,
});
