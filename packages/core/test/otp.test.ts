/**
 * One-time codes (`otp.ts`): a code's validity window (inclusive expiry), its five counted wrong tries,
 * its single use, its replacement by a newer code, `provenBy`, and the checks of its history lines.
 */
import * as E from 'fp-ts/Either';
import {
  EventBase,
  OneTimeCodeIssued,
  OneTimeCodeRejected,
  OneTimeCodeUsed,
  Timestamp,
  checkCode,
  coreEngine,
  getSlice,
  invalidCodeValidity,
  issueCode,
  latestCode,
  otpSlice,
  provenBy,
} from '@pointfold/core';
import { testClock } from '@pointfold/core/testing';
import { minutes, world } from './fixtures';

const engine = coreEngine;

describe('one-time codes (otp.ts)', () => {
  const ev = (e: OneTimeCodeIssued): EventBase => e;
  // A code for c1 issued at minute 1 (valid 15 minutes unless said), its clear text 123456.
  const issuedAt = minutes(1);
  const issue = (validityMinutes?: number) => issueCode('c1', 'TRANSFER', testClock('otp', { otp: '123456' }).at(issuedAt), validityMinutes).event;
  const code = issue();
  const given = (...after: EventBase[]) => engine.fold([...world, code, ...after]);
  const rejected = (n: number): OneTimeCodeRejected[] => Array.from({ length: n }, (_, i) => ({ type: 'OneTimeCodeRejected', id: `rej-${i}`, at: minutes(2), codeId: code.codeId }));
  const used: OneTimeCodeUsed = { type: 'OneTimeCodeUsed', id: 'use-1', at: minutes(2), codeId: code.codeId };
  const check = (s: ReturnType<typeof given>, at: Timestamp, text = '123456') => checkCode(s, 'c1', 'TRANSFER', text, testClock('chk').at(at));
  const kindOf = (s: ReturnType<typeof given>, at: Timestamp, text = '123456'): string => {
    const c = check(s, at, text);
    return c.kind === 'invalid' ? `invalid: ${c.error.code} ${c.error.message}` : c.kind;
  };

  it('is valid up to one millisecond before its expiresAt, and expired at it (expiry is inclusive)', () => {
    expect(code.expiresAt).toBe(minutes(16));
    expect(kindOf(given(), (minutes(16) - 1) as Timestamp)).toBe('valid');
    expect(kindOf(given(), minutes(16))).toMatch(/^invalid: 808 .*expired/);
    expect(kindOf(given(), minutes(16), '000000')).toMatch(/^invalid: 808 .*expired/);
  });

  it('is void after exactly five wrong tries: after four the right code still works', () => {
    expect(latestCode(given(...rejected(4)), 'c1', 'TRANSFER')).toEqual(expect.objectContaining({ failures: 4, status: 'ACTIVE' }));
    expect(kindOf(given(...rejected(4)), minutes(3))).toBe('valid');
    expect(latestCode(given(...rejected(5)), 'c1', 'TRANSFER')).toEqual(expect.objectContaining({ failures: 5, status: 'VOID' }));
    expect(kindOf(given(...rejected(5)), minutes(3))).toMatch(/^invalid: 808 .*void/);
  });

  it('works once: a used code is refused (808), and its use cannot be appended twice', () => {
    expect(kindOf(given(used), minutes(3))).toMatch(/^invalid: 808 .*used/);
    const again = engine.replay([...world, code, used, { ...used, id: 'use-2' }]);
    expect(E.isLeft(again) && again.left.error.code).toBe(808);
  });

  it('is replaced by a new code for the same purpose: the old one is REPLACED, its use refused (808)', () => {
    const second = issueCode('c1', 'TRANSFER', testClock('otp2', { otp: '654321' }).at(minutes(2))).event;
    const s = given(second);
    expect(getSlice(s, otpSlice).codes.get(code.codeId)?.status).toBe('REPLACED');
    expect(latestCode(s, 'c1', 'TRANSFER')?.codeId).toBe(second.codeId);
    const useOld = engine.replay([...world, code, second, { ...used, at: minutes(3) }]);
    expect(E.isLeft(useOld) && useOld.left.error.code).toBe(808);
  });

  it('answers a wrong code with the counted try to append, and only that: provenBy never builds the events of the command', () => {
    const wrong = check(given(), minutes(2), '000000');
    expect(wrong.kind).toBe('wrong');
    let built = 0;
    const events = () => {
      built += 1;
      return [];
    };
    expect(provenBy(wrong, events)).toEqual(E.right([{ type: 'OneTimeCodeRejected', id: 'chk-1', at: minutes(2), codeId: code.codeId }]));
    expect(built).toBe(0);
  });

  it('is valid for 1 to 1440 whole minutes: the command is told before any event is built, the event is checked on import', () => {
    expect([0, 1, 15, 1440, 1441, 1.5].map((m) => invalidCodeValidity(m)?.code)).toEqual([9908, undefined, undefined, undefined, 9908, 9908]);
    expect(invalidCodeValidity(1.5)?.message).toBe("a one-time code's validity is a whole number of minutes from 1 to 1440, got 1.5");
    const longest = issue(1440);
    expect(E.isRight(engine.replay([...world, longest]))).toBe(true);
    const tooLong = engine.replay([...world, ev({ ...longest, expiresAt: (longest.expiresAt + 1) as Timestamp })]);
    expect(E.isLeft(tooLong) && tooLong.left.error.code).toBe(9908);
    const atOnce = engine.replay([...world, ev({ ...longest, expiresAt: issuedAt })]);
    expect(E.isLeft(atOnce) && atOnce.left.error.code).toBe(9908);
  });

  it('is issued once, to a customer that exists: a code id used twice is 9907, an unknown customer 816', () => {
    const twice = engine.replay([...world, code, { ...issue(), id: 'issue-2', at: minutes(2) }]);
    expect(E.isLeft(twice) && twice.left.error.code).toBe(9907);
    const nobody = engine.replay([...world, ev({ ...code, customerId: 'nobody' })]);
    expect(E.isLeft(nobody) && nobody.left.error.code).toBe(816);
  });
});
