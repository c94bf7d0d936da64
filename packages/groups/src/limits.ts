/**
 * Every limit of the groups package in one place, each with its unit in its name.
 * Changing one is a decision: note it in docs/decisions.md.
 */

/**
 * Active members a group may have, its primary user included. The seeds give no number; a
 * family or a fleet larger than this is more likely a mistake (or an abuse of a shared wallet)
 * than a real group, and the bound keeps membership checks cheap. Beyond it: 9920.
 */
export const groupMembersMax = 50;

/** Decimal places of a redemption's currency value (`redeemed_value`), rounded HALF_UP. */
export const redeemedValueDecimalPlaces = 3;
