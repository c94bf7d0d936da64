/**
 * The vendor port of reward issue (seed 002: a VENDOR reward's points are deducted "only if the vendor
 * reward issue is successful"). The server asks the vendor only after the pure pre-check
 * (`planRewardIssue`) said yes, inside the executor's turn, and passes its answer to `IssueReward`:
 * a voucher issues the reward, anything else (a failure, no answer, an error, a timeout) is 8003 and
 * debits nothing. A retried request id is never sent to the vendor again: the first answer is on record.
 */
import * as E from 'fp-ts/Either';
import { describeErrors } from '@pointfold/core';
import { VendorAnswer, VendorAnswerCodec } from '@pointfold/rewards';

/** What the server asks a vendor: one planned issue of a VENDOR reward. */
export interface VendorIssueRequest {
  readonly rewardId: string;
  readonly brand: string;
  /** The receiver. */
  readonly customerId: string;
  /** The price about to be debited (3-decimal text). */
  readonly points: string;
  readonly quantity: number;
  readonly transactionNumber?: string;
  /** The request's idempotency key, for a vendor that keeps one too. */
  readonly requestId?: string;
}

/** A reward vendor: answers with a voucher (a coupon code or reference id) or a failure. */
export interface RewardVendor {
  issue(request: VendorIssueRequest): Promise<VendorAnswer>;
}

/** The default vendor: none is configured, so every VENDOR reward is refused (8003) and nothing is debited. */
export const noVendor: RewardVendor = {
  issue: () => Promise.resolve({ failure: 'no vendor is configured for this server' }),
};

/** How long the server waits for a vendor's answer by default. */
export const vendorTimeoutMsDefault = 10_000;

/** A failure's reason is kept in the log (with the refusal of a request id): short, so it always fits an event's text. */
const reasonLengthMax = 500;
const short = (text: string): string => (text.length > reasonLengthMax ? `${text.slice(0, reasonLengthMax - 3)}...` : text);
const messageOf = (e: unknown): string => short(e instanceof Error ? e.message : String(e));

/**
 * Asks the vendor, and makes whatever happens an answer: a voucher, or a failure naming what went
 * wrong (the vendor failed, threw, answered something that is not an answer, or took too long).
 */
export const askVendor = async (vendor: RewardVendor, request: VendorIssueRequest, timeoutMs: number): Promise<VendorAnswer> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<VendorAnswer>((resolve) => {
    timer = setTimeout(() => resolve({ failure: `the vendor did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    const answer: unknown = await Promise.race([vendor.issue(request), timeout]);
    const decoded = VendorAnswerCodec.decode(answer);
    if (E.isLeft(decoded)) return { failure: short(`the vendor's answer is not one: ${describeErrors(decoded.left)}`) };
    // Seed 002: "The 'voucher' must have a valid value, such as a coupon code or reference ID": blanks are none.
    if ('voucher' in decoded.right && decoded.right.voucher.trim() === '') return { failure: 'the vendor answered a voucher of blanks only' };
    return decoded.right;
  } catch (e) {
    return { failure: `the vendor failed: ${messageOf(e)}` };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
};
