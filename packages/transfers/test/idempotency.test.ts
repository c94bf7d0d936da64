/**
 * Requests with a request id (the engine's idempotency): a retry appends nothing and answers as the
 * first time, from `replayed.eventIds` (transfer, reversal, revert, code issue); a wrong code is counted
 * once; a refused request stays refused; the same id with another body is 9930.
 */
import * as E from 'fp-ts/Either';
import { CommandBase, OrgState, latestCode } from '@pointfold/core';
import { testClock } from '@pointfold/core/testing';
import { RevertRedemption, ReverseRedemption, isTransferrable, reversalOutcome, revertOutcome, transferOutcome } from '@pointfold/transfers';
import { awarded, byId, c2c, cmd, contextWithCode, engine, groupTransfer, minutes, redeem, run, transfersWorld } from './fixtures';

const world = (): OrgState => engine.fold(transfersWorld);
const at = (n: number) => testClock(`t${n}`).at(minutes(n));

describe('retries of transfers', () => {
  it('a group transfer sent again appends nothing and answers with the same row; another body is 9930', () => {
    const c = groupTransfer(byId('USERGROUP2', 'g-fleet'), byId('CUSTOMER', 'c5'), 'c1', '10', { requestId: 'req-1' });
    const first = run(world(), c, at(5));
    expect(first.events.map((e) => e.type)).toEqual(['PointsTransferred', 'CommandRecorded']);
    const again = run(first.state, c, at(30));
    expect([again.events, again.state === first.state, again.replayed?.eventIds]).toEqual([[], true, [first.events[0]?.id]]);
    expect(transferOutcome(E.right(again))).toEqual(transferOutcome(E.right(first)));
    const other = engine.execute(first.state, groupTransfer(byId('USERGROUP2', 'g-fleet'), byId('CUSTOMER', 'c5'), 'c1', '11', { requestId: 'req-1' }), at(31));
    expect(E.isLeft(other) && other.left.code).toBe(9930);
  });

  it('a transfer with a code sent again does not look at the used code: same answer, nothing appended', () => {
    const issued = run(world(), cmd({ type: 'IsTransferrable', ...c2c('c1', 'c2', '10'), issueOtp: true }), contextWithCode(minutes(4), '222222', 'otp'));
    const c = cmd({ type: 'TransferPoints', ...c2c('c1', 'c2', '10'), code: '222222', requestId: 'req-2' });
    const first = run(issued.state, c, at(5));
    expect(first.events.map((e) => e.type)).toEqual(['OneTimeCodeUsed', 'PointsTransferred', 'CommandRecorded']);
    const again = run(first.state, c, at(6));
    expect(again.events).toEqual([]);
    expect(transferOutcome(E.right(again))).toEqual(transferOutcome(E.right(first)));
  });

  it('a wrong code sent again is not counted again, and stays 808', () => {
    const issued = run(world(), cmd({ type: 'IsTransferrable', ...c2c('c1', 'c2', '10'), issueOtp: true }), contextWithCode(minutes(4), '222222', 'otp'));
    const c = cmd({ type: 'TransferPoints', ...c2c('c1', 'c2', '10'), code: '999999', requestId: 'req-3' });
    const first = run(issued.state, c, at(5));
    expect([first.refusal?.code, first.events.map((e) => e.type)]).toEqual([808, ['OneTimeCodeRejected', 'CommandRecorded']]);
    const again = run(first.state, c, at(6));
    expect([again.refusal?.code, again.events, latestCode(again.state, 'c1', 'TRANSFER')?.failures]).toEqual([808, [], 1]);
    expect(transferOutcome(E.right(again))).toEqual(E.left(expect.objectContaining({ code: 808 })));
  });

  it('a refused transfer stays refused after the source is topped up', () => {
    const c = groupTransfer(byId('USERGROUP2', 'g-fam'), byId('CUSTOMER', 'c5'), 'c4', '400', { requestId: 'req-4' });
    const first = run(world(), c, at(5));
    expect([first.refusal?.code, first.events.map((e) => e.type)]).toEqual([803, ['CommandRecorded']]);
    const topped = engine.evolve(first.state, awarded('top', minutes(6), { type: 'USERGROUP2', id: 'g-fam' }, '500'));
    const again = run(topped, c, at(7));
    expect([again.refusal?.code, again.events]).toEqual([803, []]);
  });

  it('a code issue sent again issues no second code', () => {
    const request = { ...c2c('c1', 'c2', '10'), issueOtp: true, requestId: 'req-5' };
    const first = isTransferrable(engine, world(), request, contextWithCode(minutes(4), '333333', 'otp'));
    const state = E.isRight(first) ? first.right.execution.state : world();
    const again = isTransferrable(engine, state, request, contextWithCode(minutes(5), '444444', 'x'));
    expect(E.isRight(first) && first.right.execution.events.map((e) => e.type)).toEqual(['OneTimeCodeIssued', 'CommandRecorded']);
    expect(E.isRight(again) && [again.right.execution.events, again.right.answer.transferrable, again.right.answer.transferFrom.userId]).toEqual([[], true, 'c1']);
    expect(latestCode(state, 'c1', 'TRANSFER')?.codeId).toBe('otp-2');
  });
});

