/**
 * Given/when/then over the ledger commands: AwardPoints, ReleasePromisedPoints, ExpirePoints and
 * DeductPoints. Events are asserted as the engine would append them (expiries it decides first
 * included); the balances they lead to are checked through the public queries.
 */
import * as E from 'fp-ts/Either';
import { EngineModule, EventBase, Points, Posting, Timestamp, accountsOfEntity, balanceAfterEvent, balanceAt, checkAppend, coreEngine, coreModule, createEngine, LedgerState, accountField, ledgerViolations, lotById, systemBalances, systemPosting, unbalancedPrograms } from '@pointfold/core';
import { assertBalanced, logOf, spec, testClock } from '@pointfold/core/testing';
import { awarded, cmd, customer, customerRegistered, days, deducted, ev, expired, minutes, points, programDefined, released, world } from './fixtures';

const core = spec(coreEngine);
const t1 = minutes(1);
const c1 = customer('c1');

const lotPosting = (lotId: string, amount: string, programId = 765, pointsCategory: Posting['pointsCategory'] = 'Main'): Posting => ({
  entityType: 'CUSTOMER',
  entityId: 'c1',
  programId,
  pointsCategory,
  lotId,
  points: points(amount),
});
const system = (entityId: 'EXPIRED' | 'ADJUSTED', amount: string, programId = 765, pointsCategory: Posting['pointsCategory'] = 'Main'): Posting => ({
  entityType: 'SYSTEM',
  entityId,
  programId,
  pointsCategory,
  points: points(amount),
});
const mainOf = (programId = 765) => ({ entityType: 'CUSTOMER' as const, entityId: 'c1', programId, pointsCategory: 'Main' as const });

describe('AwardPoints', () => {
  it('acts: a lot in the default program and Main, named by the event id', () => {
    core
      .given(world)
      .when(cmd({ type: 'AwardPoints', entity: c1, points: points('100') }))
      .then([ev({ type: 'PointsAwarded', id: 'when-1', at: t1, entity: c1, programId: 765, pointsCategory: 'Main', points: points('100') })]);
  });

  it('acts: with program, category, expiry, event name, till, transaction and notes', () => {
    const expiresAt = days(30);
    const state = core
      .given(world)
      .when(
        cmd({
          type: 'AwardPoints',
          entity: c1,
          programId: 1414,
          pointsCategory: 'DelayedAccrualPointCategory',
          points: points('10.5'),
          expiresAt,
          eventName: 'Bonus',
          till: { code: 'T1', storeCode: 'S1', storeName: 'Store One' },
          transaction: { id: 'tx-1', number: 'N-1' },
          notes: 'welcome',
        }),
      )
      .then([
        ev({
          type: 'PointsAwarded',
          id: 'when-1',
          at: t1,
          entity: c1,
          programId: 1414,
          pointsCategory: 'DelayedAccrualPointCategory',
          points: points('10.5'),
          expiresAt,
          eventName: 'Bonus',
          till: { code: 'T1', storeCode: 'S1', storeName: 'Store One' },
          transaction: { id: 'tx-1', number: 'N-1' },
          notes: 'welcome',
        }),
      ]);
    expect(lotById(state.ledger, 'when-1')).toMatchObject({ id: 'when-1', original: points('10.5'), remaining: points('10.5'), expiresAt, createdAt: t1 });
    assertBalanced(state);
  });

  it('refuses an unknown customer (816)', () => {
    core.given(world).when(cmd({ type: 'AwardPoints', entity: customer('nobody'), points: points('1') })).thenRejects(816, /nobody/);
  });

  it('refuses an unknown program (885), and an award without a program when none is defined', () => {
    core.given(world).when(cmd({ type: 'AwardPoints', entity: c1, programId: 999, points: points('1') })).thenRejects(885, 'Invalid program id 999');
    core.given([customerRegistered('r1', t1, 'c1')]).when(cmd({ type: 'AwardPoints', entity: c1, points: points('1') })).thenRejects(885);
    core.given([customerRegistered('r1', t1, 'c1')]).when(cmd({ type: 'DeductPoints', entity: c1, points: points('1') })).thenRejects(885, 'Invalid program id (no default program)');
    core.given(world).when(cmd({ type: 'DeductPoints', entity: c1, programId: 999, points: points('1') })).thenRejects(885, 'Invalid program id 999');
  });

  it('refuses an expiry that is not after the award (9912)', () => {
    core.given(world).when(cmd({ type: 'AwardPoints', entity: c1, points: points('1'), expiresAt: minutes(1) }), { now: minutes(1) }).thenRejects(9912);
    core.given(world).when(cmd({ type: 'AwardPoints', entity: c1, points: points('1'), expiresAt: minutes(0) }), { now: minutes(1) }).thenRejects(9912);
    core
      .given(world)
      .when(cmd({ type: 'AwardPoints', entity: c1, points: points('1'), expiresAt: (minutes(1) + 1) as Timestamp }), { now: minutes(1) })
      .then((events) => expect(events).toHaveLength(1));
  });

  it('refuses zero or negative points (801)', () => {
    core.given(world).when(cmd({ type: 'AwardPoints', entity: c1, points: points('0') })).thenRejects(801);
    core.given(world).when(cmd({ type: 'AwardPoints', entity: c1, points: points('-5') })).thenRejects(801);
  });

  it('refuses a group wallet when no module resolves groups (1632)', () => {
    core.given(world).when(cmd({ type: 'AwardPoints', entity: { type: 'USERGROUP2', id: 'g1' }, points: points('1') })).thenRejects(1632, /g1/);
  });

  it('expires what is due before it decides', () => {
    core
      .given([...world, awarded('a1', t1, 'c1', '40', { expiresAt: minutes(5) })])
      .when(cmd({ type: 'AwardPoints', entity: c1, points: points('1') }), { now: minutes(5) })
      .then([
        ev({ type: 'PointsExpired', id: 'when-1', at: minutes(5), postings: [lotPosting('a1', '-40'), system('EXPIRED', '40')] }),
        ev({ type: 'PointsAwarded', id: 'when-2', at: minutes(5), entity: c1, programId: 765, pointsCategory: 'Main', points: points('1') }),
      ]);
  });
});

