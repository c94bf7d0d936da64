/**
 * Given/when/then over redemption: RedeemPoints, IsRedeemable and IssueRedemptionCode, every success
 * path (individual, group by each identifier kind, FLEET and FRIENDS_AND_FAMILY, with a code or
 * skipping it) and every refusal in seed 001's order, then the checks a `PointsRedeemed` history
 * line passes. Events are asserted as the engine appends them; balances through public queries.
 */
import * as E from 'fp-ts/Either';
import { EventBase, Posting, Timestamp, balanceAt, findCustomer, latestCode } from '@pointfold/core';
import { logOf, spec, testClock, testEpoch } from '@pointfold/core/testing';
import {
  PointsRedeemed,
  RedemptionRequest,
  groupOf,
  groupsEngine,
  isRedeemable,
  redemptionAnswer,
  redemptionOf,
  redemptionPolicy,
  redemptionRecordAnswer,
  redemptionsByTransaction,
} from '@pointfold/groups';
import {
  awarded,
  checkRedeemable,
  cmd,
  codeIssued,
  configured,
  created,
  customer,
  days,
  ev,
  group,
  groupWorld,
  joined,
  left,
  minutes,
  points,
  programDefined,
  redeem,
  registered,
  statusChanged,
  tWhen,
  world,
} from './fixtures';

const g = spec(groupsEngine);

const debit = (entityType: 'CUSTOMER' | 'USERGROUP2', entityId: string, lotId: string, amount: string, programId = 765): Posting => ({
  entityType,
  entityId,
  programId,
  pointsCategory: 'Main',
  lotId,
  points: points(`-${amount}`),
});
const toRedeemed = (amount: string, programId = 765): Posting => ({ entityType: 'SYSTEM', entityId: 'REDEEMED', programId, pointsCategory: 'Main', points: points(amount) });
const main = (entityType: 'CUSTOMER' | 'USERGROUP2', entityId: string, programId = 765) => ({ entityType, entityId, programId, pointsCategory: 'Main' as const });

/** The single PointsRedeemed of a command's events. */
const redemptionIn = (events: readonly EventBase[]): PointsRedeemed => {
  const found = events.filter((e): e is PointsRedeemed => e.type === 'PointsRedeemed');
  expect(found).toHaveLength(1);
  return found[0] as PointsRedeemed;
};

describe('RedeemPoints: individual wallet', () => {
  it('acts: the initiator own lots into REDEEMED, recorded as an individual redemption', () => {
    const state = g
      .given(groupWorld)
      .when(redeem('c1', '10'))
      .then([
        ev({
          type: 'PointsRedeemed',
          id: 'when-1',
          at: tWhen,
          redemptionId: 'when-2',
          customerId: 'c1',
          wallet: customer('c1'),
          groupRedemption: false,
          programId: 765,
          points: points('10'),
          postings: [debit('CUSTOMER', 'c1', 'a-c1', '10'), toRedeemed('10')],
        }),
      ]);
    expect(balanceAt(state.ledger, main('CUSTOMER', 'c1'), tWhen)).toEqual(points('90'));
  });

  it('acts: the customer given by id, mobile, email, externalId or card number', () => {
    const given = g.given([...groupWorld.slice(0, -1), awarded('a-c6', minutes(2), customer('c6'), '20'), ...groupWorld.slice(-1)]);
    const cases: [RedemptionRequest['customer'], string][] = [
      [{ type: 'id', value: 'c1' }, 'c1'],
      [{ type: 'mobile', value: '919000000000' }, 'c1'],
      [{ type: 'email', value: 'C1@example.com' }, 'c1'],
      [{ type: 'externalId', value: 'ext-c1' }, 'c1'],
      [{ type: 'cardnumber', value: 'CARD-0006' }, 'c6'],
    ];
    for (const [id, customerId] of cases) {
      given.when(cmd({ type: 'RedeemPoints', customer: id, points: points('5'), skipValidation: true })).then((events) => {
        const e = redemptionIn(events);
        expect([e.customerId, e.wallet, e.groupRedemption]).toEqual([customerId, customer(customerId), false]);
      });
    }
  });

  it('acts: in the program given, and takes lots earliest expiry first, then never-expiring', () => {
    g.given([
      ...groupWorld,
      awarded('b-late', minutes(2), customer('c1'), '30', { programId: 1414, expiresAt: days(20) }),
      awarded('b-soon', minutes(2), customer('c1'), '30', { programId: 1414, expiresAt: days(10) }),
      awarded('b-never', minutes(2), customer('c1'), '30', { programId: 1414 }),
    ])
      .when(redeem('c1', '75', { programId: 1414 }))
      .then((events) =>
        expect(redemptionIn(events).postings).toEqual([
          debit('CUSTOMER', 'c1', 'b-soon', '30', 1414),
          debit('CUSTOMER', 'c1', 'b-late', '30', 1414),
          debit('CUSTOMER', 'c1', 'b-never', '15', 1414),
          toRedeemed('75', 1414),
        ]),
      );
  });

  it('acts: records transaction number, notes, custom fields, purpose, till and the redeemed value (HALF_UP, 3 decimals)', () => {
    const state = g
      .given([...groupWorld, configured('cfg-2', minutes(2), { redemption: { currencyPerPoint: '0.125' } })])
      .when(
        redeem('c1', '10.5', {
          transactionNumber: 'bill-1',
          notes: 'dinner',
          customFields: { table: 4, tags: ['x'] },
          purpose: 'FOOD',
          till: { code: 'T1', storeCode: 'S1' },
        }),
      )
      .then((events) => {
        const e = redemptionIn(events);
        expect(e).toMatchObject({ transactionNumber: 'bill-1', notes: 'dinner', customFields: { table: 4, tags: ['x'] }, purpose: 'FOOD', till: { code: 'T1', storeCode: 'S1' } });
        // 10.5 x 0.125 = 1.3125, rounded half up to 1.313.
        expect(e.redeemedValue).toBe('1.313');
      });
    const [r] = redemptionsByTransaction(state, 'bill-1');
    expect(r).toEqual({
      redemptionId: 'when-2',
      eventId: 'when-1',
      at: tWhen,
      customerId: 'c1',
      wallet: customer('c1'),
      groupRedemption: false,
      programId: 765,
      points: points('10.5'),
      lots: [{ lotId: 'a-c1', points: points('10.5') }],
      transactionNumber: 'bill-1',
      purpose: 'FOOD',
      till: { code: 'T1', storeCode: 'S1' },
      redeemedValue: '1.313',
    });
    expect(redemptionOf(state, 'when-2')).toBe(r);
    expect(redemptionOf(state, 'nope')).toBeUndefined();
    expect(redemptionsByTransaction(state, 'bill-2')).toEqual([]);
  });

  it('keeps every redemption of one transaction number, in log order', () => {
    const { state } = logOf(groupsEngine, groupWorld, [
      { at: minutes(3), command: redeem('c1', '1', { transactionNumber: 'bill-7' }) },
      { at: minutes(4), command: redeem('c2', '2', { transactionNumber: 'bill-7', group: { groupId: 'g-fleet' } }) },
    ]);
    expect(redemptionsByTransaction(state, 'bill-7').map((r) => [r.customerId, r.wallet.id, r.points])).toEqual([
      ['c1', 'c1', points('1')],
      ['c2', 'g-fleet', points('2')],
    ]);
  });

  it('answers with the redemption id, points, value and the balance after (redemptionAnswer)', () => {
    const state = g
      .given([...groupWorld, configured('cfg-2', minutes(2), { redemption: { currencyPerPoint: '2' } })])
      .when(redeem('c1', '30'))
      .then((events, after) => {
        expect(redemptionAnswer(after, redemptionIn(events))).toEqual({ redemptionId: 'when-2', pointsRedeemed: points('30'), redeemedValue: '60.000', balance: points('70') });
      });
    expect(balanceAt(state.ledger, main('CUSTOMER', 'c1'), tWhen)).toEqual(points('70'));
  });

  it('answers a redemption from its record as it answered the first time: the balance right after it, not after later redemptions (redemptionRecordAnswer)', () => {
    const { state } = logOf(groupsEngine, groupWorld, [
      { at: minutes(3), command: redeem('c1', '30', { transactionNumber: 'first' }) },
      { at: minutes(3), command: redeem('c1', '20') },
      { at: minutes(5), command: redeem('c1', '10') },
    ]);
    const [first] = redemptionsByTransaction(state, 'first');
    expect(first === undefined ? undefined : redemptionRecordAnswer(state, first)).toEqual({ redemptionId: first?.redemptionId, pointsRedeemed: points('30'), balance: points('70') });
    expect(balanceAt(state.ledger, main('CUSTOMER', 'c1'), minutes(5))).toEqual(points('40'));
  });

  it('acts without redeemed value when the organisation configured none', () => {
    g.given(groupWorld)
      .when(redeem('c1', '30'))
      .then((events, after) => expect(redemptionAnswer(after, redemptionIn(events))).toEqual({ redemptionId: 'when-2', pointsRedeemed: points('30'), balance: points('70') }));
  });
});

