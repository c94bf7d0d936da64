/**
 * The testing kit by example: given/when/then over the whole engine, worlds read back from a state, and
 * the invariant predicates and watch finding faults injected on purpose.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { AwardPoints, CommandBase, OrgState, Points, PointsAwarded, ProgramDefined, Timestamp, coreModule, createEngine, findCustomer, systemBalances } from '@pointfold/core';
import { groupsModule } from '@pointfold/groups';
import { PointsRedeemed } from '@pointfold/groups';
import { ReverseRedemption } from '@pointfold/transfers';
import { CardIssued, IssueReward, RewardIssued, rewardsModule } from '@pointfold/rewards';
import {
  arbAmountInput,
  arbCommandsAgainst,
  arbStep,
  arbSteps,
  arbWorld,
  commandsOf,
  customerEmail,
  customerExternalId,
  customerMobile,
  defaultStepWeights,
  defaultWorld,
  FullWorld,
  fullEngine,
  groupIdsOf,
  isBalanced,
  issueRequestOf,
  kitClock,
  lotsWithinBounds,
  nothingRedeemableNegative,
  pointfoldSpec,
  postingsSumToZero,
  redeemRequestOf,
  runWorld,
  skewAccount,
  skewLot,
  skewSystemAccount,
  StepWeights,
  testEpoch,
  watchInvariants,
  withFault,
  worldOf,
  worldSetup,
} from '@pointfold/testing';

const setup = worldSetup(defaultWorld);
const stateOf = (events: Parameters<typeof fullEngine.fold>[0]): OrgState => {
  const r = fullEngine.replay(events);
  if (E.isLeft(r)) throw new Error(`event #${r.left.index}: ${r.left.error.message}`);
  return r.right;
};

describe('pointfoldSpec: given/when/then over the whole engine', () => {
  it('acts: a member redeems from the fleet wallet', () => {
    const redeem: CommandBase = { type: 'RedeemPoints', customer: { type: 'id', value: 'c2' }, points: Points.points('40'), group: { groupId: 'g1' }, skipValidation: true } as CommandBase;
    pointfoldSpec
      .given(setup)
      .when(redeem)
      .then((events) => {
        const e = events.find((x): x is PointsRedeemed => x.type === 'PointsRedeemed');
        expect([e?.wallet, e?.customerId, e?.points]).toEqual([{ type: 'USERGROUP2', id: 'g1' }, 'c2', Points.points('40')]);
      });
  });

  it('refuses: more than the wallet holds (803), and a reward of an unknown brand (3004)', () => {
    pointfoldSpec
      .given(setup)
      .when({ type: 'RedeemPoints', customer: { type: 'id', value: 'c1' }, points: Points.points('501'), skipValidation: true } as CommandBase)
      .thenRejects(803);
    const issue: IssueReward = { type: 'IssueReward', rewardId: 'r-fixed', brand: 'NOPE', mobile: '919000000000' };
    pointfoldSpec.given(setup).when(issue).thenRejects(3004);
  });

  it('does nothing: IsRedeemable appends nothing', () => {
    pointfoldSpec
      .given(setup)
      .when({ type: 'IsRedeemable', customer: { type: 'id', value: 'c1' }, points: Points.points('5'), skipValidation: true } as CommandBase)
      .thenNothingHappened();
  });

  it('issues a reward of the default catalogue to a customer in its segment', () => {
    const issue: IssueReward = { type: 'IssueReward', rewardId: 'r-seg', brand: 'BUKL', mobile: '919000000001' };
    pointfoldSpec
      .given(setup)
      .when(issue)
      .then((events) => expect(events.filter((e): e is RewardIssued => e.type === 'RewardIssued').map((e) => [e.customerId, Points.format(e.points)])).toEqual([['c2', '20.000']]));
  });
});

describe('worlds', () => {
  it('worldOf reads back what worldSetup set up', () => {
    const w = worldOf(stateOf(setup));
    expect([w.programs, w.customers]).toEqual([defaultWorld.programs, defaultWorld.customers]);
    expect(w.groups?.map((g) => [g.groupId, g.externalId, g.groupType, g.primary, g.members?.map((m) => [m.userId, m.redeem, m.transfer])])).toEqual([
      ['g1', 'x1', 'FLEET', 'c1', [['c2', true, true], ['c3', true, false]]],
      ['g2', 'x2', 'FRIENDS_AND_FAMILY', 'c4', [['c5', false, true]]],
    ]);
    expect(w.rewards?.map((r) => [r.rewardId, r.fulfillment, r.cardSeries, r.segments])).toEqual([
      ['r-card', undefined, 'GOLD', undefined],
      ['r-fixed', undefined, undefined, undefined],
      ['r-limited', undefined, undefined, undefined],
      ['r-ratio', undefined, undefined, undefined],
      ['r-seg', undefined, undefined, [{ segment: 's1', partition: 'p1' }]],
      ['r-vendor', 'VENDOR', undefined, undefined],
    ]);
    expect([w.segments, w.cards?.map((c) => [c.customerId, c.series, c.status])]).toEqual([{ c2: [{ segment: 's1', partition: 'p1' }] }, [['c3', 'GOLD', 'ACTIVE']]]);
  });

  it('worldSetup gives every customer 500 points and every group 800, and registers the identifiers the helpers name', () => {
    const awards = setup.filter((e): e is PointsAwarded => e.type === 'PointsAwarded');
    expect(awards.map((a) => `${a.entity.id} ${a.programId} ${Points.format(a.points)}`)).toEqual(['c1 765 500.000', 'c2 765 500.000', 'c3 765 500.000', 'c4 765 500.000', 'c5 765 500.000', 'g1 765 800.000', 'g2 765 800.000']);
    const s = stateOf(setup);
    const found = (type: 'mobile' | 'email' | 'externalId', value: string): string | undefined => findCustomer(s.org, type, value)?.customerId;
    expect(defaultWorld.customers.map((c) => [found('mobile', customerMobile(defaultWorld, c)), found('email', customerEmail(c)), found('externalId', customerExternalId(c))])).toEqual(
      defaultWorld.customers.map((c) => [c, c, c]),
    );
  });

  it('worldSetup issues a card with the status given (ACTIVE when none is)', () => {
    const cards = worldSetup({ ...defaultWorld, cards: [...(defaultWorld.cards ?? []), { customerId: 'c4', cardNumber: 'GOLD-0004', series: 'GOLD', status: 'BLOCKED' }] }).filter(
      (e): e is CardIssued => e.type === 'CardIssued',
    );
    expect(cards.map((c) => [c.cardNumber, c.status])).toEqual([
      ['GOLD-0003', 'ACTIVE'],
      ['GOLD-0004', 'BLOCKED'],
    ]);
  });

  it('worldOf names the default program first, and leaves out the members who left', () => {
    const h = runWorld(defaultWorld, [{ kind: 'leave', group: 0, customer: 2 }], {
      // Program 1414 defined second, as the default.
      setup: setup.map((e) => (e.type === 'ProgramDefined' && (e as ProgramDefined).programId === 1414 ? { ...e, isDefault: true } : e)),
    });
    const w = worldOf(h.state);
    expect([w.programs, w.groups?.map((g) => [g.groupId, g.members?.map((m) => m.userId)])]).toEqual([
      [1414, 765],
      [
        ['g1', ['c2']],
        ['g2', ['c5']],
      ],
    ]);
  });

  it('arbSteps draws at most maxSteps steps, each from the step arbitrary given', () => {
    const award = { kind: 'award' as const, customer: 0, program: 0, category: 'Main' as const, points: Points.points('1') };
    const drawn = fc.sample(arbSteps(defaultWorld, { maxSteps: 3, step: fc.constant(award) }), { numRuns: 30, seed: 28 });
    expect([Math.max(...drawn.map((steps) => steps.length)), drawn.flat().filter((st) => st !== award)]).toEqual([3, []]);
  });

  it('runWorld keeps what the engine accepted and counts what it refused', () => {
    const h = runWorld(defaultWorld, [
      { kind: 'award', customer: 0, program: 0, category: 'Main', points: Points.points('10') },
      { kind: 'deduct', customer: 1, program: 1, points: Points.points('1') },
    ]);
    expect([h.events.length - setup.length, h.refused]).toEqual([1, 1]);
  });
});

describe('steps and worlds, drawn and read', () => {
  it('groupIdsOf names the group of a redemption in each way its kind says', () => {
    const spec = { customer: 0, initiator: 'any' as const, group: 1, otherGroup: 0, program: 0, points: Points.points('1') };
    expect(
      (['none', 'groupId', 'externalId', 'primaryUserId', 'primaryUserMobile', 'unknown', 'mixed'] as const).map((idKind) => groupIdsOf(defaultWorld, { ...spec, idKind })),
    ).toEqual([
      undefined,
      { groupId: 'g2' },
      { externalId: 'x2' },
      { primaryUserId: 'c4' },
      { primaryUser: { identifierType: 'mobile', identifierValue: '919000000003' } },
      { groupId: 'g2-unknown' },
      { groupId: 'g2', externalId: 'x1' },
    ]);
    const withoutExternalId: FullWorld = { ...defaultWorld, groups: [{ groupId: 'g9', groupType: 'FLEET', primary: 'c1' }] };
    expect((['externalId', 'mixed'] as const).map((idKind) => groupIdsOf(withoutExternalId, { ...spec, group: 0, idKind }))).toEqual([{ groupId: 'g9' }, { groupId: 'g9', primaryUserId: 'c1' }]);
  });

  it('redeemRequestOf takes a member of the group named as the initiator when the spec says so and the state is known, and names the bill of a transaction', () => {
    const spec = { customer: 4, idKind: 'groupId' as const, group: 0, otherGroup: 0, program: 0, points: Points.points('1') };
    const s = stateOf(setup);
    expect([
      redeemRequestOf(defaultWorld, { ...spec, initiator: 'any' }, s).customer,
      redeemRequestOf(defaultWorld, { ...spec, initiator: 'member' }, s).customer,
      redeemRequestOf(defaultWorld, { ...spec, initiator: 'member' }).customer,
    ]).toEqual([
      { type: 'id', value: 'c5' },
      { type: 'id', value: 'c2' },
      { type: 'id', value: 'c5' },
    ]);
    expect([redeemRequestOf(defaultWorld, { ...spec, initiator: 'any', transaction: 2 }).transactionNumber, redeemRequestOf(defaultWorld, { ...spec, initiator: 'any' }).transactionNumber]).toEqual(['bill-2', undefined]);
  });

  it('commandsOf reverses a share of a redemption, reverts by transaction number, takes a customer out of a segment, blocks a card, and answers for the vendor of a VENDOR reward only', () => {
    const redeem = { customer: 1, initiator: 'any' as const, idKind: 'none' as const, group: 0, otherGroup: 0, program: 0, points: Points.points('40'), transaction: 1 };
    const h = runWorld(defaultWorld, [{ kind: 'redeem', spec: redeem }]);
    const now = ((h.state.lastAt ?? testEpoch) + 60_000) as Timestamp;
    const [reverse] = commandsOf(defaultWorld, h.state, { kind: 'reverse', pick: 0, percent: 25 }, now);
    expect([reverse?.type, (reverse as ReverseRedemption | undefined)?.pointsToBeReversed]).toEqual(['ReverseRedemption', '10.000']);
    expect(commandsOf(defaultWorld, h.state, { kind: 'revert', transaction: 1 }, now)).toEqual([{ type: 'RevertRedemption', transactionNumber: 'bill-1' }]);
    expect([
      ...commandsOf(defaultWorld, h.state, { kind: 'segments', customer: 0, inSegment: false }, now),
      ...commandsOf(defaultWorld, h.state, { kind: 'card', customer: 0, active: false }, now),
    ]).toEqual([
      { type: 'AssignCustomerSegments', customerId: 'c1', memberships: [{ segment: 's1', partition: 'p2' }] },
      { type: 'IssueCard', customerId: 'c1', cardNumber: 'GOLD-c1', series: 'GOLD', status: 'BLOCKED' },
    ]);
    // An even `by`: the one who may (the source customer, a group's primary user); an odd one: anyone.
    const by = (from: number, n: number): unknown => (commandsOf(defaultWorld, h.state, { kind: 'groupTransfer', from, to: 0, by: n, program: 0, points: Points.points('1') }, now)[0] as { transferredBy?: unknown } | undefined)?.transferredBy;
    expect([by(5, 0), by(5, 1), by(2, 4)]).toEqual([
      { identifierType: 'id', identifierValue: 'c1' },
      { identifierType: 'id', identifierValue: 'c2' },
      { identifierType: 'id', identifierValue: 'c3' },
    ]);
    const issue = { customer: 0, config: 'none' as const, group: 'none' as const, vendor: 'voucher' as const, program: 0 };
    expect([issueRequestOf(defaultWorld, { ...issue, reward: 2 })?.vendor, issueRequestOf(defaultWorld, { ...issue, reward: 0 })?.vendor]).toEqual([{ voucher: 'V-0-2' }, undefined]);
    expect([issueRequestOf(defaultWorld, { ...issue, reward: 0, program: 1 })?.programId, issueRequestOf(defaultWorld, { ...issue, reward: 0 })?.programId]).toEqual([1414, undefined]);
  });

  it('arbStep leaves out the kinds weighed 0, and draws the core\'s steps when every kind is left out', () => {
    const kinds = (weights: StepWeights): string[] => [...new Set(fc.sample(arbStep(defaultWorld, weights), { numRuns: 100, seed: 28 }).map((st) => st.kind))].sort();
    expect(kinds({ ...defaultStepWeights, core: 0, groupAward: 0, redeem: 0 })).toEqual(['card', 'customerTransfer', 'flags', 'groupTransfer', 'issue', 'issueCode', 'join', 'leave', 'limits', 'reprice', 'reverse', 'revert', 'segments']);
    expect(kinds({ core: 0, redeem: 0 })).toEqual(['advance', 'award', 'deduct', 'release']);
  });

  it('arbAmountInput draws valid amounts as texts and as JSON numbers, their whole part at most the one given', () => {
    const valid = fc.sample(arbAmountInput(5), { numRuns: 200, seed: 28 }).filter((a) => a.code === undefined);
    expect([...new Set(valid.map((a) => typeof a.value))].sort()).toEqual(['number', 'string']);
    expect(valid.filter((a) => !(Number(a.value) > 0 && Number(a.value) < 6))).toEqual([]);
    // Both forms reach up to the bound.
    expect([Math.max(...valid.filter((a) => typeof a.value === 'string').map((a) => Number(a.value))) >= 3, Math.max(...valid.filter((a) => typeof a.value === 'number').map((a) => Number(a.value))) >= 3]).toEqual([true, true]);
  });

  it('arbWorld draws every kind of reward, and starting points for customers and groups', () => {
    const worlds = fc.sample(arbWorld(), { numRuns: 100, seed: 28 });
    const kinds = new Set(
      worlds.flatMap((w) => (w.rewards ?? []).map((r) => (r.fulfillment === 'VENDOR' ? 'vendor' : r.cardSeries !== undefined ? 'card' : r.segments !== undefined ? 'segment' : r.constraints !== undefined ? 'limited' : 'plain'))),
    );
    expect([...kinds].sort()).toEqual(['card', 'limited', 'plain', 'segment', 'vendor']);
    expect(worlds.filter((w) => w.startingPoints?.customers === undefined || w.startingPoints.groups !== w.startingPoints.customers)).toEqual([]);
  });
});

describe('runWorld follows its options', () => {
  const award = { kind: 'award' as const, customer: 0, program: 0, category: 'Main' as const, points: Points.points('10') };

  it('runs the engine given: one without transfers refuses a group transfer the whole engine makes', () => {
    const transfer = { kind: 'groupTransfer' as const, from: 5, to: 2, by: 0, program: 0, points: Points.points('25') };
    const withoutTransfers = createEngine([coreModule, groupsModule, rewardsModule]);
    expect([runWorld(defaultWorld, [transfer]).refused, runWorld(defaultWorld, [transfer], { engine: withoutTransfers }).refused]).toEqual([0, 1]);
  });

  it('starts from the setup given, and names events with the clock given', () => {
    const programsAndCustomers = setup.slice(0, 7);
    const h = runWorld(defaultWorld, [award], { setup: programsAndCustomers, clock: kitClock('mine') });
    expect(h.events.map((e) => e.id)).toEqual([...programsAndCustomers.map((e) => e.id), 'mine-1']);
  });
});

describe('the invariant predicates and the watch find injected faults', () => {
  const steps = [
    { kind: 'award' as const, customer: 0, program: 0, category: 'Main' as const, points: Points.points('10') },
    { kind: 'award' as const, customer: 1, program: 0, category: 'Main' as const, points: Points.points('20') },
    { kind: 'award' as const, customer: 2, program: 0, category: 'Main' as const, points: Points.points('30') },
  ];
  const h = runWorld(defaultWorld, steps);
  const target = h.events[setup.length + 1]?.id ?? '';

  const foldWith = (fault: Parameters<typeof withFault>[2]): { state: OrgState; firstViolation: number | undefined } => {
    const engine = withFault(fullEngine, (e) => e.id === target, fault);
    const watch = watchInvariants(engine);
    let s = engine.initialState;
    let firstViolation: number | undefined;
    h.events.forEach((e, i) => {
      s = engine.evolve(s, e);
      if (firstViolation === undefined && watch.afterEvent(e, s).length > 0) firstViolation = i;
    });
    return { state: s, firstViolation };
  };

  it('a sound history is balanced', () => {
    expect([postingsSumToZero(h.state), nothingRedeemableNegative(h.state), lotsWithinBounds(h.state), isBalanced(h.state)]).toEqual([true, true, true, true]);
  });

  it('a system account skewed: postings no longer sum to zero, seen at that very event', () => {
    const r = foldWith(skewSystemAccount(Points.points('1')));
    expect([postingsSumToZero(r.state), isBalanced(r.state), r.firstViolation]).toEqual([false, false, setup.length + 1]);
  });

  it('a lot the event created skewed: lots out of bounds, seen at that very event', () => {
    const r = foldWith(skewLot(target, Points.points('0.5')));
    expect([lotsWithinBounds(r.state), r.firstViolation]).toEqual([false, setup.length + 1]);
  });

  it('an account the event did not touch skewed below zero: the watch misses it, the full check does not', () => {
    const r = foldWith(skewAccount({ entityType: 'CUSTOMER', entityId: 'c5', programId: 765, pointsCategory: 'Main' }, Points.points('-600')));
    const watch = watchInvariants(fullEngine);
    expect([nothingRedeemableNegative(r.state), r.firstViolation, watch.final(r.state).length > 0]).toEqual([false, undefined, true]);
  });

  it('a fault needs no refusal: the faulty engine accepts the same history', () => {
    const engine = withFault(fullEngine, (e) => e.id === target, skewSystemAccount(Points.points('1')));
    expect(E.isRight(engine.replay(h.events))).toBe(true);
    expect(E.isRight(engine.execute(h.state, { type: 'ExpirePoints' } as CommandBase, kitClock().at((testEpoch + 86_400_000) as Timestamp)))).toBe(true);
  });

  it('a system account skewed before the first posting: the ISSUED account of the program given is made', () => {
    const first = setup.slice(0, 1);
    const engine = withFault(fullEngine, (e) => e.id === first[0]?.id, skewSystemAccount(Points.points('1'), 765));
    const r = engine.replay(first);
    expect(E.isRight(r) && systemBalances(r.right.ledger)).toEqual([{ entityId: 'ISSUED', programId: 765, pointsCategory: 'Main', balance: Points.points('1') }]);
  });
});

describe('commands against a state', () => {
  const state = stateOf(setup);
  const day = 86_400_000;
  const now = (testEpoch + 5 * day) as Timestamp;

  it('draws only the kinds of step weighed, at the time given: group awards expire whole days after `now`', () => {
    const drawn = fc.sample(arbCommandsAgainst(state, { now, weights: { groupAward: 1 } }), { numRuns: 60, seed: 28 }).flat();
    expect([...new Set(drawn.map((c) => c.type))]).toEqual(['AwardPoints']);
    const expiries = drawn.flatMap((c) => ((c as AwardPoints).expiresAt === undefined ? [] : [(c as AwardPoints).expiresAt ?? now]));
    expect(expiries.length).toBeGreaterThan(0);
    expect(expiries.filter((t) => (t - now) % day !== 0 || t - now < day || t - now > 60 * day)).toEqual([]);
  });

  it('never draws an empty list, even where some steps mean nothing (no redemption to reverse yet)', () => {
    const drawn = fc.sample(arbCommandsAgainst(state, { weights: { core: 1, reverse: 1 } }), { numRuns: 60, seed: 28 });
    expect(drawn.filter((cs) => cs.length === 0)).toEqual([]);
  });
});