describe('ReleasePromisedPoints', () => {
  const promised = [...world, awarded('p1', t1, 'c1', '50', { category: 'DelayedAccrualPointCategory', expiresAt: days(20) })];

  it('acts: releases all that remains into a Main lot that keeps the expiry', () => {
    const state = core
      .given(promised)
      .when(cmd({ type: 'ReleasePromisedPoints', lotId: 'p1' }), { now: minutes(2) })
      .then([ev({ type: 'PromisedPointsReleased', id: 'when-1', at: minutes(2), lotId: 'p1' })]);
    expect(balanceAt(state.ledger, mainOf(), minutes(2))).toEqual(points('50'));
    expect(balanceAt(state.ledger, { ...mainOf(), pointsCategory: 'DelayedAccrualPointCategory' }, minutes(2))).toEqual(points('0'));
    expect(lotById(state.ledger, 'when-1')).toMatchObject({ remaining: points('50'), expiresAt: days(20) });
    expect(balanceAt(state.ledger, mainOf(), days(20))).toEqual(points('0'));
  });

  it('acts: releases a part, and the rest later', () => {
    core
      .given([...promised, released('r1', minutes(2), 'p1', '20')])
      .when(cmd({ type: 'ReleasePromisedPoints', lotId: 'p1' }), { now: minutes(3) })
      .then((events, state) => {
        expect(events).toHaveLength(1);
        expect(balanceAt(state.ledger, mainOf(), minutes(3))).toEqual(points('50'));
      });
  });

  it('refuses an unknown lot (9903)', () => {
    core.given(promised).when(cmd({ type: 'ReleasePromisedPoints', lotId: 'nope' })).thenRejects(9903, 'unknown lot nope');
  });

  it('refuses a lot that is not promised (9908)', () => {
    core.given([...world, awarded('a1', t1, 'c1', '5')]).when(cmd({ type: 'ReleasePromisedPoints', lotId: 'a1' })).thenRejects(9908);
  });

  it('refuses more than the lot holds (9905), and a lot already released in full (9905)', () => {
    core.given(promised).when(cmd({ type: 'ReleasePromisedPoints', lotId: 'p1', points: points('50.001') })).thenRejects(9905);
    core.given([...promised, released('r1', minutes(2), 'p1')]).when(cmd({ type: 'ReleasePromisedPoints', lotId: 'p1' })).thenRejects(9905);
  });

  it('refuses a promised lot that has expired (9906), and appends nothing', () => {
    core.given(promised).when(cmd({ type: 'ReleasePromisedPoints', lotId: 'p1' }), { now: days(20) }).thenRejects(9906);
  });

  it('refuses zero points (801)', () => {
    core.given(promised).when(cmd({ type: 'ReleasePromisedPoints', lotId: 'p1', points: points('0') })).thenRejects(801);
  });
});

describe('ExpirePoints', () => {
  const lots = [
    ...world,
    awarded('a1', t1, 'c1', '10', { expiresAt: days(1) }),
    awarded('a2', t1, 'c1', '20', { expiresAt: days(2) }),
    awarded('a3', t1, 'c1', '30', { expiresAt: days(2) + 1 as Timestamp }),
    awarded('a4', t1, 'c1', '7', { programId: 1414, expiresAt: days(1) }),
    awarded('a5', t1, 'c1', '1000'),
  ];

  it('acts: expires every lot due at the time (expiresAt <= now), all that remains, to EXPIRED per program', () => {
    core
      .given(lots)
      .when(cmd({ type: 'ExpirePoints' }), { now: days(2) })
      .then([
        ev({
          type: 'PointsExpired',
          id: 'when-1',
          at: days(2),
          postings: [lotPosting('a1', '-10'), lotPosting('a2', '-20'), lotPosting('a4', '-7', 1414), system('EXPIRED', '30'), system('EXPIRED', '7', 1414)],
        }),
      ]);
  });

  it('expires only what a deduction left in a lot', () => {
    const { events } = logOf(coreEngine, lots, [{ at: minutes(2), command: cmd({ type: 'DeductPoints', entity: c1, points: points('4') }) }]);
    core
      .given(events)
      .when(cmd({ type: 'ExpirePoints' }), { now: days(1) })
      .then([ev({ type: 'PointsExpired', id: 'when-1', at: days(1), postings: [lotPosting('a1', '-6'), lotPosting('a4', '-7', 1414), system('EXPIRED', '6'), system('EXPIRED', '7', 1414)] })]);
  });

  it('does nothing when nothing is due (one millisecond before the expiry)', () => {
    core.given(lots).when(cmd({ type: 'ExpirePoints' }), { now: (days(1) - 1) as Timestamp }).thenNothingHappened();
  });

  it('does nothing when repeated', () => {
    const { events } = logOf(coreEngine, lots, [{ at: days(2), command: cmd({ type: 'ExpirePoints' }) }]);
    expect(events.at(-1)?.type).toBe('PointsExpired');
    core.given(events).when(cmd({ type: 'ExpirePoints' }), { now: days(2) }).thenNothingHappened();
    core.given(events).when(cmd({ type: 'ExpirePoints' }), { now: (days(2) + 1) as Timestamp }).then((es) => expect(es).toMatchObject([{ type: 'PointsExpired', postings: [{ lotId: 'a3' }, { entityId: 'EXPIRED' }] }]));
  });

  it('refuses a time before the last event (9902)', () => {
    core.given(lots).when(cmd({ type: 'ExpirePoints' }), { now: minutes(0) }).thenRejects(9902);
  });
});