describe('RedeemPoints: group wallet', () => {
  it('acts: a FLEET member redeems by group id from the group lots only, recorded as a group redemption', () => {
    const state = g
      .given(groupWorld)
      .when(redeem('c2', '40', { group: { groupId: 'g-fleet' } }))
      .then([
        ev({
          type: 'PointsRedeemed',
          id: 'when-1',
          at: tWhen,
          redemptionId: 'when-2',
          customerId: 'c2',
          wallet: group('g-fleet'),
          groupRedemption: true,
          programId: 765,
          points: points('40'),
          postings: [debit('USERGROUP2', 'g-fleet', 'a-fleet', '40'), toRedeemed('40')],
        }),
      ]);
    expect(balanceAt(state.ledger, main('USERGROUP2', 'g-fleet'), tWhen)).toEqual(points('460'));
    expect(balanceAt(state.ledger, main('CUSTOMER', 'c2'), tWhen)).toEqual(points('50'));
    expect(redemptionOf(state, 'when-2')).toMatchObject({ customerId: 'c2', wallet: group('g-fleet'), groupRedemption: true, lots: [{ lotId: 'a-fleet', points: points('40') }] });
  });

  it('acts: the group named by external id, primary user id, or the primary user by id, mobile, email or card number', () => {
    const given = g.given([...groupWorld, created('grp-c6', minutes(2), 'g-c6', 'FRIENDS_AND_FAMILY', 'c6'), awarded('a-c6g', minutes(2), group('g-c6'), '10')]);
    const cases: [string, RedemptionRequest['group'], string][] = [
      ['c2', { externalId: 'fam-ext' }, 'g-fam'],
      ['c2', { primaryUserId: 'c4' }, 'g-fam'],
      ['c2', { primaryUser: { identifierType: 'id', identifierValue: 'c1' } }, 'g-fleet'],
      ['c2', { primaryUser: { identifierType: 'mobile', identifierValue: '919000000003' } }, 'g-fam'],
      ['c2', { primaryUser: { identifierType: 'email', identifierValue: 'c1@example.com', source: 'INSTORE' } }, 'g-fleet'],
      ['c6', { primaryUser: { identifierType: 'cardnumber', identifierValue: 'CARD-0006' } }, 'g-c6'],
      ['c2', { groupId: 'g-fam', externalId: 'fam-ext', primaryUserId: 'c4' }, 'g-fam'],
    ];
    for (const [initiator, ids, groupId] of cases) {
      given.when(redeem(initiator, '5', { group: ids })).then((events) => {
        const e = redemptionIn(events);
        expect([e.customerId, e.wallet, e.groupRedemption, e.postings[0]?.lotId]).toEqual([initiator, group(groupId), true, groupId === 'g-c6' ? 'a-c6g' : groupId === 'g-fam' ? 'a-fam' : 'a-fleet']);
      });
    }
  });

  it('acts: the primary user redeems from their own group', () => {
    g.given(groupWorld)
      .when(redeem('c1', '500', { group: { externalId: 'fleet-ext' } }))
      .then((events, state) => {
        expect(redemptionIn(events).wallet).toEqual(group('g-fleet'));
        expect(balanceAt(state.ledger, main('USERGROUP2', 'g-fleet'), tWhen)).toEqual(points('0'));
        expect(balanceAt(state.ledger, main('CUSTOMER', 'c1'), tWhen)).toEqual(points('100'));
      });
  });

  it('acts: a FRIENDS_AND_FAMILY group does not need the fleet flag', () => {
    g.given([...groupWorld, configured('cfg-2', minutes(2), { ENABLE_FLEET_LOYALTY: false })])
      .when(redeem('c2', '5', { group: { groupId: 'g-fam' } }))
      .then((events) => expect(redemptionIn(events).wallet).toEqual(group('g-fam')));
  });

  it('acts: a group redemption in a program that redeems only from groups', () => {
    g.given([...groupWorld, programDefined('p-2020', minutes(2), 2020, { groupRedemptionOnly: true }), awarded('a-g2020', minutes(2), group('g-fleet'), '10', { programId: 2020 })])
      .when(redeem('c2', '10', { programId: 2020, group: { groupId: 'g-fleet' } }))
      .then((events) => expect(redemptionIn(events).postings).toEqual([debit('USERGROUP2', 'g-fleet', 'a-g2020', '10', 2020), toRedeemed('10', 2020)]));
  });

  it('acts: the group identifiers left empty make an individual redemption', () => {
    g.given(groupWorld)
      .when(redeem('c2', '5', { group: {} }))
      .then((events) => expect(redemptionIn(events).wallet).toEqual(customer('c2')));
  });
});

