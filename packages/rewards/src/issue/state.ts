/**
 * The issues slice: every reward issued, by issue id and by the id of its event (what a retried
 * request's record names), the times each customer received each reward (what constraints count), and
 * the refusals recorded for requests with a request id. `evolve` only copies what the events say.
 */
import { Draft, EntityRef, JsonObject, PMap, Points, PointsAmount, Timestamp, assert, defineSlice, getSlice, setSlice } from '@pointfold/core';
import { ConsumedLot } from '@pointfold/groups';
import { VendorAnswer } from '../codecs';
import { RewardFulfillment } from '../catalogue/state';
import { RewardIssueRefusal } from '../errors';
import { IssuedPaymentConfig } from './price';
// Only the events' types: their definitions import this module for their fold.
import type { RewardIssueRefused, RewardIssued } from './events';

/** An issued reward as the state keeps it. */
export interface IssuedReward {
  readonly issueId: string;
  /** The id of the `RewardIssued` event. */
  readonly eventId: string;
  /** When it was issued (seed 002's `issueDateTime`). */
  readonly at: Timestamp;
  readonly rewardId: string;
  readonly brand: string;
  /** The receiver: the customer the request named (a group's initiating member, for a group redemption). */
  readonly customerId: string;
  /** The wallet that paid: the receiver's own, or the group's. */
  readonly wallet: EntityRef;
  readonly groupRedemption: boolean;
  readonly programId: number;
  readonly fulfillment: RewardFulfillment;
  readonly paymentConfig: IssuedPaymentConfig;
  readonly quantity: number;
  readonly points: PointsAmount;
  /** The lots the price was taken from, in the order they were consumed. */
  readonly lots: readonly ConsumedLot[];
  readonly transactionNumber?: string;
  readonly notes?: string;
  readonly customFields?: JsonObject;
  readonly fulfillmentDetails?: JsonObject;
  readonly eventLogId?: string;
  readonly eventDateTime?: Timestamp;
  readonly requestId?: string;
  readonly coupon?: { readonly code: string; readonly expiresAt: Timestamp };
  readonly vendor?: { readonly voucher: string };
}

/** A refusal recorded for a request with a request id (the `RewardIssueRefused` event). */
export interface RecordedRefusal {
  readonly eventId: string;
  readonly at: Timestamp;
  readonly requestId: string;
  readonly rewardId: string;
  readonly refusal: RewardIssueRefusal;
  /** The vendor's answer the request carried, if any. */
  readonly vendor?: VendorAnswer;
}

/** The reward issues of an organisation. */
export interface IssuesState {
  readonly byId: PMap<IssuedReward>;
  /** `RewardIssued` event id -> issue id. */
  readonly byEvent: PMap<string>;
  /** `customerKey(customerId, rewardId)` -> the times the customer received the reward, ascending. */
  readonly received: PMap<readonly Timestamp[]>;
  /** `RewardIssueRefused` event id -> the refusal. */
  readonly refusals: PMap<RecordedRefusal>;
}

/** The issues' slice of the organisation state. */
export const issuesSlice = defineSlice<IssuesState>('rewardIssues', {
  byId: PMap.empty(),
  byEvent: PMap.empty(),
  received: PMap.empty(),
  refusals: PMap.empty(),
});

/** The key of a customer and a reward (length-prefixed: ids may hold any character). */
export const receivedKey = (customerId: string, rewardId: string): string => `${customerId.length}:${customerId}|${rewardId}`;

/** The refusal a `RewardIssueRefused` event records. */
export const refusalOf = (e: RewardIssueRefused): RewardIssueRefusal => ({
  _tag: 'DomainError',
  code: e.code,
  message: e.message,
  ...(e.partnerError === undefined ? {} : { partnerError: e.partnerError }),
});

/** Records an issued reward, the lots it consumed, and the time the customer received it. */
export const recordRewardIssued = (d: Draft, e: RewardIssued): void => {
  const s = getSlice(d, issuesSlice);
  assert(!s.byId.has(e.issueId), () => `reward issue ${e.issueId} recorded twice`);
  const lots: ConsumedLot[] = [];
  for (const p of e.postings) {
    if (p.entityType === 'SYSTEM') continue;
    assert(p.lotId !== undefined && Points.isNegative(p.points), () => `reward issue ${e.issueId} has a wallet posting that takes no lot`);
    lots.push({ lotId: p.lotId, points: Points.negate(p.points) });
  }
  const issue: IssuedReward = {
    issueId: e.issueId,
    eventId: e.id,
    at: e.at,
    rewardId: e.rewardId,
    brand: e.brand,
    customerId: e.customerId,
    wallet: { type: e.wallet.type, id: e.wallet.id },
    groupRedemption: e.groupRedemption,
    programId: e.programId,
    fulfillment: e.fulfillment,
    paymentConfig: e.paymentConfig,
    quantity: e.quantity,
    points: e.points,
    lots,
    ...(e.transactionNumber === undefined ? {} : { transactionNumber: e.transactionNumber }),
    ...(e.notes === undefined ? {} : { notes: e.notes }),
    ...(e.customFields === undefined ? {} : { customFields: e.customFields }),
    ...(e.fulfillmentDetails === undefined ? {} : { fulfillmentDetails: e.fulfillmentDetails }),
    ...(e.eventLogId === undefined ? {} : { eventLogId: e.eventLogId }),
    ...(e.eventDateTime === undefined ? {} : { eventDateTime: e.eventDateTime }),
    ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
    ...(e.coupon === undefined ? {} : { coupon: e.coupon }),
    ...(e.vendor === undefined ? {} : { vendor: e.vendor }),
  };
  const key = receivedKey(e.customerId, e.rewardId);
  setSlice(d, issuesSlice, {
    ...s,
    byId: s.byId.set(e.issueId, issue, d.edit),
    byEvent: s.byEvent.set(e.id, e.issueId, d.edit),
    received: s.received.set(key, [...(s.received.get(key) ?? []), e.at], d.edit),
  });
};

/** Records a refusal of a request with a request id. */
export const recordRewardIssueRefused = (d: Draft, e: RewardIssueRefused): void => {
  const s = getSlice(d, issuesSlice);
  const r: RecordedRefusal = {
    eventId: e.id,
    at: e.at,
    requestId: e.requestId,
    rewardId: e.rewardId,
    refusal: refusalOf(e),
    ...(e.vendor === undefined ? {} : { vendor: e.vendor }),
  };
  setSlice(d, issuesSlice, { ...s, refusals: s.refusals.set(e.id, r, d.edit) });
};