describe('balances at a date of a large account (its expiry correction indexed)', () => {
  // 40 lots of 10 points, one expiring each day from day 10: more open lots than are summed step by step.
  const many = [...world, ...Array.from({ length: 40 }, (_, i) => awarded(`m${i}`, t1, 'c1', '10', { expiresAt: days(10 + i) }))];

  it('takes off the lots due by each date while their expiry is not recorded', () => {
    const s = coreEngine.fold(many);
    const at = (n: number, ms = 0): string => Points.format(balanceAt(s.ledger, mainOf(), (days(n) + ms) as Timestamp));
    expect([at(10, -1), at(10), at(25), at(49), at(60)]).toEqual(['400.000', '390.000', '240.000', '0.000', '0.000']);
  });

  it('after a late expiry, the same balances: the windows replace the open lots', () => {
    const { events } = logOf(coreEngine, many, [{ at: days(60), command: cmd({ type: 'ExpirePoints' }) }]);
    const s = coreEngine.fold(events);
    const at = (n: number, ms = 0): string => Points.format(balanceAt(s.ledger, mainOf(), (days(n) + ms) as Timestamp));
    expect(accountsOfEntity(s.ledger, 'CUSTOMER', 'c1')[0]?.expiredLate.length).toBe(40);
    expect([at(10, -1), at(10), at(25), at(49), at(60)]).toEqual(['400.000', '390.000', '240.000', '0.000', '0.000']);
  });

  it('two versions folded from one state, their lines sharing rows but their lots not, each read their own balances, whichever is asked first (decision 111)', () => {
    // 7 points due on day 5 and not yet expired, and 33 lots of 1 point: more than are summed step by step.
    const base = [...world, awarded('seven', t1, 'c1', '7', { expiresAt: days(5) }), ...Array.from({ length: 33 }, (_, i) => awarded(`one${i}`, t1, 'c1', '1', { expiresAt: days(365) }))];
    const replayed = coreEngine.replay(base);
    if (E.isLeft(replayed)) throw new Error(replayed.left.error.message);
    const state = replayed.right;
    const clock = testClock();
    // From the same state: each records the expiry of the 7 (at day 20 or 30), then awards 10 points, due
    // on day 21 in one version and never in the other. Their lines hold the same numbers (balances, and
    // the rows of their events' metas), so the second version's lines take the rows the first wrote.
    const award = (at: Timestamp, expiresAt?: Timestamp) => {
      const r = coreEngine.execute(state, cmd({ type: 'AwardPoints', entity: c1, points: points('10'), ...(expiresAt === undefined ? {} : { expiresAt }) }), clock.at(at));
      if (E.isLeft(r)) throw new Error(r.left.message);
      return r.right.state.ledger;
    };
    const dueOn21 = award(days(20), days(21));
    const perpetual = award(days(30));
    const rows = (l: typeof dueOn21) => accountsOfEntity(l, 'CUSTOMER', 'c1')[0]?.lines.rows;
    expect([rows(perpetual)?.address, rows(perpetual)?.length]).toEqual([rows(dueOn21)?.address, rows(dueOn21)?.length]);
    const at = (l: typeof dueOn21, n: number): string => Points.format(balanceAt(l, mainOf(), days(n)));
    // Day 10: both hold the 33 (the 7 had expired on day 5). Day 25: the first holds 43 less its 10 due on
    // day 21; the second has recorded nothing since day 1 but the 7's expiry is due: 40 - 7. Day 35: the
    // second holds its 43. The first version's index, built first, must not serve the second.
    expect([at(dueOn21, 10), at(dueOn21, 25), at(perpetual, 25), at(perpetual, 10), at(perpetual, 35), at(dueOn21, 25)]).toEqual(['33.000', '33.000', '33.000', '33.000', '43.000', '33.000']);
  });
});

/** c1's lots for the deduction tests: Main in 765 (a1..a5), Main in 1414 (b1), promised (d1). */
const deductionWallet = [
  ...world,
  awarded('a1', minutes(1), 'c1', '10'),
  awarded('a2', minutes(2), 'c1', '20', { expiresAt: days(30) }),
  awarded('a3', minutes(3), 'c1', '30', { expiresAt: days(10) }),
  awarded('a4', minutes(4), 'c1', '40', { expiresAt: days(30) }),
  awarded('a5', minutes(5), 'c1', '50'),
  awarded('b1', minutes(6), 'c1', '60', { programId: 1414 }),
  awarded('d1', minutes(7), 'c1', '70', { category: 'DelayedAccrualPointCategory' }),
];