describe('RedeemPoints: validation code', () => {
  const withCode = [...groupWorld, codeIssued('c1', minutes(2), '424242')];
  const codeOf = (code?: string): Partial<RedemptionRequest> => ({ skipValidation: false, ...(code === undefined ? {} : { validationCode: code }) });

  it('acts: a valid code is used up with the redemption', () => {
    const state = g
      .given(withCode)
      .when(redeem('c1', '10', codeOf('424242')))
      .then((events) => {
        expect(events.map((e) => e.type)).toEqual(['OneTimeCodeUsed', 'PointsRedeemed']);
        expect(redemptionIn(events)).toMatchObject({ customerId: 'c1', points: points('10') });
      });
    expect(latestCode(state, 'c1', 'REDEMPTION')?.status).toBe('USED');
  });

  it('acts: a group redemption is proven with the initiating member own code', () => {
    g.given([...groupWorld, codeIssued('c2', minutes(2), '111111')])
      .when(redeem('c2', '10', { ...codeOf('111111'), group: { groupId: 'g-fleet' } }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['OneTimeCodeUsed', 'PointsRedeemed']));
  });

  it('acts: skips validation when asked and the organisation allows it (no code event)', () => {
    g.given(withCode)
      .when(redeem('c1', '10', { skipValidation: true }))
      .then((events, state) => {
        expect(events.map((e) => e.type)).toEqual(['PointsRedeemed']);
        expect(latestCode(state, 'c1', 'REDEMPTION')?.status).toBe('ACTIVE');
      });
  });

  it('refuses without a code (808)', () => {
    g.given(withCode).when(redeem('c1', '10', codeOf())).thenRejects(808, /validation code is required/);
  });

  it('refuses to skip validation when the organisation does not allow it (808)', () => {
    g.given([...withCode, configured('cfg-2', minutes(2), { ALLOW_SKIPPING_VALIDATION: false })]).when(redeem('c1', '10', { skipValidation: true })).thenRejects(808, /required/);
  });

  it('refuses a code when none was issued to the initiator (808), even one issued to someone else', () => {
    g.given(withCode).when(redeem('c2', '10', codeOf('424242'))).thenRejects(808, /no code was issued/);
  });

  it('refuses a wrong code with 808, appending only the counted try', () => {
    const before = g.given(withCode).state;
    const r = groupsEngine.execute(before, redeem('c1', '10', codeOf('000000')), testClock('when').at(tWhen));
    if (E.isLeft(r)) throw new Error(`expected the rejection to be appended, got ${r.left.code}`);
    expect([r.right.refusal?.code, r.right.refusal?.message]).toEqual([808, 'Unable to redeem. Validation code is invalid (wrong code).']);
    expect(r.right.events).toEqual([{ type: 'OneTimeCodeRejected', id: 'when-1', at: tWhen, codeId: 'otp-2' }]);
    expect(latestCode(r.right.state, 'c1', 'REDEMPTION')).toMatchObject({ failures: 1, status: 'ACTIVE' });
    expect(balanceAt(r.right.state.ledger, main('CUSTOMER', 'c1'), tWhen)).toEqual(points('100'));
    // The try counts, and the right code still works afterwards.
    const after = groupsEngine.execute(r.right.state, redeem('c1', '10', codeOf('424242')), testClock('again').at(tWhen));
    expect(E.isRight(after) ? after.right.events.map((e) => e.type) : after.left.code).toEqual(['OneTimeCodeUsed', 'PointsRedeemed']);
  });

  it('refuses an expired code (808)', () => {
    g.given(withCode).when(redeem('c1', '10', codeOf('424242')), { now: minutes(17) }).thenRejects(808, /expired/);
  });

  it('refuses a code already used (808)', () => {
    const { events } = logOf(groupsEngine, withCode, [{ at: minutes(3), command: redeem('c1', '10', codeOf('424242')) }]);
    g.given(events).when(redeem('c1', '10', codeOf('424242'))).thenRejects(808, /used/);
  });

  it('refuses the right code once five wrong tries made it void (808)', () => {
    let state = g.given(withCode).state;
    for (let i = 0; i < 5; i++) {
      const r = groupsEngine.execute(state, redeem('c1', '10', codeOf(`00000${i}`)), testClock(`try${i}`).at(minutes(3 + i)));
      if (E.isLeft(r)) throw new Error(`try ${i} was not recorded: ${r.left.code}`);
      expect(r.right.refusal?.code).toBe(808);
      state = r.right.state;
    }
    expect(latestCode(state, 'c1', 'REDEMPTION')).toMatchObject({ failures: 5, status: 'VOID' });
    const last = groupsEngine.execute(state, redeem('c1', '10', codeOf('424242')), testClock('last').at(minutes(9)));
    expect(E.isLeft(last) ? [last.left.code, /void/.test(last.left.message)] : 'redeemed').toEqual([808, true]);
  });
});

