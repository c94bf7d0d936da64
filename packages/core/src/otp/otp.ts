/**
 * One-time codes (OTPs): a customer proves a redemption or a transfer with a code sent to them.
 * A code is stored only as a salted SHA-256, is valid until its expiry, works once, and is void after
 * `otpAttemptsMax` wrong tries. Issuing a new code for the same purpose replaces the previous one.
 * Wrong tries are recorded by an event (`OneTimeCodeRejected`) that the command answers with 808.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Timestamp } from '../time/timestamp';
import { absurd, assert } from '../assert';
import { Id, IsoTimestamp, oneOf } from '../codec';
import { PMap } from '../collections';
import { hashSecret } from '../crypto';
import { DomainError, customerNotFound, domainError } from '../errors';
import { otpAttemptsMax, otpValidityMinutesDefault, otpValidityMinutesMax } from '../limits';
import { eventCodec } from '../engine/event-codec';
import { CommandContext, EventBase, defineEvent } from '../engine/module';
import { Draft, OrgState, defineSlice, getSlice, setSlice } from '../engine/state';

/** What a code may be used for. */
export type CodePurpose = 'REDEMPTION' | 'TRANSFER';
export const CodePurposeCodec = oneOf<CodePurpose>('CodePurpose', ['REDEMPTION', 'TRANSFER']);

export type CodeStatus = 'ACTIVE' | 'USED' | 'VOID' | 'REPLACED';

/** A code as the state keeps it (never in clear). */
export interface OneTimeCode {
  readonly codeId: string;
  readonly customerId: string;
  readonly purpose: CodePurpose;
  readonly hash: string;
  readonly salt: string;
  readonly issuedAt: Timestamp;
  readonly expiresAt: Timestamp;
  readonly failures: number;
  readonly status: CodeStatus;
}

export interface OtpState {
  readonly codes: PMap<OneTimeCode>;
  /** `${purpose}:${customerId}` -> the latest code's id. */
  readonly latest: PMap<string>;
}

export const otpSlice = defineSlice<OtpState>('otp', { codes: PMap.empty(), latest: PMap.empty() });

const latestKey = (purpose: CodePurpose, customerId: string): string => `${purpose}:${customerId}`;

export const OneTimeCodeIssued = eventCodec('OneTimeCodeIssued', {
  codeId: Id,
  customerId: Id,
  purpose: CodePurposeCodec,
  hash: Id,
  salt: Id,
  expiresAt: IsoTimestamp,
});
export type OneTimeCodeIssued = t.TypeOf<typeof OneTimeCodeIssued>;

export const OneTimeCodeRejected = eventCodec('OneTimeCodeRejected', { codeId: Id });
export type OneTimeCodeRejected = t.TypeOf<typeof OneTimeCodeRejected>;

export const OneTimeCodeUsed = eventCodec('OneTimeCodeUsed', { codeId: Id });
export type OneTimeCodeUsed = t.TypeOf<typeof OneTimeCodeUsed>;

/** The refusal for a code that is wrong, expired, used, void or missing (seed 004). */
export const invalidCode = (detail: string): DomainError => domainError(808, `Unable to redeem. Validation code is invalid (${detail}).`);

const ok = E.right(undefined);

const codeOf = (s: OrgState, codeId: string): OneTimeCode | undefined => getSlice(s, otpSlice).codes.get(codeId);

/** The code most recently issued to a customer for a purpose, whatever its status. */
export const latestCode = (s: OrgState, customerId: string, purpose: CodePurpose): OneTimeCode | undefined => {
  const id = getSlice(s, otpSlice).latest.get(latestKey(purpose, customerId));
  return id === undefined ? undefined : codeOf(s, id);
};

const activeCheck = (s: OrgState, codeId: string, at: Timestamp): E.Either<DomainError, OneTimeCode> => {
  const code = codeOf(s, codeId);
  if (code === undefined) return E.left(domainError(9903, `unknown one-time code ${codeId}`));
  if (code.status !== 'ACTIVE') return E.left(invalidCode(`code ${codeId} is ${code.status.toLowerCase()}`));
  if (code.expiresAt <= at) return E.left(invalidCode(`code ${codeId} expired`));
  return E.right(code);
};

const update = (d: Draft, code: OneTimeCode): void => {
  const s = getSlice(d, otpSlice);
  setSlice(d, otpSlice, { ...s, codes: s.codes.set(code.codeId, code, d.edit) });
};

export const oneTimeCodeIssuedEvent = defineEvent<OneTimeCodeIssued>({
  type: 'OneTimeCodeIssued',
  codec: OneTimeCodeIssued,
  check: (s, e) => {
    if (!s.org.customers.has(e.customerId)) return E.left(customerNotFound(`id ${e.customerId}`));
    if (codeOf(s, e.codeId) !== undefined) return E.left(domainError(9907, `already defined: one-time code ${e.codeId}`));
    if (e.expiresAt <= e.at) return E.left(domainError(9908, 'a one-time code expires after it is issued'));
    if (e.expiresAt - e.at > otpValidityMinutesMax * 60_000)
      return E.left(domainError(9908, `a one-time code is valid for at most ${otpValidityMinutesMax} minutes`));
    return ok;
  },
  evolve: (d, e) => {
    const s = getSlice(d, otpSlice);
    let codes = s.codes;
    const previous = s.latest.get(latestKey(e.purpose, e.customerId));
    const prev = previous === undefined ? undefined : codes.get(previous);
    if (prev !== undefined && prev.status === 'ACTIVE') codes = codes.set(prev.codeId, { ...prev, status: 'REPLACED' }, d.edit);
    const code: OneTimeCode = { codeId: e.codeId, customerId: e.customerId, purpose: e.purpose, hash: e.hash, salt: e.salt, issuedAt: e.at, expiresAt: e.expiresAt, failures: 0, status: 'ACTIVE' };
    setSlice(d, otpSlice, { codes: codes.set(e.codeId, code, d.edit), latest: s.latest.set(latestKey(e.purpose, e.customerId), e.codeId, d.edit) });
  },
});