describe('DeductPoints', () => {
  // Consumption order: earliest expiry first (a3, then a4 and a2 by age), then the never-expiring (a1, a5) by age.
  const wallet = deductionWallet;
  const now = minutes(10);

  it('acts: takes lots earliest-expiry first, then oldest, never-expiring last, into ADJUSTED', () => {
    core
      .given(wallet)
      .when(cmd({ type: 'DeductPoints', entity: c1, points: points('95.5'), reason: 'goodwill reversal', till: { code: 'T9' }, transaction: { number: 'N9' } }), { now })
      .then([
        ev({
          type: 'PointsDeducted',
          id: 'when-1',
          at: now,
          postings: [lotPosting('a3', '-30'), lotPosting('a2', '-20'), lotPosting('a4', '-40'), lotPosting('a1', '-5.5'), system('ADJUSTED', '95.5')],
          reason: 'goodwill reversal',
          till: { code: 'T9' },
          transaction: { number: 'N9' },
        }),
      ]);
  });

  it('acts: a later deduction starts where the last one stopped', () => {
    const { events } = logOf(coreEngine, wallet, [{ at: now, command: cmd({ type: 'DeductPoints', entity: c1, points: points('95.5') }) }]);
    core
      .given(events)
      .when(cmd({ type: 'DeductPoints', entity: c1, points: points('10') }), { now: minutes(11) })
      .then([ev({ type: 'PointsDeducted', id: 'when-1', at: minutes(11), postings: [lotPosting('a1', '-4.5'), lotPosting('a5', '-5.5'), system('ADJUSTED', '10')] })]);
  });

  it('refuses more than the redeemable points of the program (804): other programs and promised points do not count', () => {
    core.given(wallet).when(cmd({ type: 'DeductPoints', entity: c1, points: points('150.001') }), { now }).thenRejects(804, 'Insufficient current points: 150.000 available, 150.001 requested');
    core.given(wallet).when(cmd({ type: 'DeductPoints', entity: c1, points: points('150') }), { now }).then((events) => expect(events).toHaveLength(1));
  });

  it('refuses points of lots that have expired (804), and appends nothing of the expiry', () => {
    core.given(wallet).when(cmd({ type: 'DeductPoints', entity: c1, points: points('121') }), { now: days(10) }).thenRejects(804, /120.000 available/);
  });

  it('refuses an unknown program (885)', () => {
    core.given(wallet).when(cmd({ type: 'DeductPoints', entity: c1, programId: 4, points: points('1') })).thenRejects(885);
  });

  it('refused again and again with an expiry due, leaves the ledger’s arena as it was; accepted, keeps the expiry', () => {
    const replayed = coreEngine.replay(wallet);
    if (E.isLeft(replayed)) throw new Error(replayed.left.error.message);
    const state = replayed.right;
    const clock = testClock();
    const used = state.ledger.arena?.slotsUsed;
    for (let i = 0; i < 20; i++) {
      // The expiry of a3 is folded into the draft the refusal is decided on, then dropped with it.
      const r = coreEngine.execute(state, cmd({ type: 'DeductPoints', entity: c1, points: points('121') }), clock.at(days(10)));
      expect(E.isLeft(r) && r.left.code).toBe(804);
      expect(state.ledger.arena?.slotsUsed).toBe(used);
    }
    const accepted = coreEngine.execute(state, cmd({ type: 'DeductPoints', entity: c1, points: points('1') }), clock.at(days(10)));
    if (E.isLeft(accepted)) throw new Error(accepted.left.message);
    expect(accepted.right.events.map((e) => e.type)).toEqual(['PointsExpired', 'PointsDeducted']);
    expect(balanceAt(accepted.right.state.ledger, mainOf(), days(10))).toEqual(points('119'));
    // The state it was decided on reads as before: its lines end where they ended.
    expect(accountsOfEntity(state.ledger, 'CUSTOMER', 'c1').map((a) => a.lines.length)).toEqual(accountsOfEntity(coreEngine.fold(wallet).ledger, 'CUSTOMER', 'c1').map((a) => a.lines.length));
  });

  it('decided on a draft, then folded again from the same state (as a store checks an append), shares the rows the draft wrote', () => {
    const replayed = coreEngine.replay(wallet);
    if (E.isLeft(replayed)) throw new Error(replayed.left.error.message);
    let state = replayed.right;
    const clock = testClock();
    const used = state.ledger.arena?.slotsUsed ?? 0;
    for (let i = 0; i < 40; i++) {
      const accepted = coreEngine.execute(state, cmd({ type: 'DeductPoints', entity: c1, points: points('0.5') }), clock.at(days(10)));
      if (E.isLeft(accepted)) throw new Error(accepted.left.message);
      const again = checkAppend(coreEngine, state, state.version, state.version, accepted.right.events);
      if (E.isLeft(again)) throw new Error(again.left.message);
      const lines = (s: typeof state) => accountsOfEntity(s.ledger, 'CUSTOMER', 'c1').map((a) => a.lines.toArray().map((l) => [l.event.eventId, Points.format(l.balance)]));
      expect(lines(again.right.state)).toEqual(lines(accepted.right.state));
      state = again.right.state;
    }
    expect(balanceAt(state.ledger, mainOf(), days(10))).toEqual(points('100'));
    // Each fold found the rows its draft had written and took them: the arena grew by the lines' blocks as
    // they filled (twice: the draft's and the store's), not by a copy of the account's lines per command.
    const lineCount = accountsOfEntity(state.ledger, 'CUSTOMER', 'c1').reduce((n, a) => n + a.lines.length, 0);
    // Here 696 slots for 48 lines; a copy per command took 3,176.
    expect((state.ledger.arena?.slotsUsed ?? 0) - used).toBeLessThanOrEqual(16 * lineCount);
  });

  it('refuses an unknown customer (816)', () => {
    core.given(wallet).when(cmd({ type: 'DeductPoints', entity: customer('nobody'), points: points('1') })).thenRejects(816, /nobody/);
  });

  it('refuses zero or negative points (801)', () => {
    core.given(wallet).when(cmd({ type: 'DeductPoints', entity: c1, points: points('0') })).thenRejects(801);
    core.given(wallet).when(cmd({ type: 'DeductPoints', entity: c1, points: points('-1') })).thenRejects(801);
  });

  it('keeps the ledger balanced and the lots within their amounts', () => {
    const { state } = logOf(coreEngine, wallet, [
      { at: now, command: cmd({ type: 'DeductPoints', entity: c1, points: points('95.5') }) },
      { at: days(10), command: cmd({ type: 'DeductPoints', entity: c1, points: points('1') }) },
    ]);
    assertBalanced(state);
    expect(balanceAt(state.ledger, mainOf(), days(10))).toEqual(points('53.5'));
  });
});