describe('RedeemPoints: refusals, in seed 001 order', () => {
  it('refuses an amount that is not positive (801)', () => {
    g.given(groupWorld).when(cmd({ type: 'RedeemPoints', customer: { type: 'id', value: 'c1' }, points: points('0'), skipValidation: true })).thenRejects(801);
  });

  it('refuses an unknown customer (816), by id or by identifier', () => {
    g.given(groupWorld).when(redeem('nobody', '10')).thenRejects(816, /id nobody/);
    g.given(groupWorld).when(cmd({ type: 'RedeemPoints', customer: { type: 'mobile', value: '0000' }, points: points('1'), skipValidation: true })).thenRejects(816, /mobile 0000/);
  });

  it('refuses identifiers that do not all name the initiator (816, decision 118), and takes those that do', () => {
    const given = g.given([...groupWorld.slice(0, -1), awarded('a-c6', minutes(2), customer('c6'), '20'), ...groupWorld.slice(-1)]);
    const asked = (alsoIdentifiedBy: RedemptionRequest['customer'][]) =>
      cmd({ type: 'RedeemPoints', customer: { type: 'id', value: 'c1' }, alsoIdentifiedBy, points: points('5'), skipValidation: true });
    given.when(asked([{ type: 'mobile', value: '919000000099' }])).thenRejects(816, /mobile 919000000099 does not name customer c1, whom id c1 names/);
    given.when(asked([{ type: 'email', value: 'c1@example.com' }, { type: 'externalId', value: 'ext-nobody' }])).thenRejects(816, /externalId ext-nobody/);
    given.when(asked([{ type: 'mobile', value: '919000000000' }, { type: 'email', value: 'C1@example.com' }, { type: 'id', value: 'c1' }])).then((events) => {
      expect(redemptionIn(events).customerId).toBe('c1');
    });
    given.when(cmd({ type: 'IsRedeemable', customer: { type: 'id', value: 'c1' }, alsoIdentifiedBy: [{ type: 'cardnumber', value: 'CARD-0006' }], points: points('5'), skipValidation: true })).thenRejects(816, /cardnumber CARD-0006/);
    given.when(cmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: 'c6' }, alsoIdentifiedBy: [{ type: 'id', value: 'c1' }] })).thenRejects(816, /id c1 does not name customer c6/);
  });

  it('leaves the confirming identifiers out of a request id: a retry that adds them is the same request (decision 118)', () => {
    const state = g.given(groupWorld).state;
    const first = groupsEngine.execute(state, { ...redeem('c1', '10'), requestId: 'req-a' }, testClock('a').at(minutes(3)));
    if (E.isLeft(first)) throw new Error(first.left.message);
    const retry = groupsEngine.execute(
      first.right.state,
      { ...cmd({ type: 'RedeemPoints', customer: { type: 'id', value: 'c1' }, alsoIdentifiedBy: [{ type: 'mobile', value: '919000000000' }], points: points('10'), skipValidation: true }), requestId: 'req-a' },
      testClock('b').at(minutes(4)),
    );
    expect(E.isRight(retry) && [retry.right.events, retry.right.replayed?.eventIds]).toEqual([[], first.right.events.slice(0, -1).map((e) => e.id)]);
    const other = groupsEngine.execute(first.right.state, { ...redeem('c1', '11'), requestId: 'req-a' }, testClock('c').at(minutes(4)));
    expect(E.isLeft(other) && other.left.code).toBe(9930);
  });

  it('refuses a merged customer (816), naming the customer it was merged into', () => {
    g.given([...groupWorld, statusChanged('st-1', minutes(2), 'c5', 'MERGED', 'c1')])
      .when(redeem('c5', '10'))
      .thenRejects(816, 'Unable to find customer in this organization (customer c5 was merged into customer c1)');
  });

  it('refuses a customer not enrolled in the loyalty program (881)', () => {
    g.given([...groupWorld, registered('reg-n', minutes(2), 'n1', { identifiers: { mobile: '555' }, loyaltyEnrolled: false })])
      .when(redeem('n1', '10'))
      .thenRejects(881, /n1/);
  });

  it('refuses a fraud customer (809, with 3045 wording)', () => {
    g.given([...groupWorld, statusChanged('st-1', minutes(2), 'c1', 'FRAUD')])
      .when(redeem('c1', '10'))
      .thenRejects(809, 'Points Redemption is not allowed for the customer with id c1 as the status is fraud');
  });

  it('refuses a fraud member of a group too (809)', () => {
    g.given([...groupWorld, statusChanged('st-1', minutes(2), 'c2', 'FRAUD')]).when(redeem('c2', '10', { group: { groupId: 'g-fleet' } })).thenRejects(809, /c2/);
  });

  it('refuses an unknown program (885), and an organisation without a default program', () => {
    g.given(groupWorld).when(redeem('c1', '10', { programId: 999 })).thenRejects(885, /999/);
    const noPrograms = world.filter((e) => e.type !== 'ProgramDefined');
    g.given(noPrograms).when(redeem('c1', '10')).thenRejects(885, /no default program/);
  });

  it('refuses an individual redemption in a program that redeems only from groups (3316)', () => {
    g.given([...groupWorld, programDefined('p-2020', minutes(2), 2020, { groupRedemptionOnly: true })])
      .when(redeem('c1', '10', { programId: 2020 }))
      .thenRejects(3316, 'group redemption action executed from non group redemption payload');
  });

  it("redeems individually in such a program once ENABLE_GROUP_PROGRAMS_REDEMPTION is off, seed 001's remedy for 3316 (decision 120)", () => {
    const off = [
      ...groupWorld,
      programDefined('p-2020', minutes(2), 2020, { groupRedemptionOnly: true }),
      awarded('a-c1-2020', minutes(2), customer('c1'), '30', { programId: 2020 }),
      configured('cfg-off', minutes(2), { ENABLE_GROUP_PROGRAMS_REDEMPTION: false }),
    ];
    g.given(off).when(redeem('c1', '10', { programId: 2020 })).then((events) => expect(redemptionIn(events).wallet).toEqual(customer('c1')));
  });

  describe('1632: group identifiers', () => {
    const cases: [string, RedemptionRequest['group'], string][] = [
      ['an unknown group id', { groupId: '381751178' }, '381751178'],
      ['an unknown external id', { externalId: 'famgroup99' }, 'famgroup99'],
      ['a primary user id who is primary of no group', { primaryUserId: 'c2' }, 'c2'],
      ['a primary user id nobody registered', { primaryUserId: '381798579' }, '381798579'],
      ['a primary user by an unknown mobile', { primaryUser: { identifierType: 'mobile', identifierValue: '000' } }, '000'],
      ['a primary user by an unknown email', { primaryUser: { identifierType: 'email', identifierValue: 'x@y.z' } }, 'x@y.z'],
      ['a primary user by id who is primary of no group', { primaryUser: { identifierType: 'id', identifierValue: 'c5' } }, 'c5'],
      ['a primary user by a card number of no primary user', { primaryUser: { identifierType: 'cardnumber', identifierValue: 'CARD-0006' } }, 'CARD-0006'],
      ['a primary user by cardExternalId (unknown to Pointfold)', { primaryUser: { identifierType: 'cardExternalId', identifierValue: 'CE-1' } }, 'CE-1'],
      ['an inconsistent pair: group id and another group external id', { groupId: 'g-fleet', externalId: 'fam-ext' }, 'fam-ext'],
      ['an inconsistent pair: external id and another group primary user', { externalId: 'fam-ext', primaryUserId: 'c1' }, 'c1'],
    ];
    for (const [what, ids, value] of cases) {
      it(`refuses ${what}`, () => {
        g.given(groupWorld)
          .when(redeem('c2', '10', { group: ids }))
          .thenRejects(1632, new RegExp(`^group id/externalId/primary userId ${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} passed is not valid`));
      });
    }

    it('refuses a primary user of several groups given alone (ambiguous)', () => {
      g.given([...groupWorld, created('grp-3', minutes(2), 'g-two', 'FRIENDS_AND_FAMILY', 'c1')])
        .when(redeem('c1', '10', { group: { primaryUserId: 'c1' } }))
        .thenRejects(1632, /c1 passed is not valid \(the user is the primary user of 2 groups/);
    });
  });

  describe('828: group redemption not enabled', () => {
    const flagsOff: [string, Parameters<typeof configured>[2], string][] = [
      ['FRIENDS_AND_FAMILY without ENABLE_USER_GROUP_LOYALTY', { ENABLE_USER_GROUP_LOYALTY: false }, 'g-fam'],
      ['FRIENDS_AND_FAMILY without ENABLE_GROUP_PROGRAMS_REDEMPTION', { ENABLE_GROUP_PROGRAMS_REDEMPTION: false }, 'g-fam'],
      ['FLEET without ENABLE_USER_GROUP_LOYALTY', { ENABLE_USER_GROUP_LOYALTY: false }, 'g-fleet'],
      ['FLEET without ENABLE_GROUP_PROGRAMS_REDEMPTION', { ENABLE_GROUP_PROGRAMS_REDEMPTION: false }, 'g-fleet'],
      ['FLEET without ENABLE_FLEET_LOYALTY', { ENABLE_FLEET_LOYALTY: false }, 'g-fleet'],
    ];
    for (const [what, config, groupId] of flagsOff) {
      it(`refuses ${what}`, () => {
        g.given([...groupWorld, configured('cfg-2', minutes(2), config)])
          .when(redeem('c2', '10', { group: { groupId } }))
          .thenRejects(828, 'points redemption rules/configuration not allowing redemption');
      });
    }

    it('refuses when a history line turns a flag off by the seeds\' other name (ENABLE_GROUP_PROGRAM_REDEMPTION, FLEET_GROUP_LOYALTY_ENABLED)', () => {
      for (const [alias, groupId] of [['ENABLE_GROUP_PROGRAM_REDEMPTION', 'g-fam'], ['FLEET_GROUP_LOYALTY_ENABLED', 'g-fleet']] as const) {
        const line = groupsEngine.decodeEvent({ type: 'OrgConfigured', id: 'cfg-2', at: '2026-01-01T00:02:00Z', config: { [alias]: false } });
        if (E.isLeft(line)) throw new Error(line.left);
        g.given([...groupWorld, line.right])
          .when(redeem('c2', '10', { group: { groupId } }))
          .thenRejects(828, 'points redemption rules/configuration not allowing redemption');
      }
    });

    it('refuses in an organisation that never configured anything', () => {
      g.given(groupWorld.filter((e) => e.type !== 'OrgConfigured'))
        .when(cmd({ type: 'RedeemPoints', customer: { type: 'id', value: 'c2' }, points: points('1'), group: { groupId: 'g-fam' } }))
        .thenRejects(828);
    });
  });

  it('refuses a user who does not belong to the group (1620)', () => {
    g.given(groupWorld).when(redeem('c5', '10', { group: { groupId: 'g-fleet' } })).thenRejects(1620, 'user c5 does not belong to group g-fleet');
    g.given(groupWorld).when(redeem('c3', '10', { group: { externalId: 'fam-ext' } })).thenRejects(1620, 'user c3 does not belong to group g-fam');
  });

  it('refuses a member who left the group (1620)', () => {
    g.given([...groupWorld, left('left-1', minutes(2), 'g-fleet', 'c2')]).when(redeem('c2', '10', { group: { groupId: 'g-fleet' } })).thenRejects(1620, 'user c2 does not belong to group g-fleet');
  });

  it('refuses a member without the redeem permission (830)', () => {
    g.given(groupWorld).when(redeem('c3', '10', { group: { groupId: 'g-fleet' } })).thenRejects(830, 'user c3 does not have the permission to redeem points from group g-fleet');
  });

  it('reads the redeem permission, not the transfer one (830)', () => {
    // Given two members of g-fleet, one who may redeem and not transfer, one who may transfer and not redeem,
    const world = [...groupWorld, joined('join-9', minutes(2), 'g-fleet', 'c5', { redeem: true, transfer: false }), joined('join-10', minutes(2), 'g-fleet', 'c6', { redeem: false, transfer: true })];
    // then the first redeems and the second is refused.
    g.given(world).when(redeem('c5', '10', { group: { groupId: 'g-fleet' } })).then((events) => expect(events.map((e) => e.type)).toContain('PointsRedeemed'));
    g.given(world).when(redeem('c6', '10', { group: { groupId: 'g-fleet' } })).thenRejects(830, 'user c6 does not have the permission to redeem points from group g-fleet');
  });

  describe('limits of the organisation configuration', () => {
    const limited = [...groupWorld, configured('cfg-2', minutes(2), { redemption: { minPoints: points('20'), maxPoints: points('60'), multipleOf: points('5') } })];

    it('refuses below the minimum (821)', () => {
      g.given(limited).when(redeem('c1', '15')).thenRejects(821, /\(15\.000\) are less than the minimum redemption limit \(20\.000\)/);
    });

    it('refuses above the maximum (819)', () => {
      g.given(limited).when(redeem('c1', '65')).thenRejects(819, /\(65\.000\) are more than the maximum redemption limit \(60\.000\)/);
    });

    it('refuses what is not a multiple of the unit (807, seed wording)', () => {
      g.given(limited).when(redeem('c1', '22')).thenRejects(807, /Make sure that the points you are trying to redeem is a multiple of 5\./);
      g.given([...groupWorld, configured('cfg-2', minutes(2), { redemption: { multipleOf: points('0.5') } })]).when(redeem('c1', '2.25')).thenRejects(807, /multiple of 0\.5\./);
    });

    it('acts on the limits themselves', () => {
      g.given(limited).when(redeem('c1', '20')).then((events) => expect(redemptionIn(events).points).toEqual(points('20')));
      g.given(limited).when(redeem('c1', '60')).then((events) => expect(redemptionIn(events).points).toEqual(points('60')));
    });
  });

  it('refuses a wallet with no redeemable points at all (804): none, only promised, only expired', () => {
    g.given(groupWorld).when(redeem('c3', '1')).thenRejects(804, /0\.000 available/);
    g.given([...groupWorld, awarded('p-c5', minutes(2), customer('c5'), '50', { category: 'DelayedAccrualPointCategory' })]).when(redeem('c5', '1')).thenRejects(804);
    g.given([...groupWorld, created('grp-3', minutes(2), 'g-x', 'FRIENDS_AND_FAMILY', 'c5'), awarded('a-x', minutes(2), group('g-x'), '50', { expiresAt: minutes(5) })])
      .when(redeem('c5', '1', { group: { groupId: 'g-x' } }), { now: minutes(6) })
      .thenRejects(804);
  });

  it('refuses more than the available points (803)', () => {
    g.given(groupWorld).when(redeem('c1', '100.001')).thenRejects(803, /\(100\.001\) is more than the available points \(100\.000\)/);
    g.given(groupWorld).when(redeem('c2', '300.5', { group: { groupId: 'g-fam' } })).thenRejects(803, /available points \(300\.000\)/);
  });

  it('does not count the member own points in a group redemption (803)', () => {
    g.given(groupWorld).when(redeem('c1', '550', { group: { groupId: 'g-fleet' } })).thenRejects(803, /available points \(500\.000\)/);
  });

  describe('the order of the checks', () => {
    const cases: [string, readonly EventBase[], ReturnType<typeof redeem>, number][] = [
      ['merged before not enrolled', [registered('reg-n', minutes(2), 'n1', { loyaltyEnrolled: false }), statusChanged('st', minutes(2), 'n1', 'MERGED', 'c1')], redeem('n1', '1'), 816],
      ['not enrolled before fraud', [registered('reg-n', minutes(2), 'n1', { loyaltyEnrolled: false }), statusChanged('st', minutes(2), 'n1', 'FRAUD')], redeem('n1', '1'), 881],
      ['fraud before the program', [statusChanged('st', minutes(2), 'c1', 'FRAUD')], redeem('c1', '1', { programId: 999 }), 809],
      ['the program before the group identifiers', [], redeem('c2', '1', { programId: 999, group: { groupId: 'nope' } }), 885],
      ['the group identifiers before the flags', [configured('cfg-2', minutes(2), { ENABLE_USER_GROUP_LOYALTY: false })], redeem('c2', '1', { group: { groupId: 'nope' } }), 1632],
      ['the flags before membership', [configured('cfg-2', minutes(2), { ENABLE_FLEET_LOYALTY: false })], redeem('c5', '1', { group: { groupId: 'g-fleet' } }), 828],
      ['membership before the limits', [configured('cfg-2', minutes(2), { redemption: { maxPoints: points('5') } })], redeem('c5', '10', { group: { groupId: 'g-fleet' } }), 1620],
      ['permission before the limits', [configured('cfg-2', minutes(2), { redemption: { minPoints: points('5') } })], redeem('c3', '1', { group: { groupId: 'g-fleet' } }), 830],
      ['the minimum before the unit', [configured('cfg-2', minutes(2), { redemption: { minPoints: points('5'), multipleOf: points('2') } })], redeem('c1', '3'), 821],
      ['the limits before the balance', [configured('cfg-2', minutes(2), { redemption: { maxPoints: points('500') } })], redeem('c1', '501'), 819],
      ['the balance before the code', [configured('cfg-2', minutes(2), { ALLOW_SKIPPING_VALIDATION: false })], redeem('c1', '101'), 803],
    ];
    for (const [what, extra, command, code] of cases) {
      it(`checks ${what} (${code})`, () => {
        g.given([...groupWorld, ...extra]).when(command).thenRejects(code);
      });
    }
  });
});

