/**
 * Given/when/then over reversals (seed 004, Reverse Redeemed Points): ReverseRedemption in full and in
 * part (newest expiry first), into a group wallet, with an expired lot going to EXPIRED; every refusal
 * and the order of the checks; RevertRedemption by transaction number with 811, 812 and 814; the answers
 * and the ledger entries.
 */
import * as E from 'fp-ts/Either';
import { EventBase, accountsOfEntity, getCustomerLedgerInfo } from '@pointfold/core';
import { TimedCommand, logOf, spec, testClock } from '@pointfold/core/testing';
import { PointsRedeemed } from '@pointfold/groups';
import {
  PointsRedemptionReversed,
  pointsLeftToReverse,
  reversalOutcome,
  reversalsOfRedemption,
  revertOutcome,
} from '@pointfold/transfers';
import {
  awarded,
  balance,
  byId,
  cmd,
  configured,
  customer,
  days,
  engine,
  ev,
  group,
  groupTransfer,
  into,
  minutes,
  mobileOf,
  only,
  out,
  points,
  redeem,
  reverse,
  spendable,
  sys,
  transfersWorld,
} from './fixtures';

const g = spec(engine);

/** The log of `transfersWorld` plus `extra`, then the commands at minutes 5, 6, ... (ids `r-1`, `r-2`, ...: a redemption's id is the second). */
const log = (commands: readonly TimedCommand['command'][], extra: readonly EventBase[] = []) =>
  logOf(
    engine,
    [...transfersWorld, ...extra],
    commands.map((command, i) => ({ at: minutes(5 + i), command })),
    testClock('r'),
  ).events;

const reversalIn = (events: readonly EventBase[]): PointsRedemptionReversed => only<PointsRedemptionReversed>(events, 'PointsRedemptionReversed');

/** c5's three lots in program 765: 30 expiring at day 10, 30 at day 20, 30 never. */
const c5Lots = [
  awarded('b-late', minutes(2), customer('c5'), '30', { expiresAt: days(20) }),
  awarded('b-soon', minutes(2), customer('c5'), '30', { expiresAt: days(10) }),
  awarded('b-never', minutes(2), customer('c5'), '30'),
];

