/**
 * Every limit of the transfers package in one place, each with its unit in its name.
 * Changing one is a decision: note it in docs/decisions.md.
 */

/**
 * The unit transfers must be a multiple of when the organisation sets no `transfer.multipleOf`
 * (seed 003, 807: "Only whole numbers are accepted or points should be divisible as configured").
 * A fractional amount is refused with 807, never truncated.
 */
export const transferMultipleOfPointsDefault = '1';

/** Minutes a transfer code (issued by IsTransferrable with `issueOtp`) stays valid, unless the command says otherwise. */
export const transferCodeValidityMinutesDefault = 15;

/** Longest identifier value a request may carry, in UTF-16 code units (the core's id limit: longer is 434). */
export const identifierValueLengthMax = 256;