describe('redemptionPolicy, called by a library', () => {
  const state = groupsEngine.fold(groupWorld);
  const initiator = (id: string) => {
    const c = findCustomer(state.org, 'id', id);
    if (c === undefined) throw new Error(`the group world has no customer ${id}`);
    return c;
  };
  const fleet = groupOf(state, 'g-fleet');

  it('names the wallet, and the customer or the member who initiated', () => {
    expect(redemptionPolicy(state, { initiator: initiator('c1'), programId: 765 })).toEqual(
      E.right({ kind: 'INDIVIDUAL', wallet: { type: 'CUSTOMER', id: 'c1' }, customerId: 'c1' }),
    );
    expect(redemptionPolicy(state, { initiator: initiator('c2'), group: fleet, programId: 765 })).toEqual(
      E.right({ kind: 'GROUP', wallet: { type: 'USERGROUP2', id: 'g-fleet' }, group: fleet, memberId: 'c2' }),
    );
  });

  it('refuses a program the organisation does not have (885) before any wallet rule, for a caller that did not resolve it', () => {
    const refused = redemptionPolicy(state, { initiator: initiator('c5'), group: fleet, programId: 999 });
    expect(E.isLeft(refused) && [refused.left.code, refused.left.message]).toEqual([885, expect.stringContaining('999')]);
  });
});

