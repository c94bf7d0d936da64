/**
 * Idempotency by request id: a retry returns the first outcome and appends nothing, another command
 * with the same id is refused (9930), and a refused request stays refused after the state changed.
 */
import * as E from 'fp-ts/Either';
import { CommandBase, OrgState, Points, coreEngine, fingerprint, limits, lotById, requestRecord } from '@pointfold/core';
import { canonicalState, testClock, worldEvents, smallWorld } from '@pointfold/core/testing';
import { cmd, customer, minutes, points } from './fixtures';

const clock = testClock('idem');

const start = (): OrgState => {
  const r = coreEngine.replay(worldEvents(smallWorld));
  if (E.isLeft(r)) throw new Error(r.left.error.message);
  return r.right;
};

const run = (s: OrgState, c: CommandBase, at: number) => {
  const r = coreEngine.execute(s, c, clock.at(minutes(at)));
  if (E.isLeft(r)) throw new Error(`${c.type} refused: ${r.left.code} ${r.left.message}`);
  return r.right;
};

const award = (id: string, amount: string, requestId?: string): CommandBase =>
  cmd({ type: 'AwardPoints', entity: customer(id), points: points(amount), ...(requestId === undefined ? {} : { requestId }) });
const deduct = (id: string, amount: string, requestId?: string): CommandBase =>
  cmd({ type: 'DeductPoints', entity: customer(id), points: points(amount), ...(requestId === undefined ? {} : { requestId }) });

describe('a command with a request id', () => {
  it('acts once and records what it appended', () => {
    const first = run(start(), award('c1', '100', 'req-1'), 1);
    expect(first.events.map((e) => e.type)).toEqual(['PointsAwarded', 'CommandRecorded']);
    const record = requestRecord(first.state, 'req-1');
    expect(record?.eventIds).toEqual([first.events[0]?.id]);
    expect(record?.refusal).toBeUndefined();
  });

  it('sent again returns the first outcome and appends nothing, even later', () => {
    const first = run(start(), award('c1', '100', 'req-1'), 1);
    const again = run(first.state, award('c1', '100', 'req-1'), 50);
    expect(again.events).toEqual([]);
    expect(again.state).toBe(first.state);
    expect(again.replayed?.eventIds).toEqual([first.events[0]?.id]);
    expect(again.refusal).toBeUndefined();
  });

  it('with another body under the same id is refused with 9930', () => {
    const first = run(start(), award('c1', '100', 'req-1'), 1);
    const r = coreEngine.execute(first.state, award('c1', '100.001', 'req-1'), clock.at(minutes(2)));
    expect(E.isLeft(r) && r.left.code).toBe(9930);
    const other = coreEngine.execute(first.state, deduct('c1', '100', 'req-1'), clock.at(minutes(2)));
    expect(E.isLeft(other) && other.left.code).toBe(9930);
  });

  it('refused, is recorded, and stays refused after a top-up', () => {
    const refused = run(start(), deduct('c2', '50', 'req-2'), 1);
    expect(refused.refusal?.code).toBe(804);
    expect(refused.events.map((e) => e.type)).toEqual(['CommandRecorded']);
    const topped = run(refused.state, award('c2', '500'), 2);
    const retry = run(topped.state, deduct('c2', '50', 'req-2'), 3);
    expect(retry.events).toEqual([]);
    expect(retry.refusal?.code).toBe(804);
    // The same deduction under a new id goes through.
    const fresh = run(topped.state, deduct('c2', '50', 'req-3'), 3);
    expect(fresh.refusal).toBeUndefined();
    expect(fresh.events.map((e) => e.type)).toEqual(['PointsDeducted', 'CommandRecorded']);
  });

  it("refused by the check of the event it decided, is recorded too, and stays refused (decision 36)", () => {
    // AwardPoints builds its event; the event's check finds no customer c9.
    const refused = run(start(), award('c9', '10', 'req-9'), 1);
    expect([refused.refusal?.code, refused.events.map((e) => e.type)]).toEqual([816, ['CommandRecorded']]);
    expect(requestRecord(refused.state, 'req-9')?.refusal?.code).toBe(816);
    const registered = run(refused.state, cmd({ type: 'RegisterCustomer', customerId: 'c9', identifiers: {} }), 2);
    const retry = run(registered.state, award('c9', '10', 'req-9'), 3);
    expect([retry.events, retry.refusal?.code]).toEqual([[], 816]);
    // Without a request id, the same refusal appends nothing.
    const plain = coreEngine.execute(start(), award('c9', '10'), clock.at(minutes(1)));
    expect(E.isLeft(plain) && plain.left.code).toBe(816);
  });

  it('is refused when the context names its record with an id already in the log (9901)', () => {
    const first = run(start(), award('c1', '100'), 1);
    const taken = first.events[0]?.id ?? '';
    // The award takes the first id; its record the second, one the log holds.
    const ids = ['n1', taken];
    const ctx = { ...clock.at(minutes(2)), newId: () => ids.shift() ?? 'n9' };
    const r = coreEngine.execute(first.state, award('c1', '1', 'req-z'), ctx);
    expect(E.isLeft(r) && [r.left.code, r.left.message]).toEqual([9901, `duplicate event id ${taken}`]);
  });

  it('is refused when the id is empty', () => {
    const r = coreEngine.execute(start(), award('c1', '1', ''), clock.at(minutes(1)));
    expect(E.isLeft(r) && r.left.code).toBe(9908);
  });

  it(`acts with an id of ${limits.idLengthMax} characters, and refuses one character more or an id that is not a text (9908)`, () => {
    const longest = 'r'.repeat(limits.idLengthMax);
    expect(run(start(), award('c1', '1', longest), 1).events.map((e) => e.type)).toEqual(['PointsAwarded', 'CommandRecorded']);
    const refusedWith = (requestId: unknown) => {
      const r = coreEngine.execute(start(), { ...award('c1', '1'), requestId } as CommandBase, clock.at(minutes(1)));
      return E.isLeft(r) ? [r.left.code, r.left.message] : 'accepted';
    };
    const message = `a request id is a text of 1 to ${limits.idLengthMax} characters`;
    expect(refusedWith(`${longest}r`)).toEqual([9908, message]);
    expect(refusedWith(42)).toEqual([9908, message]);
  });

  it('replays from its log to the same records', () => {
    const a = run(start(), award('c1', '100', 'req-1'), 1);
    const b = run(a.state, deduct('c4', '1', 'req-9'), 2);
    const log = [...worldEvents(smallWorld), ...a.events, ...b.events];
    const replayed = coreEngine.replay(log);
    expect(E.isRight(replayed)).toBe(true);
    if (E.isRight(replayed)) {
      expect(requestRecord(replayed.right, 'req-1')).toEqual(requestRecord(b.state, 'req-1'));
      expect(requestRecord(replayed.right, 'req-9')?.refusal?.code).toBe(804);
    }
  });
});

