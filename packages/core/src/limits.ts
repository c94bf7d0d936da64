/**
 * Every limit of the core in one place, each with its unit in its name.
 * Changing one is a decision: note it in docs/decisions.md.
 */

/** Decimal places a point amount may carry (seed 001, error 878). */
export const pointsDecimalPlacesMax = 3;
/** Integer digits a point amount may carry: beyond this an amount is not a plausible balance (801). */
export const pointsIntegerDigitsMax = 12;
/** Page size of the ledger queries (seed 004: default 10, maximum 10). */
export const ledgerPageSizeMax = 10;
/** Window of getCustomerLedgerInfo (seed 004: at most 30 days between startDate and endDate). */
export const ledgerWindowDaysMax = 30;
/** Default window of getCustomerLedgerInfo when only one end is given (seed 004: 7 days). */
export const ledgerWindowDaysDefault = 7;
/** Longest id (event, customer, group, lot) the engine keeps, in UTF-16 code units. */
export const idLengthMax = 256;
/** Longest free text (names, notes) the engine keeps, in UTF-16 code units. */
export const textLengthMax = 4096;
/** Milliseconds in a day, the unit of the expiry agenda's buckets. */
export const dayMillis = 86_400_000;
/** Wrong tries a one-time code takes before it is void. */
export const otpAttemptsMax = 5;
/** How long a one-time code is valid, in minutes, unless the command says otherwise. */
export const otpValidityMinutesDefault = 15;
/** The longest a one-time code may be valid, in minutes (a day). */
export const otpValidityMinutesMax = 1440;
