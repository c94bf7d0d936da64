/**
 * Given/when/then over the customer-to-customer endpoints (seed 004): IsTransferrable (with and
 * without issuing a code) and TransferPoints with the code, every identifier type, the lots moved with
 * their expiry, every refusal with its code and message, and the order of the checks.
 */
import * as E from 'fp-ts/Either';
import { EventBase, OneTimeCodeIssued, latestCode } from '@pointfold/core';
import { logOf, spec, testClock, worldEvents } from '@pointfold/core/testing';
import { PointsTransferred, isTransferrable, transferOutcome } from '@pointfold/transfers';
import {
  awarded,
  balance,
  c2c,
  cmd,
  configured,
  contextWithCode,
  customer,
  days,
  engine,
  ev,
  into,
  minutes,
  mobileOf,
  only,
  out,
  points,
  run,
  spendable,
  statusChanged,
  tWhen,
  transfersWorld,
} from './fixtures';

const g = spec(engine);

const check = (from: string, to: string, amount: unknown, o: object = {}) => cmd({ type: 'IsTransferrable', ...c2c(from, to, amount), ...o });
const transfer = (from: string, to: string, amount: unknown, code: string | undefined, o: object = {}) =>
  cmd({ type: 'TransferPoints', ...c2c(from, to, amount), ...(code === undefined ? {} : { code }), ...o });

/** The world with a transfer code `123456` issued to c1 at minute 3. */
const withCode = (extra: readonly EventBase[] = [], code = '123456', validityMinutes?: number) => {
  const base = g.given([...transfersWorld, ...extra]).state;
  const x = run(base, check('c1', 'c2', '10', { issueOtp: true, ...(validityMinutes === undefined ? {} : { otpValidityMinutes: validityMinutes }) }), contextWithCode(tWhen, code, 'otp'));
  return [...transfersWorld, ...extra, ...x.events];
};

describe('IsTransferrable', () => {
  it('acts: points that can move, no code asked: appends nothing and answers with both customers', () => {
    g.given(transfersWorld).when(check('c1', 'c2', '10')).thenNothingHappened();
    const state = g.given(transfersWorld).state;
    const r = isTransferrable(engine, state, c2c('c1', 'c2', 10), testClock('x').at(tWhen));
    expect(E.isRight(r) && r.right.answer).toEqual({
      pointsTobeTransferred: '10.000',
      transferFrom: { userId: 'c1', firstName: 'First0', lastName: 'Last0' },
      transferTo: { userId: 'c2', firstName: 'First1', lastName: 'Last1' },
      transferrable: true,
    });
    expect(E.isRight(r) && r.right.execution.events).toEqual([]);
  });

  it('acts: with issueOtp, issues the source customer a code for the purpose TRANSFER', () => {
    const ctx = contextWithCode(tWhen, '654321', 'otp');
    g.given(transfersWorld)
      .when(check('c1', 'c2', '10', { issueOtp: true }), { context: ctx })
      .then((events) => {
        const issued = only<OneTimeCodeIssued>(events, 'OneTimeCodeIssued');
        expect([events.length, issued.customerId, issued.purpose, issued.expiresAt]).toEqual([1, 'c1', 'TRANSFER', minutes(3 + 15)]);
      });
    const r = isTransferrable(engine, g.given(transfersWorld).state, { ...c2c('c1', 'c2', '10'), issueOtp: true }, contextWithCode(tWhen, '654321', 'otp'));
    expect(E.isRight(r) && r.right.answer.codeIssued).toEqual({ codeId: 'otp-2', expiresAt: '2026-01-01T00:18:00Z' });
  });

  it('refuses (and issues no code) when the points cannot move', () => {
    g.given(transfersWorld).when(check('c1', 'c2', '150', { issueOtp: true })).thenRejects(803);
    g.given(transfersWorld).when(check('c3', 'c2', '1', { issueOtp: true })).thenRejects(804);
  });

  it("refuses a code's validity that is not a whole number of minutes from 1 to 1440 (9908), after the transfer's own checks", () => {
    for (const otpValidityMinutes of [0, -5, 1.5, 1441, Number.NaN])
      g.given(transfersWorld).when(check('c1', 'c2', '10', { issueOtp: true, otpValidityMinutes })).thenRejects(9908, /whole number of minutes from 1 to 1440/);
    g.given(transfersWorld).when(check('c1', 'c2', '150', { issueOtp: true, otpValidityMinutes: 0 })).thenRejects(803);
    g.given(transfersWorld).when(check('c1', 'c2', '10', { otpValidityMinutes: 0 })).thenNothingHappened();
    g.given(transfersWorld).when(check('c1', 'c2', '10', { issueOtp: true, otpValidityMinutes: 1440 })).then((events) => expect(events.map((e) => e.type)).toEqual(['OneTimeCodeIssued']));
  });

  it('acts: the customers given by ID, MOBILE, EXTERNAL_ID or EMAIL (emails without case)', () => {
    const given = g.given(transfersWorld);
    const cases: [object, object][] = [
      [{ type: 'ID', value: 'c1' }, { type: 'ID', value: 'c2' }],
      [{ type: 'MOBILE', value: mobileOf('c1') }, { type: 'MOBILE', value: mobileOf('c2') }],
      [{ type: 'EXTERNAL_ID', value: 'ext-c1' }, { type: 'EXTERNAL_ID', value: 'ext-c2' }],
      [{ type: 'EMAIL', value: 'C1@example.com' }, { type: 'EMAIL', value: 'c2@example.com' }],
    ];
    for (const [fromCustomerIdentifier, toCustomerIdentifier] of cases) {
      const r = isTransferrable(engine, given.state, { points: '5', fromCustomerIdentifier, toCustomerIdentifier }, testClock('x').at(tWhen));
      expect(E.isRight(r) && [r.right.answer.transferFrom.userId, r.right.answer.transferTo.userId]).toEqual(['c1', 'c2']);
    }
  });
});

