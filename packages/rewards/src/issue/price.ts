/**
 * What a reward costs, in exact decimals (big.js, rounding named). POINTS: the configuration's points,
 * whatever the quantity (decision 115). CONV_RATIO: redemption value / conversion ratio x quantity, rounded HALF_UP to a
 * whole point once, at the end (seed 002: 1000 / 0.44 x 1 = 2273; 1 / 0.44 x 1 = 2). Also the request's
 * quantity (decimals dropped) and redemption value, which only this module reads.
 */
import Big from 'big.js';
import * as E from 'fp-ts/Either';
import { Points, PointsAmount, limits } from '@pointfold/core';
import { canonicalDecimal } from '../codecs';
import { ConvRatioPaymentConfig, PaymentConfig, PointsPaymentConfig } from '../catalogue/state';
import { RewardIssueRefusal, badRequest } from '../errors';
import { quantityMax } from '../limits';

/** The redemption value of a CONV_RATIO issue that gives none (seed 002's "issuing reward with only quantity"). */
export const defaultRedemptionValue = '1';

/** A payment configuration as an issue used it: a CONV_RATIO one with the redemption value bought per unit. */
export type IssuedPaymentConfig = PointsPaymentConfig | (ConvRatioPaymentConfig & { readonly redemptionValue: string });

const INTEGER_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * The quantity of a request: its decimal part dropped (1.56 is 1, "2.9" is 2), 1 when absent; 400 when
 * it is not a number, or is below 1 or above `quantityMax` once truncated.
 * @example parseQuantity(1.56) // right(1)
 */
export const parseQuantity = (q: number | string | undefined): E.Either<RewardIssueRefusal, number> => {
  if (q === undefined) return E.right(1);
  const shown = typeof q === 'string' ? JSON.stringify(q) : String(q);
  let whole: Big;
  if (typeof q === 'number') {
    if (!Number.isFinite(q)) return E.left(badRequest({ kind: 'quantity', value: shown, detail: 'is not a number' }));
    if (Math.abs(q) > Number.MAX_SAFE_INTEGER) return E.left(badRequest({ kind: 'quantity', value: shown, detail: 'is too large' }));
    whole = new Big(Math.trunc(q));
  } else {
    if (!INTEGER_TEXT.test(q)) return E.left(badRequest({ kind: 'quantity', value: shown, detail: 'is not a number' }));
    whole = new Big(q).round(0, Big.roundDown);
  }
  if (whole.lt(1)) return E.left(badRequest({ kind: 'quantity', value: shown, detail: `is ${whole.toFixed()} without its decimal part` }));
  if (whole.gt(quantityMax)) return E.left(badRequest({ kind: 'quantity', value: shown, detail: `is above ${quantityMax}` }));
  return E.right(Number(whole.toFixed()));
};

/** The redemption value of a request as a canonical decimal text (400 when it is not a positive decimal). */
export const parseRedemptionValue = (v: number | string): E.Either<RewardIssueRefusal, string> => {
  const d = canonicalDecimal(v);
  return d === undefined ? E.left(badRequest({ kind: 'redemptionValue', value: typeof v === 'string' ? JSON.stringify(v) : String(v) })) : E.right(d);
};

// Division by a ratio rounds the exact quotient once: to 0 decimal places, HALF_UP.
const WholeHalfUp = Big();
WholeHalfUp.DP = 0;
WholeHalfUp.RM = Big.roundHalfUp;

/**
 * The exact price of `quantity` units with a payment configuration, as a decimal: POINTS its points,
 * whatever the quantity (seed 002: the quantity "applies only to rewards with the payment configuration
 * CONV_RATIO", and one reward is issued: decision 115), CONV_RATIO rounded once to a whole point. It may
 * be more than any point amount holds (a large redemption value, a large quantity): compare it with
 * `priceMax` (`priceFits`) before `priceOf`.
 */
export const exactPrice = (config: IssuedPaymentConfig, quantity: number): Big =>
  // (value x quantity) / ratio is value / ratio x quantity exactly; dividing last rounds once.
  config.mode === 'POINTS' ? Points.toBig(config.points) : new WholeHalfUp(config.redemptionValue).times(quantity).div(config.conversionRatio);

/**
 * What a POINTS reward issued with a quantity above 1 cost before decision 115: its points times the
 * quantity, exact; undefined for any other issue, or beyond what a point amount holds. Histories written
 * then record that price, and they still replay.
 */
export const formerPointsPrice = (config: IssuedPaymentConfig, quantity: number): PointsAmount | undefined => {
  if (config.mode !== 'POINTS' || quantity <= 1) return undefined;
  const millis = Points.toMillis(config.points) * BigInt(quantity);
  return millis <= Points.toMillis(priceMax) ? Points.fromMillis(millis) : undefined;
};

/**
 * The price in points of `quantity` units with a payment configuration (zero is possible for a tiny
 * CONV_RATIO value: the ledger then refuses it, 801). The price must fit in a point amount (`priceFits`):
 * beyond the ledger's range this throws.
 * @example priceOf({ id: 1, mode: 'CONV_RATIO', conversionRatio: '0.44', redemptionValue: '1000' }, 1) // 2273 points
 */
export const priceOf = (config: IssuedPaymentConfig, quantity: number): PointsAmount => {
  if (config.mode === 'POINTS') return config.points;
  return Points.fromBig(exactPrice(config, quantity), 'HALF_UP');
};

/** The largest price a reward issue may have: the largest amount the core reads. */
export const priceMax: PointsAmount = Points.points(`${'9'.repeat(limits.pointsIntegerDigitsMax)}.999`);

/** True when the price of `quantity` units is at most `priceMax`, so that `priceOf` can hold it. */
export const priceFits = (config: IssuedPaymentConfig, quantity: number): boolean => exactPrice(config, quantity).lte(Points.toBig(priceMax));

/** The value bought in all (redemption value x quantity), for seed 002's `totalRedemptionValue`. */
export const totalRedemptionValue = (config: IssuedPaymentConfig, quantity: number): string | undefined =>
  config.mode === 'CONV_RATIO' ? new Big(config.redemptionValue).times(quantity).toFixed() : undefined;

/**
 * The configuration an issue uses: a CONV_RATIO one with the redemption value (1 when the request
 * gives none); a POINTS one refuses a redemption value (12016 is decided by the caller).
 */
export const issuedConfigOf = (config: PaymentConfig, redemptionValue: string | undefined): IssuedPaymentConfig =>
  config.mode === 'POINTS' ? config : { ...config, redemptionValue: redemptionValue ?? defaultRedemptionValue };
