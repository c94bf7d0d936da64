/**
 * Business refusals as values. A `DomainError` carries the seed's numeric code and its
 * message (seed wording, placeholders filled in). One constructor per code; other
 * packages add their own constructors on the same type in their `errors.ts`.
 */

/** A refused command or a refused history line: the seed's code and message. */
export interface DomainError {
  readonly _tag: 'DomainError';
  readonly code: number;
  readonly message: string;
}

/** Builds a DomainError. Prefer the named constructors below. */
export const domainError = (code: number, message: string): DomainError => ({ _tag: 'DomainError', code, message });

/** True for a DomainError value (used where errors of several kinds meet). */
export const isDomainError = (u: unknown): u is DomainError =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'DomainError';

// Seed codes (ERROR-CODES.md).
export const invalidPoints = (detail?: string): DomainError =>
  domainError(801, detail === undefined ? 'Points you are trying to redeem are invalid' : `Points you are trying to redeem are invalid: ${detail}`);
export const tooManyDecimals = (value: string): DomainError =>
  domainError(878, `Invalid decimal precision in points: ${value} has more than three decimal places`);
export const moreThanAvailable = (requested: string, available: string): DomainError =>
  domainError(803, `Unable to redeem. The points you are trying to redeem (${requested}) is more than the available points (${available})`);
export const insufficientPoints = (requested: string, available: string): DomainError =>
  domainError(804, `Insufficient current points: ${available} available, ${requested} requested`);
export const notMultipleOf = (unit: string): DomainError =>
  domainError(807, `Unable to redeem. Make sure that the points you are trying to redeem is a multiple of ${unit}. Check the points redemption configuration of your organization.`);
export const customerNotFound = (what: string): DomainError =>
  domainError(816, `Unable to find customer in this organization (${what})`);
export const notEnrolled = (customerId: string): DomainError =>
  domainError(881, `Customer ${customerId} is not registered into the loyalty program.`);
export const invalidProgram = (programId: string): DomainError => domainError(885, `Invalid program id ${programId}`);
export const invalidGroup = (value: string): DomainError =>
  domainError(1632, `group id/externalId/primary userId ${value} passed is not valid`);
/** An entity no event made: a customer (816) or a group (1632). */
export const entityNotFound = (type: 'CUSTOMER' | 'USERGROUP2', id: string): DomainError => (type === 'CUSTOMER' ? customerNotFound(`id ${id}`) : invalidGroup(id));

// Pointfold's own codes: conditions of the log itself, for which no seed has a code (docs/error-codes.md).
export const duplicateEventId = (id: string): DomainError => domainError(9901, `duplicate event id ${id}`);
export const timeGoesBack = (at: string, lastAt: string): DomainError =>
  domainError(9902, `event time ${at} is before the previous event's time ${lastAt}`);
export const unknownLot = (lotId: string): DomainError => domainError(9903, `unknown lot ${lotId}`);
export const unbalancedPostings = (detail: string): DomainError => domainError(9904, `postings do not sum to zero: ${detail}`);
export const lotOverdrawn = (lotId: string, remaining: string, requested: string): DomainError =>
  domainError(9905, `lot ${lotId} has ${remaining} points left, ${requested} requested`);
export const invalidPosting = (detail: string): DomainError => domainError(9906, `invalid posting: ${detail}`);
export const duplicateDefinition = (what: string): DomainError => domainError(9907, `already defined: ${what}`);
export const invalidReference = (detail: string): DomainError => domainError(9908, detail);
export const unknownEventType = (type: string): DomainError => domainError(9909, `unknown event type ${JSON.stringify(type)}`);
export const staleVersion = (expected: number, actual: number): DomainError =>
  domainError(9910, `expected version ${expected}, but the log is at version ${actual}`);
export const ledgerRangeExhausted = (): DomainError =>
  domainError(9915, "the ledger's range is exhausted: at most 9,007,199,254,740.991 points can be issued in all");
export const unknownCommand = (type: string): DomainError => domainError(9911, `unknown command type ${JSON.stringify(type)}`);