describe('TransferPoints', () => {
  it('acts: with the code, uses it and moves the points (one lot becomes a new lot at the receiver)', () => {
    const state = g
      .given(withCode())
      .when(transfer('c1', 'c2', '10', '123456', { notes: 'for James' }))
      .then([
        ev({ type: 'OneTimeCodeUsed', id: 'when-1', at: minutes(4), codeId: 'otp-2' }),
        ev({
          type: 'PointsTransferred',
          id: 'when-2',
          at: minutes(4),
          transferId: 'when-3',
          from: customer('c1'),
          to: customer('c2'),
          programId: 765,
          points: points('10'),
          postings: [out(customer('c1'), 'a-c1', '10'), into(customer('c2'), 'when-2/0', '10')],
          notes: 'for James',
        }),
      ]);
    expect([balance(state, customer('c1'), minutes(4)), balance(state, customer('c2'), minutes(4))]).toEqual([points('90'), points('60')]);
  });

  it('acts: takes lots earliest expiry first, and each keeps its expiry at the receiver', () => {
    const extra = [
      awarded('b-late', minutes(2), customer('c5'), '30', { expiresAt: days(20) }),
      awarded('b-soon', minutes(2), customer('c5'), '30', { expiresAt: days(10) }),
      awarded('b-never', minutes(2), customer('c5'), '30'),
    ];
    const base = g.given([...transfersWorld, ...extra]).state;
    const issued = run(base, check('c5', 'c4', '70', { issueOtp: true }), contextWithCode(tWhen, '111111', 'otp'));
    const given = g.given([...transfersWorld, ...extra, ...issued.events]);
    const state = given.when(transfer('c5', 'c4', '70', '111111')).then((events) => {
      expect(only<PointsTransferred>(events, 'PointsTransferred').postings).toEqual([
        out(customer('c5'), 'b-soon', '30'),
        into(customer('c4'), 'when-2/0', '30', days(10)),
        out(customer('c5'), 'b-late', '30'),
        into(customer('c4'), 'when-2/1', '30', days(20)),
        out(customer('c5'), 'b-never', '10'),
        into(customer('c4'), 'when-2/2', '10'),
      ]);
    });
    // The moved points expire at the receiver when they would have at the source.
    expect([spendable(state, customer('c4'), days(9)), spendable(state, customer('c4'), days(10)), spendable(state, customer('c4'), days(20))]).toEqual([
      points('70'),
      points('40'),
      points('10'),
    ]);
  });

  it('answers with the DEDUCTION row of its transfer (seed 004 sample fields)', () => {
    const r = engine.execute(g.given(withCode()).state, transfer('c1', 'c2', '15', '123456', { notes: 'Transfer points to James' }), testClock('t').at(minutes(4)));
    const row = transferOutcome(r);
    expect(E.isRight(row) && row.right).toEqual({
      toEntityId: 'c2',
      toEntityType: 'CUSTOMER',
      fromEntityId: 'c1',
      fromEntityType: 'CUSTOMER',
      pointsTransferDate: '2026-01-01 00:04:00',
      pointsTransferred: '15.000',
      transferId: 't-3',
      transferType: 'DEDUCTION',
      transferredFrom: { userId: 'c1', firstName: 'First0', lastName: 'Last0' },
      transferredTo: { userId: 'c2', firstName: 'First1', lastName: 'Last1' },
      notes: 'Transfer points to James',
      programId: 765,
      programName: 'Program 765',
      pointsTransferBreakupByEarningPrograms: [{ programId: 765, deductedPoints: '15.000', programCurrentPoints: '85.000' }],
    });
  });

  it('refuses a wrong code with 808 and appends only its counted try', () => {
    const state = g.given(withCode()).state;
    const r = engine.execute(state, transfer('c1', 'c2', '10', '000000'), testClock('t').at(minutes(4)));
    expect(E.isRight(r) && [r.right.refusal?.code, r.right.events.map((e) => e.type)]).toEqual([808, ['OneTimeCodeRejected']]);
    expect(E.isRight(r) && latestCode(r.right.state, 'c1', 'TRANSFER')?.failures).toBe(1);
    expect(transferOutcome(r)).toEqual(E.left(expect.objectContaining({ code: 808 })));
  });

  it('refuses an expired, used, missing or never issued code with 808 and appends nothing', () => {
    g.given(withCode([], '123456', 5)).when(transfer('c1', 'c2', '10', '123456'), { now: minutes(3 + 5) }).thenRejects(808, /expired/);
    const used = g.given(withCode()).when(transfer('c1', 'c2', '10', '123456')).then(() => undefined);
    const again = engine.execute(used, transfer('c1', 'c2', '10', '123456'), testClock('u').at(minutes(5)));
    expect(E.isLeft(again) && [again.left.code, /used/.test(again.left.message)]).toEqual([808, true]);
    g.given(withCode()).when(transfer('c1', 'c2', '10', undefined)).thenRejects(808, /required/);
    g.given(transfersWorld).when(transfer('c1', 'c2', '10', '123456')).thenRejects(808, /no code was issued/);
    // A code issued for redemptions does not prove a transfer.
    const redemptionCode = logOf(engine, transfersWorld, [{ at: tWhen, command: cmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: 'c1' } }) }], testClock('otp'));
    g.given(redemptionCode.events).when(transfer('c1', 'c2', '10', '100000')).thenRejects(808, /no code was issued/);
  });

  it('checks the code last: a transfer refused otherwise does not count a try', () => {
    g.given(withCode()).when(transfer('c1', 'c2', '1000', '000000')).thenRejects(803);
  });
});