describe('a debit of lots named by id (decision 103)', () => {
  // Six expiring lots of c1, earliest expiry first in its queue (e1 .. e6), and one of c2.
  const lots = [...world, ...[1, 2, 3, 4, 5, 6].map((n) => awarded(`e${n}`, minutes(n), 'c1', '10', { expiresAt: days(10 + n) })), awarded('o1', minutes(7), 'c2', '10')];
  const deduct = (postings: Posting[]): EventBase => ({ type: 'PointsDeducted', id: 'd1', at: minutes(8), postings, reason: 'by id' }) as EventBase;

  it('acts: a lot far from the front of its account (past the lots read there) is found as well as the first, checked and unchecked', () => {
    const history = [...lots, deduct([lotPosting('e6', '-4'), lotPosting('e1', '-1'), system('ADJUSTED', '5')])];
    const checked = coreEngine.replay(history);
    if (E.isLeft(checked)) throw new Error(checked.left.error.message);
    const unchecked = coreEngine.fold(history);
    for (const state of [checked.right, unchecked]) {
      expect(lotById(state.ledger, 'e6')?.remaining).toEqual(points('6'));
      expect(lotById(state.ledger, 'e1')?.remaining).toEqual(points('9'));
      expect(lotById(state.ledger, 'e3')?.remaining).toEqual(points('10'));
      expect(balanceAt(state.ledger, mainOf(), minutes(9))).toEqual(points('55'));
      assertBalanced(state);
    }
  });

  it('refuses a lot of another account (the lot names its account)', () => {
    const r = coreEngine.replay([...lots, deduct([lotPosting('o1', '-1'), system('ADJUSTED', '1')])]);
    expect(E.isLeft(r) && r.left.error.message).toMatch(/lot o1 belongs to CUSTOMER:c2/);
  });
});

describe('the default program', () => {
  it('is the first defined, for deductions too', () => {
    const base = [programDefined('p1', t1, 1, 'One'), programDefined('p2', t1, 2, 'Two'), customerRegistered('r1', t1, 'c1'), awarded('a1', t1, 'c1', '5', { programId: 1 })];
    core.given(base).when(cmd({ type: 'DeductPoints', entity: c1, points: points('5') })).then((events) => expect(events).toMatchObject([{ postings: [{ programId: 1, lotId: 'a1' }, { programId: 1 }] }]));
  });
});

describe('tills', () => {
  it('are kept once per fold: events naming the same till share one object, another till keeps its own', () => {
    const till = (code: string, storeCode?: string) => ({ code, ...(storeCode === undefined ? {} : { storeCode }) });
    const s = coreEngine.fold([
      ...world,
      awarded('t-1', t1, 'c1', '1', { till: till('T1', 'S1') }),
      awarded('t-2', t1, 'c1', '1', { till: till('T1', 'S1') }),
      awarded('t-3', t1, 'c1', '1', { till: till('T1') }),
      awarded('t-4', t1, 'c1', '1', { till: till('T1', 'S2') }),
    ]);
    const lines = [...(accountsOfEntity(s.ledger, 'CUSTOMER', 'c1')[0]?.lines ?? [])].slice(-4);
    const [a, b, c, d] = lines.map((l) => l.event.till);
    expect(lines.map((l) => l.event.eventId)).toEqual(['t-1', 't-2', 't-3', 't-4']);
    expect(a).toEqual({ code: 'T1', storeCode: 'S1' });
    expect(b).toBe(a);
    expect(c).toEqual({ code: 'T1' });
    expect(d).toEqual({ code: 'T1', storeCode: 'S2' });
    expect(new Set([a, c, d]).size).toBe(3);
    expect(lines.map((l) => l.at)).toEqual([t1, t1, t1, t1]);
  });

  it('keep a till that differs from the previous event\'s only by its store name, or from an earlier one only by an empty store code, as given (review 23)', () => {
    const s = coreEngine.fold([
      ...world,
      awarded('t-1', t1, 'c1', '1', { till: { code: 'T1' } }),
      awarded('t-2', t1, 'c1', '1', { till: { code: 'T1', storeCode: 'S2' } }),
      awarded('t-3', t1, 'c1', '1', { till: { code: 'T1', storeCode: 'S2', storeName: 'Store Two' } }),
      awarded('t-4', t1, 'c1', '1', { till: { code: 'T1', storeCode: '' } }),
    ]);
    const tills = [...(accountsOfEntity(s.ledger, 'CUSTOMER', 'c1')[0]?.lines ?? [])].slice(-4).map((l) => l.event.till);
    expect(tills).toEqual([{ code: 'T1' }, { code: 'T1', storeCode: 'S2' }, { code: 'T1', storeCode: 'S2', storeName: 'Store Two' }, { code: 'T1', storeCode: '' }]);
  });
});

describe('a movement of many postings (a day of expiries)', () => {
  it('posts each account once, whatever the order of its postings: balances, lines and lots as for small movements', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const setup: EventBase[] = ids.map((id) => customerRegistered(`reg-${id}`, t1, id));
    for (const id of ids) {
      setup.push(awarded(`${id}-a`, t1, id, '10'), awarded(`${id}-b`, t1, id, '5'), awarded(`${id}-p`, t1, id, '3', { category: 'DelayedAccrualPointCategory' }));
    }
    // Interleaved: each customer's postings are spread over the event, Main and promised accounts of one wallet apart.
    const take = (id: string, lot: string, amount: string, pointsCategory: Posting['pointsCategory'] = 'Main'): Posting => ({
      entityType: 'CUSTOMER',
      entityId: id,
      programId: 765,
      pointsCategory,
      lotId: lot,
      points: points(`-${amount}`),
    });
    const postings: Posting[] = [
      ...ids.map((id) => take(id, `${id}-a`, '4')),
      ...ids.map((id) => take(id, `${id}-p`, '3', 'DelayedAccrualPointCategory')),
      ...ids.map((id) => take(id, `${id}-b`, '5')),
      system('ADJUSTED', String(9 * ids.length)),
      system('ADJUSTED', String(3 * ids.length), 765, 'DelayedAccrualPointCategory'),
    ];
    expect(postings.length).toBeGreaterThan(16);
    const s = coreEngine.replay([...world, ...setup, { type: 'PointsDeducted', id: 'big', at: minutes(2), postings, reason: 'many' } as EventBase]);
    if (E.isLeft(s)) throw new Error(s.left.error.message);
    const state = s.right;
    for (const id of ids) {
      const accounts = accountsOfEntity(state.ledger, 'CUSTOMER', id);
      expect(accounts.map((a) => [a.pointsCategory, Points.format(a.balance), a.lines.length, Points.format(a.lines.last()?.delta ?? points('0'))])).toEqual([
        ['Main', '6.000', 3, '-9.000'],
        ['DelayedAccrualPointCategory', '0.000', 2, '-3.000'],
      ]);
      expect(balanceAt(state.ledger, { entityType: 'CUSTOMER', entityId: id, programId: 765, pointsCategory: 'Main' }, minutes(2))).toEqual(points('6'));
      expect(['a', 'b', 'p'].map((l) => Points.format(lotById(state.ledger, `${id}-${l}`)?.remaining ?? points('-1')))).toEqual(['6.000', '0.000', '0.000']);
    }
    expect(() => assertBalanced(state)).not.toThrow();
  });
});