describe('ReverseRedemption', () => {
  it('acts: in full by default, the points back to the lot they came from', () => {
    const state = g
      .given(log([redeem('c1', '30')]))
      .when(reverse('r-2', 'c1'))
      .then([
        ev({
          type: 'PointsRedemptionReversed',
          id: 'when-1',
          at: minutes(6),
          reversalId: 'when-2',
          redemptionId: 'r-2',
          customerId: 'c1',
          wallet: customer('c1'),
          programId: 765,
          points: points('30'),
          lots: [{ lotId: 'a-c1', points: points('30') }],
          postings: [sys('REDEEMED', '-30'), into(customer('c1'), 'a-c1', '30')],
        }),
      ]);
    expect(balance(state, customer('c1'), minutes(6))).toEqual(points('100'));
    expect(pointsLeftToReverse(state, 'r-2')).toBe('0.000');
  });

  it('acts: in parts, newest expiry first (never-expiring first of all), never past what each lot gave', () => {
    const given = log([redeem('c5', '75')], c5Lots);
    // The redemption took 30 (day 10), 30 (day 20), 15 (never).
    const s1 = g.given(given).when(reverse('r-2', 'c5', '20')).then((events) =>
      expect(reversalIn(events).lots).toEqual([
        { lotId: 'b-never', points: points('15') },
        { lotId: 'b-late', points: points('5') },
      ]),
    );
    const r2 = engine.execute(s1, reverse('r-2', 'c5', 50), testClock('p').at(minutes(7)));
    expect(E.isRight(r2) && reversalIn(r2.right.events).lots).toEqual([
      { lotId: 'b-late', points: points('25') },
      { lotId: 'b-soon', points: points('25') },
    ]);
    const s2 = E.isRight(r2) ? r2.right.state : s1;
    const r3 = engine.execute(s2, reverse('r-2', 'c5'), testClock('q').at(minutes(8)));
    expect(E.isRight(r3) && [reversalIn(r3.right.events).points, reversalIn(r3.right.events).lots]).toEqual([points('5'), [{ lotId: 'b-soon', points: points('5') }]]);
    const s3 = E.isRight(r3) ? r3.right.state : s2;
    expect(spendable(s3, customer('c5'), minutes(8))).toEqual(points('90'));
    expect(reversalsOfRedemption(s3, 'r-2').map((r) => r.points)).toEqual([points('20'), points('50'), points('5')]);
  });

  it('acts: a group-wallet redemption goes back to the group wallet, asked by the member who redeemed', () => {
    const state = g
      .given(log([redeem('c2', '40', { groupId: 'g-fleet' })]))
      .when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-2', identifier: { type: 'mobile', value: mobileOf('c2') } }))
      .then((events) => expect(reversalIn(events).postings).toEqual([sys('REDEEMED', '-40'), into(group('g-fleet'), 'a-fleet', '40')]));
    expect([balance(state, group('g-fleet'), minutes(6)), balance(state, customer('c2'), minutes(6))]).toEqual([points('500'), points('50')]);
    g.given(log([redeem('c2', '40', { groupId: 'g-fleet' })])).when(reverse('r-2', 'c1')).thenRejects(904, /does not name the customer of redemption r-2/);
  });

  it('acts: what belongs to a lot that has expired by now is recorded as expired, the rest restored', () => {
    const extra = [awarded('x-short', minutes(2), customer('c5'), '20', { expiresAt: days(5) }), awarded('x-long', minutes(2), customer('c5'), '20', { expiresAt: days(50) })];
    const given = log([redeem('c5', '30')], extra);
    // At day 6 the engine first expires what is left of x-short (nothing: the redemption took all 20).
    const state = g
      .given(given)
      .when(reverse('r-2', 'c5'), { now: days(6) })
      .then((events) => {
        const e = reversalIn(events);
        expect(e.lots).toEqual([
          { lotId: 'x-long', points: points('10') },
          { lotId: 'x-short', points: points('20') },
        ]);
        expect(e.postings).toEqual([sys('REDEEMED', '-30'), into(customer('c5'), 'x-long', '10'), sys('EXPIRED', '20')]);
      });
    expect(spendable(state, customer('c5'), days(6))).toEqual(points('20'));
    const answer = reversalOutcome(engine.execute(engine.fold(given), reverse('r-2', 'c5'), testClock('a').at(days(6))), { type: 'ReverseRedemption', redemptionId: 'r-2', identifier: { type: 'id', value: 'c5' } });
    expect(answer).toEqual(
      E.right({
        redemptionId: 'r-2',
        pointsToBeReversed: '30.000',
        identifier: { type: 'id', value: 'c5' },
        customerId: 'c5',
        pointsReversed: '30.000',
        reversalId: 'a-2',
        pointsRestored: '10.000',
        pointsExpired: '20.000',
        pointsLeftToReverse: '0.000',
      }),
    );
  });

  it('acts: the customer named by mobile, email, externalId or id', () => {
    const given = g.given(log([redeem('c1', '30')]));
    for (const identifier of [{ type: 'mobile', value: mobileOf('c1') }, { type: 'email', value: 'C1@example.com' }, { type: 'externalId', value: 'ext-c1' }, { type: 'id', value: 'c1' }])
      given.when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-2', identifier, pointsToBeReversed: '10' })).then((events) => expect(reversalIn(events).points).toEqual(points('10')));
  });

  it('acts: restores into a lot the receiver got by a transfer', () => {
    const given = log([groupTransfer(byId('USERGROUP2', 'g-fam'), byId('CUSTOMER', 'c5'), 'c4', '10'), redeem('c5', '10')]);
    g.given(given)
      .when(reverse('r-4', 'c5'))
      .then((events) => expect(reversalIn(events).postings).toEqual([sys('REDEEMED', '-10'), into(customer('c5'), 'r-1/0', '10')]));
  });
});