describe('customer-to-customer refusals', () => {
  const given = () => g.given(withCode());

  it('422: pointsTobeTransferred missing, not a number, zero, negative or with more than three decimals', () => {
    for (const bad of [undefined, null, 'abc', '', 0, '0', -5, '-1', '1.0001', {}, [], true, Number.NaN]) {
      given().when(transfer('c1', 'c2', bad, '123456')).thenRejects(422, 'pointsToBeTransferred value is invalid');
      given().when(check('c1', 'c2', bad)).thenRejects(422, 'pointsToBeTransferred value is invalid');
    }
  });

  it('1206 / 1207: the source or the destination identifier is missing or not an object', () => {
    given().when(cmd({ type: 'TransferPoints', points: '1', toCustomerIdentifier: { type: 'ID', value: 'c2' }, code: '123456' })).thenRejects(1206, /fromCustomerIdentifier is missing/);
    given().when(cmd({ type: 'IsTransferrable', points: '1', fromCustomerIdentifier: { type: 'ID', value: 'c1' } })).thenRejects(1207, /toCustomerIdentifier is missing/);
  });

  it('434: an identifier type or value that cannot be read, naming the field', () => {
    const cases: [object, object, string][] = [
      [{ type: 'PHONE', value: 'c1' }, { type: 'ID', value: 'c2' }, 'Invalid fromCustomerIdentifier.type set in the request payload'],
      [{ type: 'ID', value: {} }, { type: 'ID', value: 'c2' }, 'Invalid fromCustomerIdentifier.value set in the request payload'],
      [{ type: 'ID', value: 'c1' }, { type: 'mobile', value: 'c2' }, 'Invalid toCustomerIdentifier.type set in the request payload'],
      [{ type: 'ID', value: 'c1' }, { type: 'ID', value: '' }, 'Invalid toCustomerIdentifier.value set in the request payload'],
    ];
    for (const [fromCustomerIdentifier, toCustomerIdentifier, message] of cases)
      given().when(cmd({ type: 'TransferPoints', points: '1', fromCustomerIdentifier, toCustomerIdentifier, code: '123456' })).thenRejects(434, message);
  });

  it('885: a program that does not exist or is not a program id', () => {
    given().when(transfer('c1', 'c2', '1', '123456', { programId: 999 })).thenRejects(885, 'Invalid program id 999');
    given().when(transfer('c1', 'c2', '1', '123456', { programId: 'abc' })).thenRejects(885, 'Invalid program id abc');
    // A text is a program id only as its digits: no decimal point, sign or spaces.
    for (const programId of ['765.0', ' 765', '+765', '7.65e2']) given().when(transfer('c1', 'c2', '1', '123456', { programId })).thenRejects(885, `Invalid program id ${programId}`);
    // Without a programId the organisation's default program is meant; an organisation that defined none has none.
    const { programId: _omitted, ...noProgram } = c2c('c1', 'c2', '1');
    g.given(worldEvents({ programs: [], customers: ['c1', 'c2'] }))
      .when(cmd({ type: 'TransferPoints', ...noProgram, code: '123456' }))
      .thenRejects(885, 'Invalid program id (no default program)');
  });

  it('807: whole points only without transfer.multipleOf (never truncated), else multiples of it', () => {
    given().when(transfer('c1', 'c2', '10.5', '123456')).thenRejects(807, /multiple of 1\./);
    const fives = g.given([...withCode(), configured('cfg-5', tWhen, { transfer: { multipleOf: points('5') } })]);
    fives.when(transfer('c1', 'c2', '12', '123456')).thenRejects(807, /multiple of 5\./);
    fives.when(transfer('c1', 'c2', '10', '123456')).then((events) => expect(only<PointsTransferred>(events, 'PointsTransferred').points).toEqual(points('10')));
    const halves = g.given([...withCode(), configured('cfg-h', tWhen, { transfer: { multipleOf: points('0.5') } })]);
    halves.when(transfer('c1', 'c2', '10.5', '123456')).then((events) => expect(only<PointsTransferred>(events, 'PointsTransferred').points).toEqual(points('10.5')));
  });

  it('8015: no customer answers to the identifier', () => {
    given().when(transfer('c1', 'ghost', '1', '123456')).thenRejects(8015, 'Customer not found for given identifiers (toCustomerIdentifier: id ghost)');
    given().when(cmd({ type: 'IsTransferrable', points: '1', fromCustomerIdentifier: { type: 'MOBILE', value: '000' }, toCustomerIdentifier: { type: 'ID', value: 'c2' } })).thenRejects(8015);
  });

  it('419: a merged customer, named', () => {
    const merged = g.given([...withCode(), statusChanged('st-1', tWhen, 'c2', 'MERGED', 'c5')]);
    merged.when(transfer('c1', 'c2', '1', '123456')).thenRejects(419, 'Merged customer found with id: c2');
    // Named by another identifier, the message still names the merged customer's id.
    merged
      .when(cmd({ type: 'TransferPoints', points: '1', fromCustomerIdentifier: { type: 'ID', value: 'c1' }, toCustomerIdentifier: { type: 'MOBILE', value: mobileOf('c2') }, code: '123456' }))
      .thenRejects(419, 'Merged customer found with id: c2');
  });

  it('418: the same customer on both sides, however named', () => {
    given().when(cmd({ type: 'TransferPoints', points: '1', fromCustomerIdentifier: { type: 'ID', value: 'c1' }, toCustomerIdentifier: { type: 'MOBILE', value: mobileOf('c1') }, code: '123456' })).thenRejects(418, 'From and To customers are same. (CUSTOMER c1)');
  });

  it('415 / 414: a FRAUD source or destination, only when the organisation checks fraud on transfers', () => {
    const fraudSource = [...withCode(), statusChanged('st-1', tWhen, 'c1', 'FRAUD')];
    const fraudDestination = [...withCode(), statusChanged('st-1', tWhen, 'c2', 'FRAUD')];
    const on = configured('cfg-f', tWhen, { CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER: true });
    g.given([...fraudSource, on]).when(transfer('c1', 'c2', '1', '123456')).thenRejects(415, /^Source customer status is fraud/);
    g.given([...fraudDestination, on]).when(transfer('c1', 'c2', '1', '123456')).thenRejects(414, /^Destination customer status is fraud/);
    g.given(fraudSource).when(transfer('c1', 'c2', '1', '123456')).then((events) => expect(events.map((e) => e.type)).toEqual(['OneTimeCodeUsed', 'PointsTransferred']));
    g.given(fraudDestination).when(transfer('c1', 'c2', '1', '123456')).then((events) => expect(events.map((e) => e.type)).toEqual(['OneTimeCodeUsed', 'PointsTransferred']));
  });

  it('804 / 803: no spendable points at all / fewer than asked (expired and other programs do not count)', () => {
    given().when(check('c3', 'c2', '1')).thenRejects(804, 'Insufficient current points: 0.000 available, 1.000 requested');
    given().when(transfer('c1', 'c2', '101', '123456')).thenRejects(803, /\(101\.000\) is more than the available points \(100\.000\)/);
    given().when(transfer('c1', 'c2', '1', '123456', { programId: 1414 })).thenRejects(804);
    const expiring = g.given([...transfersWorld, awarded('x', minutes(2), customer('c5'), '40', { expiresAt: days(1) })]);
    expiring.when(check('c5', 'c2', '1'), { now: days(2) }).thenRejects(804);
  });

  it('the order of the checks: 422, 1206 / 434 (source), 1207 / 434 (destination), 885, 807, 8015 / 419 (source, then destination), 418, 415, 414, 804 / 803, 808', () => {
    const on = [...withCode(), configured('cfg-f', tWhen, { CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER: true }), statusChanged('st-1', tWhen, 'c3', 'FRAUD'), statusChanged('st-2', tWhen, 'c5', 'MERGED', 'c4')];
    const w = g.given(on);
    const req = (o: object) => cmd({ type: 'TransferPoints', ...c2c('c1', 'c2', '1'), code: '000000', ...o });
    w.when(req({ points: 'x', fromCustomerIdentifier: undefined })).thenRejects(422);
    w.when(req({ fromCustomerIdentifier: undefined, toCustomerIdentifier: undefined })).thenRejects(1206);
    w.when(req({ fromCustomerIdentifier: { type: 'X', value: 'c1' }, toCustomerIdentifier: undefined })).thenRejects(434);
    w.when(req({ toCustomerIdentifier: undefined, programId: 999 })).thenRejects(1207);
    w.when(req({ programId: 999, points: '0.5' })).thenRejects(885);
    w.when(req({ points: '0.5', toCustomerIdentifier: { type: 'ID', value: 'ghost' } })).thenRejects(807);
    w.when(req({ fromCustomerIdentifier: { type: 'ID', value: 'ghost' }, toCustomerIdentifier: { type: 'ID', value: 'c5' } })).thenRejects(8015);
    w.when(req({ toCustomerIdentifier: { type: 'ID', value: 'c5' }, fromCustomerIdentifier: { type: 'ID', value: 'c3' } })).thenRejects(419);
    w.when(req({ fromCustomerIdentifier: { type: 'ID', value: 'c3' }, toCustomerIdentifier: { type: 'ID', value: 'c3' } })).thenRejects(418);
    w.when(req({ fromCustomerIdentifier: { type: 'ID', value: 'c3' }, points: '1000' })).thenRejects(415);
    w.when(req({ toCustomerIdentifier: { type: 'ID', value: 'c3' }, points: '1000' })).thenRejects(414);
    w.when(req({ points: '1000' })).thenRejects(803);
    const tried = engine.execute(w.state, req({}), testClock('t').at(minutes(4)));
    expect(E.isRight(tried) && tried.right.refusal?.code).toBe(808);
  });
});