describe('DeductPoints: exactly the redeemable points', () => {
  const wallet = deductionWallet;
  const now = minutes(10);

  it('acts: exactly the redeemable points of the program empties every Main lot of it, into ADJUSTED, and leaves zero (other programs and promised points untouched)', () => {
    const state = core
      .given(wallet)
      .when(cmd({ type: 'DeductPoints', entity: c1, points: points('150') }), { now })
      .then([
        ev({
          type: 'PointsDeducted',
          id: 'when-1',
          at: now,
          postings: [lotPosting('a3', '-30'), lotPosting('a2', '-20'), lotPosting('a4', '-40'), lotPosting('a1', '-10'), lotPosting('a5', '-50'), system('ADJUSTED', '150')],
        }),
      ]);
    expect([mainOf(765), mainOf(1414), { ...mainOf(765), pointsCategory: 'DelayedAccrualPointCategory' as const }].map((ref) => Points.format(balanceAt(state.ledger, ref, now)))).toEqual(['0.000', '60.000', '70.000']);
  });
});

describe('DeductPoints: edges', () => {
  // A module that owns USERGROUP2 wallets (as the groups package does) and knows one, g1.
  const groupsStub: EngineModule = { name: 'groups-stub', events: [], commands: [], entityExists: { USERGROUP2: (_s, id) => id === 'g1' } };
  const groupsEngine = createEngine([coreModule, groupsStub]);
  const withGroups = spec(groupsEngine);
  const g1 = { type: 'USERGROUP2' as const, id: 'g1' };
  const funded = logOf(groupsEngine, world, [{ at: t1, command: cmd({ type: 'AwardPoints', entity: g1, points: points('30') }) }]).events;

  it('checks the amount before the program and the customer: zero points of nobody in an unknown program is 801', () => {
    core.given(world).when(cmd({ type: 'DeductPoints', entity: customer('nobody'), programId: 4, points: points('0') })).thenRejects(801);
    core.given(world).when(cmd({ type: 'DeductPoints', entity: customer('nobody'), programId: 4, points: points('1') })).thenRejects(885);
  });

  it('refuses a group nobody made with 1632, as an award to it is, not as 0 points too few (804)', () => {
    // Given a module that knows g1 only, a deduction from g2 names the group that is wrong;
    withGroups.given(funded).when(cmd({ type: 'DeductPoints', entity: { type: 'USERGROUP2', id: 'g2' }, points: points('10') })).thenRejects(1632, /g2/);
    withGroups.given(funded).when(cmd({ type: 'AwardPoints', entity: { type: 'USERGROUP2', id: 'g2' }, points: points('10') })).thenRejects(1632, /g2/);
    // without a module that owns groups, no group exists;
    core.given(world).when(cmd({ type: 'DeductPoints', entity: g1, points: points('10') })).thenRejects(1632);
    // and a group that exists but never held points has 0 of them (804).
    withGroups.given(world).when(cmd({ type: 'DeductPoints', entity: g1, points: points('10') })).thenRejects(804);
  });

  it('acts: a group wallet is debited into ADJUSTED; only a customer is looked up among customers (no 816)', () => {
    withGroups
      .given(funded)
      .when(cmd({ type: 'DeductPoints', entity: g1, points: points('10') }))
      .then((events) => expect(events.map((e) => e.type)).toEqual(['PointsDeducted']));
  });
});

/** The state of a history replayed with every event checked (a bad fixture throws). */
const replayedState = (events: readonly EventBase[], engine = coreEngine) => {
  const r = engine.replay(events);
  if (E.isLeft(r)) throw new Error(r.left.error.message);
  return r.right;
};
/** The ledger of a history replayed with every event checked. */
const replayedLedger = (events: readonly EventBase[]) => replayedState(events).ledger;

describe('an imported award already expired when it was made (decision 14)', () => {
  // 5 points awarded on day 20 with an expiry on day 10: they never count, neither before the award (they
  // were not there) nor from it on (they had expired). 33 points due in a year count throughout.
  const past = awarded('past', days(20), 'c1', '5', { expiresAt: days(10) });
  const small = [...world, awarded('keep', t1, 'c1', '33', { expiresAt: days(365) }), past];
  // 33 lots of one point and the expired one: more open lots than are summed step by step.
  const large = [...world, ...Array.from({ length: 33 }, (_, i) => awarded(`one${i}`, t1, 'c1', '1', { expiresAt: days(365) })), past];

  it.each([
    ['a small account (its correction summed)', small],
    ['a large account (its correction indexed)', large],
  ])('given %s, when the balance is asked between the expiry and the award, at the award and after, then the expired points are never counted nor taken off twice', (_, events) => {
    const ledger = replayedLedger(events);
    const at = (t: number): string => Points.format(balanceAt(ledger, mainOf(), t as Timestamp));
    expect([at(days(10) - 1), at(days(10)), at(days(15)), at(days(20) - 1), at(days(20)), at(days(30))]).toEqual(['33.000', '33.000', '33.000', '33.000', '33.000', '33.000']);
  });
});