describe('retries of reversals', () => {
  const redeemed = (): OrgState => {
    let s = world();
    s = run(s, redeem('c1', '10', { transactionNumber: 'bill-1' }), at(5)).state;
    return run(s, redeem('c2', '5', { transactionNumber: 'bill-1' }), at(6)).state;
  };

  it('a reversal sent again answers with the same reversal and appends nothing', () => {
    const c: ReverseRedemption = { type: 'ReverseRedemption', redemptionId: 't5-2', identifier: { type: 'id', value: 'c1' }, pointsToBeReversed: '4', requestId: 'req-6' };
    const first = run(redeemed(), c, at(7));
    const again = run(first.state, c, at(8));
    expect([first.events.map((e) => e.type), again.events]).toEqual([['PointsRedemptionReversed', 'CommandRecorded'], []]);
    const answer = reversalOutcome(E.right(again), c);
    expect(answer).toEqual(reversalOutcome(E.right(first), c));
    expect(E.isRight(answer) && [answer.right.pointsReversed, answer.right.pointsLeftToReverse]).toEqual(['4.000', '6.000']);
  });

  it('a reversal sent again after another reversal of the same redemption answers as the first time, what was left then included', () => {
    const c: ReverseRedemption = { type: 'ReverseRedemption', redemptionId: 't5-2', identifier: { type: 'id', value: 'c1' }, pointsToBeReversed: '4', requestId: 'req-8' };
    const first = run(redeemed(), c, at(7));
    const other = run(first.state, { ...c, pointsToBeReversed: '3', requestId: 'req-9' } as CommandBase, at(8));
    const again = run(other.state, c, at(9));
    expect(again.events).toEqual([]);
    const answer = reversalOutcome(E.right(again), c);
    expect(answer).toEqual(reversalOutcome(E.right(first), c));
    expect(E.isRight(answer) && answer.right.pointsLeftToReverse).toBe('6.000');
    // The other reversal's own answer says what was left after it.
    const otherAnswer = reversalOutcome(E.right(other), { ...c, pointsToBeReversed: '3', requestId: 'req-9' });
    expect(E.isRight(otherAnswer) && otherAnswer.right.pointsLeftToReverse).toBe('3.000');
  });

  it('a revert sent again answers with the same reversals and appends nothing', () => {
    const c: RevertRedemption = { type: 'RevertRedemption', transactionNumber: 'bill-1', requestId: 'req-7' };
    const first = run(redeemed(), c, at(7));
    const again = run(first.state, c as CommandBase, at(8));
    expect(again.events).toEqual([]);
    const answer = revertOutcome(E.right(again), c);
    expect(answer).toEqual(revertOutcome(E.right(first), c));
    expect(E.isRight(answer) && answer.right.reversals.map((r) => [r.customerId, r.pointsReversed])).toEqual([
      ['c1', '10.000'],
      ['c2', '5.000'],
    ]);
    // Without the request id the same revert is a new request: nothing is left, and it was reverted (812).
    const fresh = engine.execute(first.state, { type: 'RevertRedemption', transactionNumber: 'bill-1' } as CommandBase, at(9));
    expect(E.isLeft(fresh) && fresh.left.code).toBe(812);
  });
});

describe('transfer codes', () => {
  it('five wrong tries make the code void: the right code is then refused too (808), and nothing moves', () => {
    const issued = run(world(), cmd({ type: 'IsTransferrable', ...c2c('c1', 'c2', '10'), issueOtp: true }), contextWithCode(minutes(4), '555555', 'otp'));
    let state = issued.state;
    for (let i = 0; i < 5; i++) {
      const wrong = run(state, cmd({ type: 'TransferPoints', ...c2c('c1', 'c2', '10'), code: `00000${i}` }), at(5 + i));
      expect([wrong.refusal?.code, wrong.events.map((e) => e.type)]).toEqual([808, ['OneTimeCodeRejected']]);
      state = wrong.state;
    }
    expect(latestCode(state, 'c1', 'TRANSFER')).toMatchObject({ failures: 5, status: 'VOID' });
    const right = engine.execute(state, cmd({ type: 'TransferPoints', ...c2c('c1', 'c2', '10'), code: '555555' }), at(11));
    const refused = E.isLeft(right) ? right.left : right.right.refusal;
    expect([refused?.code, /void/.test(refused?.message ?? '')]).toEqual([808, true]);
    expect(E.isLeft(right) ? [] : right.right.events.filter((e) => e.type === 'PointsTransferred')).toEqual([]);
  });
});