describe('IsRedeemable', () => {
  it('does nothing when the points can be redeemed, and answers with the wallet and its balance', () => {
    const given = g.given(groupWorld);
    given.when(checkRedeemable('c2', '40', { group: { groupId: 'g-fleet' } })).thenNothingHappened();
    const answer = isRedeemable(groupsEngine, given.state, { customer: { type: 'id', value: 'c2' }, points: points('40'), group: { groupId: 'g-fleet' }, skipValidation: true }, testClock().at(tWhen));
    expect(answer).toEqual(E.right({ points: points('40'), wallet: group('g-fleet'), balance: points('500') }));
    const own = isRedeemable(groupsEngine, given.state, { customer: { type: 'id', value: 'c2' }, points: points('40') }, testClock().at(tWhen));
    expect(own).toEqual(E.right({ points: points('40'), wallet: customer('c2'), balance: points('50') }));
  });

  it('refuses with the codes RedeemPoints refuses with', () => {
    g.given(groupWorld).when(checkRedeemable('c5', '10', { group: { groupId: 'g-fleet' } })).thenRejects(1620);
    g.given(groupWorld).when(checkRedeemable('c1', '101')).thenRejects(803);
    g.given(groupWorld).when(checkRedeemable('c3', '1', { group: { groupId: 'g-fleet' } })).thenRejects(830);
    // A check appends no PointsRedeemed, whose history check would refuse a member who left: the policy alone answers 1620.
    g.given([...groupWorld, left('left-1', minutes(2), 'g-fleet', 'c2')])
      .when(checkRedeemable('c2', '10', { group: { groupId: 'g-fleet' } }))
      .thenRejects(1620, 'user c2 does not belong to group g-fleet');
    const answer = isRedeemable(groupsEngine, g.given(groupWorld).state, { customer: { type: 'id', value: 'c3' }, points: points('1') }, testClock().at(tWhen));
    expect(E.isLeft(answer) ? answer.left.code : 'redeemable').toBe(804);
  });

  it('refuses with the limits of the organisation (821, 819, 807)', () => {
    const limited = g.given([...groupWorld, configured('cfg-2', minutes(2), { redemption: { minPoints: points('20'), maxPoints: points('60'), multipleOf: points('5') } })]);
    limited.when(checkRedeemable('c1', '15')).thenRejects(821);
    limited.when(checkRedeemable('c1', '65')).thenRejects(819);
    limited.when(checkRedeemable('c2', '22', { group: { groupId: 'g-fleet' } })).thenRejects(807);
    limited.when(checkRedeemable('c2', '25', { group: { groupId: 'g-fleet' } })).thenNothingHappened();
  });

  it('does not look at the validation code (a check that appends nothing cannot count a wrong try)', () => {
    g.given([...groupWorld, codeIssued('c1', minutes(2), '424242')]).when(checkRedeemable('c1', '10', { skipValidation: false, validationCode: '000000' })).thenNothingHappened();
  });

  it('leaves the confirming identifiers out of a request id: a refused check retried with them answers its first refusal, not 9930 (decision 118)', () => {
    // Given a check of more points than c1 holds, recorded under a request id with its refusal (803);
    const state = g.given(groupWorld).state;
    const first = groupsEngine.execute(state, { ...checkRedeemable('c1', '101'), requestId: 'req-check' }, testClock('a').at(minutes(3)));
    if (E.isLeft(first)) throw new Error(first.left.message);
    expect([first.right.refusal?.code, first.right.events.map((e) => e.type)]).toEqual([803, ['CommandRecorded']]);
    // when it is retried with an identifier that confirms c1,
    const retry = groupsEngine.execute(
      first.right.state,
      {
        ...cmd({ type: 'IsRedeemable', customer: { type: 'id', value: 'c1' }, alsoIdentifiedBy: [{ type: 'mobile', value: '919000000000' }], points: points('101'), skipValidation: true }),
        requestId: 'req-check',
      },
      testClock('b').at(minutes(4)),
    );
    // then it is the same request: its first refusal again, nothing appended.
    expect(E.isRight(retry) ? [retry.right.refusal?.code, retry.right.events] : retry.left.code).toEqual([803, []]);
  });

  it('refuses a time before the last event (9902), as every command', () => {
    const answer = isRedeemable(groupsEngine, g.given(groupWorld).state, { customer: { type: 'id', value: 'c1' }, points: points('1') }, testClock().at(testEpoch));
    expect(E.isLeft(answer) ? answer.left.code : 'redeemable').toBe(9902);
  });
});