describe('balanceAfterEvent: the balance right after an event, as it was answered then (decision 71)', () => {
  // a1: 10 points due on day 5, its expiry not recorded; a2: 20 points on day 10.
  const history = [...world, awarded('a1', t1, 'c1', '10', { expiresAt: days(5) }), awarded('a2', days(10), 'c1', '20')];
  // The same, with a1's expiry recorded at the very instant of a2, after it.
  const expiredAfter = [...history, expired('x1', days(10), [lotPosting('a1', '-10'), system('EXPIRED', '10')])];
  const after = (ledger: ReturnType<typeof replayedLedger>, eventId: string, at: Timestamp, ref = mainOf()): string | undefined => {
    const p = balanceAfterEvent(ledger, ref, eventId, at);
    return p === undefined ? undefined : Points.format(p);
  };

  it('given a lot expired before the event and its expiry not recorded, when asked after the event, then the expired points are not counted', () => {
    const ledger = replayedLedger(history);
    expect([after(ledger, 'a1', t1), after(ledger, 'a2', days(10))]).toEqual(['10.000', '20.000']);
  });

  it("given the expiry recorded at the event's instant after it, when asked after the event, then the answer is as before: the later expiry is neither pending nor in the event's line", () => {
    const ledger = replayedLedger(expiredAfter);
    expect([after(ledger, 'a2', days(10)), after(ledger, 'x1', days(10)), Points.format(balanceAt(ledger, mainOf(), days(10)))]).toEqual(['20.000', '20.000', '20.000']);
  });

  it('given an event at another time, or of another account, when asked, then there is no answer (undefined)', () => {
    const ledger = replayedLedger(expiredAfter);
    expect([after(ledger, 'a1', days(10)), after(ledger, 'a2', (days(10) + 1) as Timestamp), after(ledger, 'a2', days(10), mainOf(1414))]).toEqual([undefined, undefined, undefined]);
  });
});

describe('the expiry agenda: lots due on one day, folded at different times (review 23)', () => {
  // a1 and a2: 10 and 20 points of c1, both due on day 1, folded by one replay.
  const dueOnDay1 = [...world, awarded('a1', t1, 'c1', '10', { expiresAt: days(1) }), awarded('a2', t1, 'c1', '20', { expiresAt: days(1) })];
  const replayed = () => replayedState(dueOnDay1);
  type State = ReturnType<typeof replayed>;
  const clock = testClock();
  const executed = (state: State, command: ReturnType<typeof cmd>, at: Timestamp) => {
    const r = coreEngine.execute(state, command, clock.at(at));
    if (E.isLeft(r)) throw new Error(r.left.message);
    return r.right;
  };
  /** What an expiry at day 1 takes from each lot (lot id and points), decided on `state`. */
  const expiryAtDay1 = (state: State): string[][] =>
    executed(state, cmd({ type: 'ExpirePoints' }), days(1)).events.flatMap((e) => ('postings' in e ? (e as { postings: Posting[] }).postings : [])).map((p) => [p.lotId ?? p.entityId, Points.format(p.points)]);

  it('given the lots due on a day, when a later command awards another due that day, then the expiry takes it too, and the state before the award still expires only its own lots', () => {
    const s = replayed();
    const later = executed(s, cmd({ type: 'AwardPoints', entity: c1, points: points('5'), expiresAt: days(1) }), minutes(2));
    const award = later.events[0]?.id ?? '';
    expect(expiryAtDay1(later.state)).toEqual([['a1', '-10.000'], ['a2', '-20.000'], [award, '-5.000'], ['EXPIRED', '35.000']]);
    expect(expiryAtDay1(s)).toEqual([['a1', '-10.000'], ['a2', '-20.000'], ['EXPIRED', '30.000']]);
  });

  it('given the lots due on a day, when the same deduction emptying one of them is decided twice on one state (as a store checks an append), then the other still expires', () => {
    const s = replayed();
    const deduct = cmd({ type: 'DeductPoints', entity: c1, points: points('10') });
    executed(s, deduct, minutes(2));
    const again = executed(s, deduct, minutes(2));
    expect(again.events).toMatchObject([{ type: 'PointsDeducted', postings: [{ lotId: 'a1', points: points('-10') }, { entityId: 'ADJUSTED' }] }]);
    expect(expiryAtDay1(again.state)).toEqual([['a2', '-20.000'], ['EXPIRED', '20.000']]);
  });

  it('given every lot due on a day expired, then the day leaves the agenda (the expiry reads the agenda days up to now)', () => {
    const s = replayed();
    expect(s.ledger.agendaDays).toEqual([Math.floor(days(1) / 86_400_000)]);
    const after = executed(s, cmd({ type: 'ExpirePoints' }), days(1));
    expect([after.state.ledger.agendaDays, after.state.ledger.agenda.get(String(Math.floor(days(1) / 86_400_000)))]).toEqual([[], undefined]);
  });
});