describe('fingerprint', () => {
  it('ignores the request id, key order and absent fields, and sees every value', () => {
    const a = cmd({ type: 'AwardPoints', entity: customer('c1'), points: Points.points('1') });
    expect(fingerprint({ ...a, requestId: 'x' })).toBe(fingerprint(a));
    expect(fingerprint(cmd({ points: Points.points('1'), type: 'AwardPoints', entity: customer('c1'), notes: undefined }))).toBe(fingerprint(a));
    expect(fingerprint(cmd({ type: 'AwardPoints', entity: customer('c1'), points: Points.points('1.001') }))).not.toBe(fingerprint(a));
    expect(fingerprint(cmd({ type: 'AwardPoints', entity: customer('c2'), points: Points.points('1') }))).not.toBe(fingerprint(a));
    // A big integer is not the text of its digits, and an undefined item of a list is null, not nothing.
    const other = (v: unknown): CommandBase => ({ type: 'Other', v }) as CommandBase;
    expect(fingerprint(other(5n))).not.toBe(fingerprint(other('5')));
    expect(fingerprint(other([undefined]))).toBe(fingerprint(other([null])));
    expect(fingerprint(other([undefined]))).not.toBe(fingerprint(other([])));
    expect(fingerprint(other(['a']))).not.toBe(fingerprint(other({ 0: 'a' })));
  });
});

describe('a refused request with an id, decided with an expiry due', () => {
  it('records only its refusal: the state is the fold of the events it returns, and the expiry is still to decide', () => {
    const start = coreEngine.fold(worldEvents(smallWorld));
    const awarded = run(start, cmd({ type: 'AwardPoints', entity: customer('c1'), points: points('40'), expiresAt: minutes(5) }), 1);
    // At minute 10 the 40 points are due: the deduction is decided after their expiry, and refused (804).
    const refused = run(awarded.state, { ...cmd({ type: 'DeductPoints', entity: customer('c1'), points: points('1') }), requestId: 'req-x' }, 10);
    expect([refused.refusal?.code, refused.events.map((e) => e.type)]).toEqual([804, ['CommandRecorded']]);
    expect(canonicalState(refused.state)).toBe(canonicalState(coreEngine.fold(refused.events, awarded.state)));
    expect(lotById(refused.state.ledger, awarded.events[0]?.id ?? '')?.remaining).toEqual(points('40'));
    const expired = run(refused.state, cmd({ type: 'ExpirePoints' }), 11);
    expect(expired.events.map((e) => e.type)).toEqual(['PointsExpired']);
  });

  it('accepted, records the events it decided, not the expiry decided before it', () => {
    const start = coreEngine.fold(worldEvents(smallWorld));
    const awarded = run(start, cmd({ type: 'AwardPoints', entity: customer('c1'), points: points('40'), expiresAt: minutes(5) }), 1);
    const accepted = run(awarded.state, award('c1', '1', 'req-y'), 10);
    expect(accepted.events.map((e) => e.type)).toEqual(['PointsExpired', 'PointsAwarded', 'CommandRecorded']);
    expect(requestRecord(accepted.state, 'req-y')?.eventIds).toEqual([accepted.events[1]?.id]);
    expect(run(accepted.state, award('c1', '1', 'req-y'), 11).replayed?.eventIds).toEqual([accepted.events[1]?.id]);
  });
});