describe('IssueRedemptionCode', () => {
  it('acts: a code for the customer, valid 15 minutes by default, that then proves a redemption', () => {
    const state = g
      .given(groupWorld)
      .when(cmd({ type: 'IssueRedemptionCode', customer: { type: 'mobile', value: '919000000000' } }))
      .then((events) => {
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ type: 'OneTimeCodeIssued', id: 'when-1', at: tWhen, codeId: 'when-2', customerId: 'c1', purpose: 'REDEMPTION', salt: 'salt-1', expiresAt: minutes(18) });
      });
    // The spec's clock gives '107919' as its first OTP token: the code the customer received.
    const r = groupsEngine.execute(state, redeem('c1', '10', { skipValidation: false, validationCode: '107919' }), testClock('r').at(minutes(4)));
    expect(E.isRight(r) ? r.right.events.map((e) => e.type) : r.left.code).toEqual(['OneTimeCodeUsed', 'PointsRedeemed']);
  });

  it('acts: with the validity given', () => {
    g.given(groupWorld)
      .when(cmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: 'c2' }, validityMinutes: 5 }))
      .then((events) => expect(events[0]).toMatchObject({ customerId: 'c2', expiresAt: minutes(8) }));
  });

  it("refuses a validity that is not a whole number of minutes from 1 to 1440 (9908), after the customer's check", () => {
    for (const validityMinutes of [0, 2.5, 1441])
      g.given(groupWorld).when(cmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: 'c2' }, validityMinutes })).thenRejects(9908, /whole number of minutes/);
    g.given(groupWorld).when(cmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: 'nobody' }, validityMinutes: 0 })).thenRejects(816);
  });

  it('leaves the confirming identifiers out of a request id: a retry that adds them issues no second code, and is not 9930 (decision 118)', () => {
    const state = g.given(groupWorld).state;
    const first = groupsEngine.execute(state, { ...cmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: 'c1' } }), requestId: 'req-code' }, testClock('a').at(minutes(3)));
    if (E.isLeft(first)) throw new Error(first.left.message);
    const retry = groupsEngine.execute(
      first.right.state,
      { ...cmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: 'c1' }, alsoIdentifiedBy: [{ type: 'mobile', value: '919000000000' }] }), requestId: 'req-code' },
      testClock('b').at(minutes(4)),
    );
    expect(E.isRight(retry) ? [retry.right.events, retry.right.replayed?.eventIds] : retry.left.code).toEqual([[], first.right.events.slice(0, -1).map((e) => e.id)]);
  });

  it('refuses an unknown or merged customer (816)', () => {
    g.given(groupWorld).when(cmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: 'nobody' } })).thenRejects(816);
    g.given([...groupWorld, statusChanged('st', minutes(2), 'c5', 'MERGED', 'c2')]).when(cmd({ type: 'IssueRedemptionCode', customer: { type: 'id', value: 'c5' } })).thenRejects(816, /merged into customer c2/);
  });
});