describe('folding movements: queues, expiry windows, system accounts, entities (review 23)', () => {
  it('given a deduction that empties lots, then they leave the queues of their account (expiring and never-expiring), the others stay', () => {
    const queues = (command: ReturnType<typeof cmd>) => {
      const { state } = logOf(coreEngine, deductionWallet, [{ at: minutes(10), command }]);
      return accountsOfEntity(state.ledger, 'CUSTOMER', 'c1').map((a) => [a.expiring.size, a.perpetual.size]);
    };
    // Main 765: a2, a3, a4 expire, a1 and a5 do not; then Main 1414 (b1) and the promised d1.
    expect(queues(cmd({ type: 'DeductPoints', entity: c1, points: points('95.5') }))).toEqual([[0, 2], [0, 1], [0, 1]]);
    expect(queues(cmd({ type: 'DeductPoints', entity: c1, points: points('150') }))).toEqual([[0, 0], [0, 1], [0, 1]]);
  });

  it('given an expiry recorded at the very time its lot expired, then no window of late expiry is kept; one recorded later keeps one', () => {
    const base = [...world, awarded('a1', t1, 'c1', '10', { expiresAt: days(1) })];
    const windows = (at: Timestamp) => {
      const ledger = replayedLedger([...base, expired('x1', at, [lotPosting('a1', '-10'), system('EXPIRED', '10')])]);
      return [...(accountsOfEntity(ledger, 'CUSTOMER', 'c1')[0]?.expiredLate ?? [])].map((w) => [w.from, w.to, Points.format(w.points)]);
    };
    expect(windows(days(1))).toEqual([]);
    expect(windows(days(3))).toEqual([[days(1), days(3), '10.000']]);
  });

  it('given awards in two categories of one program, then each category has its own ISSUED balance', () => {
    const ledger = replayedLedger([...world, awarded('a1', t1, 'c1', '10'), awarded('p1', t1, 'c1', '4', { category: 'DelayedAccrualPointCategory' }), awarded('a2', t1, 'c1', '1')]);
    expect(systemBalances(ledger).map((b) => [b.entityId, b.programId, b.pointsCategory, Points.format(b.balance)])).toEqual([
      ['ISSUED', 765, 'Main', '-11.000'],
      ['ISSUED', 765, 'DelayedAccrualPointCategory', '-4.000'],
    ]);
  });

  it('given a customer and a group wallet of the same id, when one deduction takes from both, then each keeps its own account and lots', () => {
    // A module that owns USERGROUP2 wallets and knows one whose id is a customer's, c1.
    const groupsStub: EngineModule = { name: 'groups-stub', events: [], commands: [], entityExists: { USERGROUP2: (_s, id) => id === 'c1' } };
    const groupsEngine = createEngine([coreModule, groupsStub]);
    const groupC1 = { entityType: 'USERGROUP2' as const, entityId: 'c1', programId: 765, pointsCategory: 'Main' as const };
    const history: EventBase[] = [
      ...world,
      awarded('a1', t1, 'c1', '10'),
      ev({ ...awarded('g1', t1, 'c1', '20'), entity: { type: 'USERGROUP2', id: 'c1' } }),
      deducted('d1', minutes(2), [lotPosting('a1', '-4'), { ...groupC1, lotId: 'g1', points: points('-3') }, system('ADJUSTED', '7')]),
    ];
    const ledger = replayedState(history, groupsEngine).ledger;
    expect([mainOf(), groupC1].map((ref) => Points.format(balanceAt(ledger, ref, minutes(2))))).toEqual(['6.000', '17.000']);
    expect(['a1', 'g1'].map((id) => [lotById(ledger, id)?.account, Points.format(lotById(ledger, id)?.remaining ?? points('-1'))])).toEqual([
      ['CUSTOMER:c1|765|Main', '6.000'],
      ['USERGROUP2:c1|765|Main', '17.000'],
    ]);
  });

  it('unbalancedPrograms names the first program whose postings do not sum to zero, even when the sum over all programs is zero', () => {
    const p = (programId: number, amount: string): Posting => systemPosting('ISSUED', programId, 'Main', points(amount));
    expect(unbalancedPrograms([p(765, '-10'), p(1414, '10'), p(1414, '-5'), p(765, '5')])).toEqual({ programId: 765, sum: points('-5') });
    expect(unbalancedPrograms([p(765, '-10'), p(1414, '10'), p(1414, '-10'), p(765, '10')])).toBeUndefined();
  });
});

describe('ledgerViolations of a ledger broken by hand (review 23)', () => {
  // Row 0, c1's Main account: a1 (10 points, due on day 1) and a2 (5), 15 points deducted: balance 0, three
  // lines, empty queues. Row 1, c2's: b1 (5 never-expiring points, lot row 2).
  const sound = replayedLedger([
    ...world,
    awarded('a1', t1, 'c1', '10', { expiresAt: days(1) }),
    awarded('a2', t1, 'c1', '5'),
    awarded('b1', t1, 'c2', '5'),
    deducted('d1', minutes(2), [lotPosting('a1', '-10'), lotPosting('a2', '-5'), system('ADJUSTED', '15')]),
  ]);
  /** The ledger with numeric fields of c1's Main account set as given. */
  const broken = (...fields: [number, number][]): LedgerState => ({
    ...sound,
    accounts: { ...sound.accounts, fields: fields.reduce((f, [field, value]) => f.set(0, field, value), sound.accounts.fields) },
  });

  it('finds nothing in the sound ledger', () => {
    expect(ledgerViolations(sound)).toEqual([]);
  });

  it('names a queue that counts more lots than it holds, an account without lines (even at zero), a lot in the queue of another account', () => {
    expect(ledgerViolations(broken([accountField.perpetualSize, 1]))).toEqual(["account CUSTOMER:c1|765|Main's never-expiring queue counts 1 lots, holds 0"]);
    expect(ledgerViolations(broken([accountField.lineCount, 0]))).toEqual(["account CUSTOMER:c1|765|Main's last line does not show its balance"]);
    expect(ledgerViolations(broken([accountField.perpetualHead, 2], [accountField.perpetualSize, 1]))).toEqual([
      "account CUSTOMER:c1|765|Main's queue holds lot b1 of CUSTOMER:c2|765|Main",
      'lot b1 is queued twice',
    ]);
  });
});