describe('IsTransferrable', () => {
  it('issues a code valid for exactly otpValidityMinutes: 1 and 1440 (the bounds), to the source, for TRANSFER', () => {
    for (const otpValidityMinutes of [1, 1440])
      g.given(transfersWorld)
        .when(check('c1', 'c2', '10', { issueOtp: true, otpValidityMinutes }))
        .then((events) => {
          const issued = only<OneTimeCodeIssued>(events, 'OneTimeCodeIssued');
          expect([events.length, issued.customerId, issued.purpose, issued.expiresAt]).toEqual([1, 'c1', 'TRANSFER', minutes(3 + otpValidityMinutes)]);
        });
  });
});

describe('customer-to-customer edges', () => {
  it('acts: a programId of null means the default program, as an absent one does', () => {
    g.given(withCode())
      .when(transfer('c1', 'c2', '10', '123456', { programId: null }))
      .then((events) => expect(only<PointsTransferred>(events, 'PointsTransferred').programId).toBe(765));
  });

  it('acts: exactly all the spendable points move (803 is only for more)', () => {
    g.given(withCode())
      .when(transfer('c1', 'c2', '100', '123456'))
      .then((events) => expect(only<PointsTransferred>(events, 'PointsTransferred').points).toEqual(points('100')));
  });

  it('808: an empty code is no code: refused without counting a try, and appends nothing', () => {
    g.given(withCode()).when(transfer('c1', 'c2', '10', '')).thenRejects(808, /required/);
  });

  it('checks the code last: a request without a code that is refused otherwise answers that refusal, not 808', () => {
    g.given(withCode()).when(transfer('c1', 'c2', '1000', undefined)).thenRejects(803);
    g.given(withCode()).when(transfer('c1', 'ghost', '10', '')).thenRejects(8015);
  });

  it('434 only past 256 characters: an identifier value of 256 is read (and names nobody: 8015), one of 257 is not', () => {
    const from = (value: string) => cmd({ type: 'TransferPoints', points: '1', fromCustomerIdentifier: { type: 'ID', value }, toCustomerIdentifier: { type: 'ID', value: 'c2' }, code: '123456' });
    g.given(withCode()).when(from('x'.repeat(256))).thenRejects(8015);
    g.given(withCode()).when(from('x'.repeat(257))).thenRejects(434, 'Invalid fromCustomerIdentifier.value set in the request payload');
  });

  it('a whole number 0 is an identifier value (its digits, naming nobody here: 8015), as any whole non-negative number is', () => {
    g.given(withCode())
      .when(cmd({ type: 'TransferPoints', points: '1', fromCustomerIdentifier: { type: 'ID', value: 0 }, toCustomerIdentifier: { type: 'ID', value: 'c2' }, code: '123456' }))
      .thenRejects(8015, 'Customer not found for given identifiers (fromCustomerIdentifier: id 0)');
  });

  it("434: an identifier type that is the name of an object's own property (constructor, __proto__, toString) is no type", () => {
    for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      g.given(withCode())
        .when(cmd({ type: 'TransferPoints', points: '1', fromCustomerIdentifier: { type, value: 'c1' }, toCustomerIdentifier: { type: 'ID', value: 'c2' }, code: '123456' }))
        .thenRejects(434, 'Invalid fromCustomerIdentifier.type set in the request payload');
  });
});