describe('PointsRedeemed as a history line', () => {
  const { events: good } = logOf(groupsEngine, groupWorld, [{ at: minutes(3), command: redeem('c2', '40', { group: { groupId: 'g-fleet' }, customFields: { a: 1 } }) }]);
  const line = good[good.length - 1] as PointsRedeemed;
  const refusal = (e: PointsRedeemed, before: readonly EventBase[] = groupWorld): number | 'ok' => {
    const r = groupsEngine.replay([...before, e]);
    return E.isLeft(r) ? r.left.error.code : 'ok';
  };

  it('replays as the engine appended it, and decodes from its JSON (round trip)', () => {
    expect(refusal(line)).toBe('ok');
    const json = JSON.parse(JSON.stringify(groupsEngine.encodeEvent(line))) as unknown;
    expect(groupsEngine.decodeEvent(json)).toEqual(E.right(line));
  });

  it('refuses a group wallet for a customer who was not an active member then (1620)', () => {
    expect(refusal({ ...line, customerId: 'c5' })).toBe(1620);
    expect(refusal(line, [...groupWorld, left('left-1', minutes(2), 'g-fleet', 'c2')])).toBe(1620);
  });

  it('refuses an unknown customer (816), an unknown group (1632), an unknown program (885), a repeated redemption id (9907)', () => {
    expect(refusal({ ...line, customerId: 'ghost' })).toBe(816);
    expect(refusal({ ...line, wallet: group('g-ghost') })).toBe(1632);
    expect(refusal({ ...line, programId: 999 })).toBe(885);
    expect(refusal({ ...line, id: 'other-id' }, good)).toBe(9907);
  });

  it('refuses postings that are not the wallet Main lots into REDEEMED for exactly the points (9906)', () => {
    const [take, credit] = line.postings as [Posting, Posting];
    expect(refusal({ ...line, points: points('41') })).toBe(9906);
    expect(refusal({ ...line, postings: [{ ...take, entityId: 'g-fam', lotId: 'a-fam' }, credit] })).toBe(9906);
    expect(refusal({ ...line, postings: [take, { ...credit, entityId: 'ADJUSTED' }] })).toBe(9906);
    expect(refusal({ ...line, postings: [{ ...take, pointsCategory: 'DelayedAccrualPointCategory' }, { ...credit, pointsCategory: 'DelayedAccrualPointCategory' }] })).toBe(9906);
    expect(refusal({ ...line, groupRedemption: false })).toBe(9906);
    expect(refusal({ ...line, wallet: customer('c2'), postings: [{ ...take, entityType: 'CUSTOMER', entityId: 'c2', lotId: 'a-c2' }, credit] })).toBe(9906);
    expect(refusal({ ...line, wallet: customer('c1'), groupRedemption: false, postings: [{ ...take, entityType: 'CUSTOMER', entityId: 'c1', lotId: 'a-c1' }, credit] })).toBe(9906);
  });

  it('refuses (9906) postings whose lots and REDEEMED move different points, one of them the points redeemed (not left to the core sum, 9904)', () => {
    const [take, credit] = line.postings as [Posting, Posting];
    // Each side is checked against the points on its own (9906), before the core's sum (9904) could answer.
    expect(refusal({ ...line, postings: [{ ...take, points: points('-30') }, credit] })).toBe(9906);
    expect(refusal({ ...line, postings: [take, { ...credit, points: points('30') }] })).toBe(9906);
  });

  it('refuses (9906) a REDEEMED posting that gives points back, even when the postings sum to the points', () => {
    const [take, credit] = line.postings as [Posting, Posting];
    // REDEEMED +50 and -10 sum to the 40 points the lots give: still not a redemption.
    expect(refusal({ ...line, postings: [take, { ...credit, points: points('50') }, { ...credit, points: points('-10') }] })).toBe(9906);
  });

  it('refuses custom fields with a prototype key when decoding', () => {
    const json = JSON.parse(JSON.stringify(groupsEngine.encodeEvent(line)).replace('"customFields":{"a":1}', '"customFields":{"__proto__":{"polluted":true}}')) as unknown;
    const r = groupsEngine.decodeEvent(json);
    expect(E.isLeft(r) ? r.left : 'decoded').toMatch(/customFields: the key __proto__ is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('IsRedeemable at a lot expiry', () => {
  it('answers the balance without a lot due at that very time (expiresAt <= now), as RedeemPoints counts it', () => {
    const given = g.given([...groupWorld, awarded('x-c1', minutes(2), customer('c1'), '20', { expiresAt: days(1) })]);
    const ask = (at: number) => isRedeemable(groupsEngine, given.state, { customer: { type: 'id', value: 'c1' }, points: points('10') }, testClock().at(at as Timestamp));
    expect(ask(days(1) - 1)).toEqual(E.right({ points: points('10'), wallet: customer('c1'), balance: points('120') }));
    expect(ask(days(1))).toEqual(E.right({ points: points('10'), wallet: customer('c1'), balance: points('100') }));
  });
});