export const oneTimeCodeRejectedEvent = defineEvent<OneTimeCodeRejected>({
  type: 'OneTimeCodeRejected',
  codec: OneTimeCodeRejected,
  check: (s, e) => E.map(() => undefined)(activeCheck(s, e.codeId, e.at)),
  evolve: (d, e) => {
    const code = codeOf(d, e.codeId);
    assert(code !== undefined, () => `rejection of unknown code ${e.codeId}`);
    const failures = code.failures + 1;
    update(d, { ...code, failures, status: failures >= otpAttemptsMax ? 'VOID' : code.status });
  },
  refusal: () => invalidCode('wrong code'),
});

export const oneTimeCodeUsedEvent = defineEvent<OneTimeCodeUsed>({
  type: 'OneTimeCodeUsed',
  codec: OneTimeCodeUsed,
  check: (s, e) => E.map(() => undefined)(activeCheck(s, e.codeId, e.at)),
  evolve: (d, e) => {
    const code = codeOf(d, e.codeId);
    assert(code !== undefined, () => `use of unknown code ${e.codeId}`);
    update(d, { ...code, status: 'USED' });
  },
});

/**
 * Why a command's validity for a new code cannot be used (a whole number of minutes from 1 to
 * `otpValidityMinutesMax`): 9908, said before any event is built. Undefined when it can.
 * @example invalidCodeValidity(0.5) // a DomainError 9908; invalidCodeValidity(15) // undefined
 */
export const invalidCodeValidity = (minutes: number): DomainError | undefined =>
  Number.isSafeInteger(minutes) && minutes >= 1 && minutes <= otpValidityMinutesMax
    ? undefined
    : domainError(9908, `a one-time code's validity is a whole number of minutes from 1 to ${otpValidityMinutesMax}, got ${String(minutes)}`);

/** A new code: the event to append, and the code in clear (for the OTP sink only: never stored). */
export const issueCode = (
  customerId: string,
  purpose: CodePurpose,
  ctx: CommandContext,
  validityMinutes = otpValidityMinutesDefault,
): { event: OneTimeCodeIssued; code: string } => {
  const code = ctx.newToken('otp');
  const salt = ctx.newToken('salt');
  return {
    code,
    event: {
      type: 'OneTimeCodeIssued',
      id: ctx.newId(),
      at: ctx.now,
      codeId: ctx.newId(),
      customerId,
      purpose,
      hash: hashSecret(code, salt),
      salt,
      expiresAt: (ctx.now + validityMinutes * 60_000) as Timestamp,
    },
  };
};

/** What checking a code found. */
export type CodeCheck =
  | { readonly kind: 'valid'; readonly use: OneTimeCodeUsed }
  | { readonly kind: 'wrong'; readonly reject: OneTimeCodeRejected }
  | { readonly kind: 'invalid'; readonly error: DomainError };

/**
 * Checks a code a customer gave for a purpose: valid (with the event that uses it up), wrong (with
 * the event that counts the try: append it and answer 808), or invalid (no code, expired, used, void:
 * 808, nothing to append).
 */
export const checkCode = (s: OrgState, customerId: string, purpose: CodePurpose, given: string, ctx: CommandContext): CodeCheck => {
  const code = latestCode(s, customerId, purpose);
  if (code === undefined) return { kind: 'invalid', error: invalidCode('no code was issued') };
  const active = activeCheck(s, code.codeId, ctx.now);
  if (E.isLeft(active)) return { kind: 'invalid', error: active.left };
  if (hashSecret(given, code.salt) !== code.hash)
    return { kind: 'wrong', reject: { type: 'OneTimeCodeRejected', id: ctx.newId(), at: ctx.now, codeId: code.codeId } };
  return { kind: 'valid', use: { type: 'OneTimeCodeUsed', id: ctx.newId(), at: ctx.now, codeId: code.codeId } };
};

/**
 * The events of a command proven by a one-time code: the code's use and the command's own events
 * when the code is valid; only the counted try when it is wrong (the engine appends it and answers
 * 808); the refusal, appending nothing, when there is no usable code.
 * @example return provenBy(checkCode(s, customerId, 'TRANSFER', c.code, ctx), () => [transferEvent(...)]);
 */
export const provenBy = (check: CodeCheck, events: () => readonly EventBase[]): E.Either<DomainError, readonly EventBase[]> => {
  switch (check.kind) {
    case 'valid':
      return E.right([check.use, ...events()]);
    case 'wrong':
      return E.right([check.reject]);
    case 'invalid':
      return E.left(check.error);
    default:
      return absurd(check);
  }
};
