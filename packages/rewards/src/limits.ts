/**
 * Every limit of the rewards package in one place, each with its unit in its name.
 * Changing one is a decision: note it in docs/decisions.md ("Rewards").
 */

/** How far ahead of the command's time a request's `eventDateTime` may be (seed 002: "up to 1 day (24 hours) in the future"). */
export const eventDateTimeAheadHoursMax = 24;

/**
 * The largest quantity a reward issue may ask for (after its decimal part is dropped). The seeds give
 * none; a quantity is a multiplier of the price, and beyond this it is more likely a typo than a purchase.
 */
export const quantityMax = 10_000;

/** Days an Intouch coupon stays valid when the reward does not say (`couponValidityDays`). */
export const couponValidityDaysDefault = 365;
/** The longest coupon validity a reward may define, in days (ten years). */
export const couponValidityDaysMax = 3650;

/** The longest window of a reward constraint (`periodDays`), in days. */
export const constraintPeriodDaysMax = 3650;
/** The most issues a constraint may allow in its window (`maxIssues`). */
export const constraintMaxIssuesMax = 1_000_000;

/** Payment configurations one reward may define. */
export const paymentConfigsPerRewardMax = 20;
/** Constraints one reward may define. */
export const constraintsPerRewardMax = 10;
/** (segment, partition) pairs one reward may name. */
export const segmentsPerRewardMax = 200;
/** (segment, partition) pairs one customer may hold. */
export const membershipsPerCustomerMax = 200;

/** Decimal places of a conversion ratio or a redemption value (big.js arithmetic, exact). */
export const decimalPlacesMax = 12;
/** Integer digits of a conversion ratio or a redemption value (as many as the core allows a point amount). */
export const decimalIntegerDigitsMax = 12;