describe('ReverseRedemption refusals', () => {
  const given = () => g.given(log([redeem('c1', '30')]));

  it('901: a redemption id that is empty or not an id, an amount that is not positive', () => {
    for (const redemptionId of ['', undefined, {}, -1]) given().when(cmd({ type: 'ReverseRedemption', redemptionId, identifier: { type: 'id', value: 'c1' } })).thenRejects(901, /^Invalid points or points redemption Id passed\./);
    for (const bad of [0, '-1', 'abc', '1.0001', true]) given().when(reverse('r-2', 'c1', bad)).thenRejects(901);
    given().when(reverse('r-2', 'c1', 'abc')).thenRejects(901, 'Invalid points or points redemption Id passed. (pointsToBeReversed: Points you are trying to redeem are invalid: "abc" is not a decimal number)');
  });

  it('905: reversals not allowed by the organisation', () => {
    g.given([...log([redeem('c1', '30')]), configured('cfg-off', minutes(5), { ALLOW_POINTS_REDEMPTION_REVERSAL: false })])
      .when(reverse('r-2', 'c1'))
      .thenRejects(905, 'points redemption reversal is disabled for the org.');
  });

  it('902: no such redemption', () => {
    given().when(reverse('r-9', 'c1')).thenRejects(902, 'Redemption ID does not exist. (r-9)');
  });

  it('904: the identifier is missing, unreadable, unknown or someone else', () => {
    given().when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-2' })).thenRejects(904, /identifier is missing/);
    given()
      .when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-2', identifier: { value: 'c1' } }))
      .thenRejects(904, 'Invalid customer details passed. (identifier type undefined is not mobile, email, externalId or id)');
    given().when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-2', identifier: { type: 'cardnumber', value: 'CARD-0006' } })).thenRejects(904);
    given().when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-2', identifier: { type: 'id', value: [] } })).thenRejects(904);
    given().when(reverse('r-2', 'ghost')).thenRejects(904);
    given().when(reverse('r-2', 'c2')).thenRejects(904, /^Invalid customer details passed\./);
  });

  it('3802: reversed in full already', () => {
    g.given(log([redeem('c1', '30'), reverse('r-2', 'c1')])).when(reverse('r-2', 'c1')).thenRejects(3802, /^Points reversal redeemed points already reversed\./);
  });

  it('810: more than is left to reverse', () => {
    given().when(reverse('r-2', 'c1', '30.001')).thenRejects(810, /^Mismatch in points for revert API call/);
    g.given(log([redeem('c1', '30'), reverse('r-2', 'c1', '25')])).when(reverse('r-2', 'c1', '6')).thenRejects(810, /\(6\.000 requested, 5\.000 left to reverse\)/);
  });

  it('the order of the checks: 901, 905, 902, 904, 3802, 810', () => {
    const off = configured('cfg-off', minutes(7), { ALLOW_POINTS_REDEMPTION_REVERSAL: false });
    const done = log([redeem('c1', '30'), reverse('r-2', 'c1')]);
    g.given([...done, off]).when(cmd({ type: 'ReverseRedemption', redemptionId: '' })).thenRejects(901);
    g.given([...done, off]).when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-9' })).thenRejects(905);
    g.given(done).when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-9' })).thenRejects(902);
    g.given(done).when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-2', pointsToBeReversed: '99' })).thenRejects(904);
    g.given(done).when(reverse('r-2', 'c1', '99')).thenRejects(3802);
  });
});

describe('RevertRedemption', () => {
  const bill = () => log([redeem('c1', '10', { transactionNumber: 'bill-1' }), redeem('c2', '5', { transactionNumber: 'bill-1' }), redeem('c1', '7', { transactionNumber: 'bill-2' })]);

  it('acts: reverses every redemption of the transaction number in full, one event each, carrying the number', () => {
    const state = g
      .given(bill())
      .when(cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1' }))
      .then((events) => {
        const reversals = events.filter((e): e is PointsRedemptionReversed => e.type === 'PointsRedemptionReversed');
        expect(reversals.map((r) => [r.redemptionId, r.customerId, r.points, r.transactionNumber])).toEqual([
          ['r-2', 'c1', points('10'), 'bill-1'],
          ['r-4', 'c2', points('5'), 'bill-1'],
        ]);
      });
    expect([balance(state, customer('c1'), minutes(8)), balance(state, customer('c2'), minutes(8))]).toEqual([points('93'), points('50')]);
    const answer = revertOutcome(engine.execute(engine.fold(bill()), cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1' }), testClock('v').at(minutes(8))), { type: 'RevertRedemption', transactionNumber: 'bill-1' });
    expect(E.isRight(answer) && [answer.right.transactionNumber, answer.right.pointsReversed, answer.right.reversals.map((r) => r.reversalId)]).toEqual(['bill-1', '15.000', ['v-2', 'v-4']]);
  });

  it('acts: reverses what is left of a redemption reversed in part before', () => {
    g.given(log([redeem('c1', '10', { transactionNumber: 'bill-1' }), reverse('r-2', 'c1', '4')]))
      .when(cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1' }))
      .then((events) => expect(reversalIn(events).points).toEqual(points('6')));
  });

  it('811: an empty transaction number, not a text, or one no redemption carries', () => {
    // A transaction number is looked up as sent: 'bill-1 ' is not 'bill-1'.
    for (const transactionNumber of ['', '  ', 42, undefined, 'bill-9', 'bill-1 ', ' bill-1'])
      g.given(bill()).when(cmd({ type: 'RevertRedemption', transactionNumber })).thenRejects(811, /^The transaction number entered to redeem\/revert points is invalid/);
    g.given(bill()).when(cmd({ type: 'RevertRedemption' })).thenRejects(811, 'The transaction number entered to redeem/revert points is invalid (none given)');
  });

  it('905: reversals not allowed by the organisation', () => {
    g.given([...bill(), configured('cfg-off', minutes(8), { ALLOW_POINTS_REDEMPTION_REVERSAL: false })]).when(cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1' })).thenRejects(905);
  });

  it('812: reverted as a whole already; 814: nothing left, every redemption reversed one by one', () => {
    const reverted = log([redeem('c1', '10', { transactionNumber: 'bill-1' }), cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1' })]);
    g.given(reverted).when(cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1' })).thenRejects(812, /^The points have been reverted already for this transaction number/);
    const oneByOne = log([redeem('c1', '10', { transactionNumber: 'bill-1' }), reverse('r-2', 'c1')]);
    g.given(oneByOne).when(cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1' })).thenRejects(814, /^No points were redeemed on this transaction number/);
    // A redemption added to a reverted transaction number is reversed by the next revert.
    const again = log([redeem('c1', '10', { transactionNumber: 'bill-1' }), cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1' }), redeem('c1', '3', { transactionNumber: 'bill-1' })]);
    g.given(again).when(cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1' })).then((events) => expect([reversalIn(events).redemptionId, reversalIn(events).points]).toEqual(['r-6', points('3')]));
  });
});

describe('reversal ledger entries', () => {
  it('shows a PointsRedemptionReversal entry with the redemption transaction, a credit for the wallet', () => {
    const events = log([redeem('c1', '10', { transactionNumber: 'bill-1' }), reverse('r-2', 'c1')]);
    const state = engine.fold(events);
    const r = getCustomerLedgerInfo(state, { entity: customer('c1'), now: minutes(10) }, { paging: false });
    const entry = E.isRight(r) ? r.right.ledgerEntries.find((e) => e.eventName === 'PointsRedemptionReversal') : undefined;
    expect(entry && [entry.eventLogId, entry.netPointsOnEvent, entry.transactionDetails]).toEqual(['r-3', '10.000', { transactionNumber: 'bill-1' }]);
  });
});

describe('ReverseRedemption at a lot expiry', () => {
  it('acts: at the very expiresAt of a consumed lot, its part is recorded as expired (expiresAt <= now), the rest restored', () => {
    const extra = [awarded('x-short', minutes(2), customer('c5'), '20', { expiresAt: days(5) }), awarded('x-long', minutes(2), customer('c5'), '20', { expiresAt: days(50) })];
    const given = logOf(engine, [...transfersWorld, ...extra], [{ at: minutes(5), command: redeem('c5', '30') }], testClock('r')).events;
    const state = g
      .given(given)
      .when(reverse('r-2', 'c5'), { now: days(5) })
      .then((events: readonly EventBase[]) => {
        const e = only<PointsRedemptionReversed>(events, 'PointsRedemptionReversed');
        expect(e.postings).toEqual([sys('REDEEMED', '-30'), into(customer('c5'), 'x-long', '10'), sys('EXPIRED', '20')]);
      });
    expect(spendable(state, customer('c5'), days(5))).toEqual(points('20'));
  });
});

describe('ReverseRedemption: edges', () => {
  it('acts: the notes of a reversal and of a revert go into their events, and the state keeps them', () => {
    const state = g
      .given(log([redeem('c1', '10')]))
      .when(cmd({ type: 'ReverseRedemption', redemptionId: 'r-2', identifier: { type: 'id', value: 'c1' }, pointsToBeReversed: '4', notes: 'damaged item' }))
      .then((events) => expect(reversalIn(events).notes).toBe('damaged item'));
    expect(reversalsOfRedemption(state, 'r-2').map((r) => r.notes)).toEqual(['damaged item']);
    const reverted = g
      .given(log([redeem('c1', '10', { transactionNumber: 'bill-1' })]))
      .when(cmd({ type: 'RevertRedemption', transactionNumber: 'bill-1', notes: 'order cancelled' }))
      .then((events) => expect([reversalIn(events).transactionNumber, reversalIn(events).notes]).toEqual(['bill-1', 'order cancelled']));
    expect(reversalsOfRedemption(reverted, 'r-2').map((r) => [r.transactionNumber, r.notes])).toEqual([['bill-1', 'order cancelled']]);
  });

  it('acts: a pointsToBeReversed of null reverses all that is left, as an absent one does', () => {
    g.given(log([redeem('c1', '30')]))
      .when(reverse('r-2', 'c1', null))
      .then((events) => expect(reversalIn(events).points).toEqual(points('30')));
  });

  it('acts: in part, between lots of the same expiry the one taken last is given back first', () => {
    const sameDay = [awarded('e-first', minutes(2), customer('c5'), '30', { expiresAt: days(10) }), awarded('e-second', minutes(2), customer('c5'), '30', { expiresAt: days(10) })];
    // The redemption took 30 of e-first, then 15 of e-second.
    g.given(log([redeem('c5', '45')], sameDay))
      .when(reverse('r-2', 'c5', '10'))
      .then((events) => expect(reversalIn(events).lots).toEqual([{ lotId: 'e-second', points: points('10') }]));
  });

  it('901 before 905: an unusable pointsToBeReversed is 901 even when reversals are off', () => {
    const off = configured('cfg-off', minutes(6), { ALLOW_POINTS_REDEMPTION_REVERSAL: false });
    for (const bad of ['abc', 0, '1.0001']) g.given([...log([redeem('c1', '30')]), off]).when(reverse('r-2', 'c1', bad)).thenRejects(901);
  });

  it('905 before 811: a transaction number no redemption carries is 905 when reversals are off (only an empty one is 811)', () => {
    const off = configured('cfg-off', minutes(6), { ALLOW_POINTS_REDEMPTION_REVERSAL: false });
    g.given([...log([redeem('c1', '10', { transactionNumber: 'bill-1' })]), off]).when(cmd({ type: 'RevertRedemption', transactionNumber: 'bill-9' })).thenRejects(905);
    g.given([...log([redeem('c1', '10', { transactionNumber: 'bill-1' })]), off]).when(cmd({ type: 'RevertRedemption', transactionNumber: ' ' })).thenRejects(811);
  });

  it('acts: a lot given back in full goes back to its place among lots of the same expiry (older first), so the next redemption takes it first again', () => {
    const sameDay = [awarded('e-first', minutes(2), customer('c5'), '30', { expiresAt: days(10) }), awarded('e-second', minutes(2), customer('c5'), '30', { expiresAt: days(10) })];
    // The redemption emptied e-first (the older), the reversal gave it all back.
    g.given(log([redeem('c5', '30'), reverse('r-2', 'c5')], sameDay))
      .when(redeem('c5', '10'))
      .then((events) => expect(only<PointsRedeemed>(events, 'PointsRedeemed').postings).toEqual([out(customer('c5'), 'e-first', '10'), sys('REDEEMED', '10')]));
  });

  it('acts: a lot given back while it still waits in its queue behind a lot due but not yet expired is counted once (imported history, no expiry recorded)', () => {
    const lots = [awarded('x-due', minutes(2), customer('c5'), '10', { expiresAt: minutes(4) }), awarded('x-later', minutes(2), customer('c5'), '30', { expiresAt: days(20) })];
    // Decided here, the expiry of x-due comes first; the imported history has the redemption of x-later and its reversal only.
    const redeemed = only<PointsRedeemed>(log([redeem('c5', '30')], lots), 'PointsRedeemed');
    expect(redeemed.postings).toEqual([out(customer('c5'), 'x-later', '30'), sys('REDEEMED', '30')]);
    const decided = log([redeem('c5', '30'), reverse(redeemed.redemptionId, 'c5')], lots);
    const imported = decided.filter((e) => e.type !== 'PointsExpired');
    expect(imported.length).toBe(decided.length - 1);
    const replayed = engine.replay(imported);
    if (E.isLeft(replayed)) throw new Error(replayed.left.error.message);
    // Its queue holds x-due and x-later once each (read before the lots: a lot queued twice would make it endless).
    expect(accountsOfEntity(replayed.right.ledger, 'CUSTOMER', 'c5')[0]?.expiring.size).toBe(2);
    expect([spendable(replayed.right, customer('c5'), minutes(6)), balance(replayed.right, customer('c5'), minutes(6))]).toEqual([points('30'), points('30')]);
  });

  it('acts: a redemption whose imported postings take one lot in two parts is reversed in full into that lot', () => {
    const events = log([redeem('c1', '30')]);
    const redeemed = events[events.length - 1] as PointsRedeemed;
    // The same 30 points of a-c1, as two postings of 10 and 20: a history may split them.
    const split: PointsRedeemed = { ...redeemed, postings: [out(customer('c1'), 'a-c1', '10'), out(customer('c1'), 'a-c1', '20'), sys('REDEEMED', '30')] };
    g.given([...events.slice(0, -1), split])
      .when(reverse('r-2', 'c1'))
      .then((got) => {
        expect(reversalIn(got).lots).toEqual([{ lotId: 'a-c1', points: points('30') }]);
        expect(reversalIn(got).postings).toEqual([sys('REDEEMED', '-30'), into(customer('c1'), 'a-c1', '30')]);
      });
  });
});
