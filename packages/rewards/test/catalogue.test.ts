/**
 * The reference events of rewards as history lines and as commands: RewardDefined (its codec, checks,
 * defaults, and a second definition replacing the first), CustomerSegmentsAssigned (replaces the set)
 * and CardIssued (a card number belongs to one customer), with their queries.
 */
import * as E from 'fp-ts/Either';
import { CommandBase, EventBase, Points, RegisterCustomer, findCustomer } from '@pointfold/core';
import { spec } from '@pointfold/core/testing';
import {
  PositiveDecimal,
  RewardDefined,
  answerOfIssue,
  cardOf,
  cardsOf,
  issueOf,
  paymentConfigOf,
  rewardOf,
  rewardsEngine,
  rewardsLimits,
  rewardsOfBrand,
  segmentsOf,
} from '@pointfold/rewards';
import {
  awarded,
  cardIssued,
  cmd,
  configured,
  customer,
  ev,
  issue,
  issuedIn,
  minutes,
  pointsConfig,
  ratioConfig,
  registered,
  rewardDefined,
  run,
  segmentsAssigned,
  stateOf,
  world,
} from './fixtures';

const r = spec(rewardsEngine);
const registerCustomer = (c: RegisterCustomer): CommandBase => c;

/** The code a history is refused with at its last line. */
const refusedWith = (events: readonly EventBase[]): number => {
  const res = rewardsEngine.replay(events);
  if (E.isRight(res)) throw new Error('the history was accepted');
  expect(res.left.index).toBe(events.length - 1);
  return res.left.error.code;
};

/** What decoding a JSON line says (the decoded event or the sentence naming the field). */
const decoded = (json: unknown): string => {
  const d = rewardsEngine.decodeEvent(json);
  return E.isRight(d) ? JSON.stringify(rewardsEngine.encodeEvent(d.right)) : d.left;
};

const line = { type: 'RewardDefined', id: 'rw-1', at: '2026-01-01T00:01:00Z', rewardId: 'r1', brand: 'BUKL' };

describe('RewardDefined as a history line', () => {
  it('decodes both payment modes, a ratio given as a JSON number kept as its exact text, and ids as given', () => {
    const json = { ...line, paymentConfigs: [{ id: 55, mode: 'POINTS', points: '500' }, { id: 'm1', mode: 'CONV_RATIO', conversionRatio: 0.44, redemptionType: 'MILES' }] };
    expect(JSON.parse(decoded(json))).toEqual({ ...json, paymentConfigs: [{ id: 55, mode: 'POINTS', points: '500.000' }, { id: 'm1', mode: 'CONV_RATIO', conversionRatio: '0.44', redemptionType: 'MILES' }] });
  });

  it('names the field of a bad line: unknown mode, bad ratio, unknown field, bad constraint, bad fulfilment', () => {
    expect(decoded({ ...line, paymentConfigs: [{ id: 1, mode: 'CASH', points: '5' }] })).toMatch(/^paymentConfigs\[0\]: expected an object whose mode is one of POINTS, CONV_RATIO/);
    for (const conversionRatio of ['0', '-1', '1e3', 'x', '0.1234567890123']) {
      expect(decoded({ ...line, paymentConfigs: [{ id: 1, mode: 'CONV_RATIO', conversionRatio }] })).toMatch(/^paymentConfigs\[0\]\.conversionRatio: expected a positive decimal/);
    }
    expect(decoded({ ...line, paymentConfigs: [{ id: 1, mode: 'POINTS', points: '5', ratio: 1 }] })).toMatch(/^paymentConfigs\[0\]\.ratio: is not a known field/);
    expect(decoded({ ...line, paymentConfigs: [{ id: 1, mode: 'POINTS', points: '5.0001' }] })).toMatch(/878/);
    expect(decoded({ ...line, paymentConfigs: [{ id: 1, mode: 'POINTS', points: '5' }], constraints: [{ level: 'STORE', periodDays: 1, maxIssues: 1 }] })).toMatch(/^constraints\[0\]\.level/);
    expect(decoded({ ...line, paymentConfigs: [{ id: 1, mode: 'POINTS', points: '5' }], constraints: [{ level: 'CUSTOMER', periodDays: 0, maxIssues: 1 }] })).toMatch(/^constraints\[0\]\.periodDays/);
    expect(decoded({ ...line, paymentConfigs: [{ id: 1, mode: 'POINTS', points: '5' }], fulfillment: 'EMAIL' })).toMatch(/^fulfillment/);
    expect(decoded({ ...line, paymentConfigs: [{ id: -1, mode: 'POINTS', points: '5' }] })).toMatch(/^paymentConfigs\[0\]\.id/);
  });

  it('is folded with its defaults: enabled, Intouch coupons valid 365 days, no segments, constraints or card series', () => {
    const s = stateOf([...world, rewardDefined('rw-1', minutes(1), 'r1')]);
    expect(rewardOf(s, 'r1')).toEqual({
      rewardId: 'r1',
      brand: 'BUKL',
      enabled: true,
      segments: [],
      paymentConfigs: [pointsConfig(55, '500')],
      constraints: [],
      fulfillment: 'INTOUCH_COUPON',
      couponValidityDays: 365,
      definedAt: minutes(1),
      updatedAt: minutes(1),
    });
  });

  it('refuses no payment configuration, two with one id (55 and "55"), an end before the start', () => {
    expect(refusedWith([...world, rewardDefined('rw-1', minutes(1), 'r1', { paymentConfigs: [] })])).toBe(9908);
    expect(refusedWith([...world, rewardDefined('rw-1', minutes(1), 'r1', { paymentConfigs: [pointsConfig(55, '1'), ratioConfig('55', '2')] })])).toBe(9907);
    expect(refusedWith([...world, rewardDefined('rw-1', minutes(1), 'r1', { startsAt: minutes(5), endsAt: minutes(5) })])).toBe(9908);
  });

  it(`takes up to ${rewardsLimits.paymentConfigsPerRewardMax} payment configurations, ${rewardsLimits.constraintsPerRewardMax} constraints and ${rewardsLimits.segmentsPerRewardMax} segment pairs, and refuses one more of each (9908)`, () => {
    const { paymentConfigsPerRewardMax, constraintsPerRewardMax, segmentsPerRewardMax } = rewardsLimits;
    const defined = (o: Partial<Omit<RewardDefined, 'type' | 'id' | 'at' | 'rewardId'>>): readonly EventBase[] => [...world, rewardDefined('rw-1', minutes(1), 'r1', o)];
    const configs = (n: number) => Array.from({ length: n }, (_, i) => pointsConfig(i + 1, '10'));
    const constraints = (n: number) => Array.from({ length: n }, (_, i) => ({ level: 'CUSTOMER' as const, periodDays: i + 1, maxIssues: 1 }));
    const segments = (n: number) => Array.from({ length: n }, (_, i) => ({ segment: `s${i}`, partition: 'p' }));
    // Given each list at its limit, the definition is folded as it says;
    expect(rewardOf(stateOf(defined({ paymentConfigs: configs(paymentConfigsPerRewardMax) })), 'r1')?.paymentConfigs).toHaveLength(paymentConfigsPerRewardMax);
    expect(rewardOf(stateOf(defined({ constraints: constraints(constraintsPerRewardMax) })), 'r1')?.constraints).toHaveLength(constraintsPerRewardMax);
    expect(rewardOf(stateOf(defined({ segments: segments(segmentsPerRewardMax) })), 'r1')?.segments).toHaveLength(segmentsPerRewardMax);
    // one more of any is refused.
    expect(refusedWith(defined({ paymentConfigs: configs(paymentConfigsPerRewardMax + 1) }))).toBe(9908);
    expect(refusedWith(defined({ constraints: constraints(constraintsPerRewardMax + 1) }))).toBe(9908);
    expect(refusedWith(defined({ segments: segments(segmentsPerRewardMax + 1) }))).toBe(9908);
  });

  it('a second definition replaces the first whole (an update), and moves the reward to its new brand', () => {
    const s = stateOf([
      ...world,
      rewardDefined('rw-1', minutes(1), 'r1', { enabled: false, segments: [{ segment: 's1', partition: 'p1' }] }),
      rewardDefined('rw-2', minutes(2), 'r1', { brand: 'NEW', paymentConfigs: [ratioConfig(3, '0.5')] }),
    ]);
    const reward = rewardOf(s, 'r1');
    expect([reward?.brand, reward?.enabled, reward?.segments, reward?.paymentConfigs, reward?.definedAt, reward?.updatedAt]).toEqual([
      'NEW',
      true,
      [],
      [ratioConfig(3, '0.5')],
      minutes(1),
      minutes(2),
    ]);
    expect([rewardsOfBrand(s, 'BUKL'), rewardsOfBrand(s, 'NEW').map((x) => x.rewardId)]).toEqual([[], ['r1']]);
  });

  it('DefineReward appends the RewardDefined it describes', () => {
    r.given(world)
      .when(cmd({ type: 'DefineReward', rewardId: 'r9', brand: 'BUKL', paymentConfigs: [pointsConfig(1, '10')], cardSeries: 'GOLD' }))
      .then([ev({ type: 'RewardDefined', id: 'when-1', at: minutes(1), rewardId: 'r9', brand: 'BUKL', paymentConfigs: [pointsConfig(1, '10')], cardSeries: 'GOLD' })]);
    r.given(world).when(cmd({ type: 'DefineReward', rewardId: 'r9', brand: 'BUKL', paymentConfigs: [] })).thenRejects(9908);
    // The request id is the command's, never the definition's: the event does not carry it.
    r.given(world)
      .when({ ...cmd({ type: 'DefineReward', rewardId: 'r9', brand: 'BUKL', paymentConfigs: [pointsConfig(1, '10')] }), requestId: 'define-r9' })
      .then((events) => expect(events.filter((e) => e.type === 'RewardDefined')).toEqual([ev({ type: 'RewardDefined', id: 'when-1', at: minutes(1), rewardId: 'r9', brand: 'BUKL', paymentConfigs: [pointsConfig(1, '10')] })]));
  });

  it('paymentConfigOf: the only one, the one named, 400 when several and none named, 12016 when unknown', () => {
    const s = stateOf([...world, rewardDefined('rw-1', minutes(1), 'r1'), rewardDefined('rw-2', minutes(1), 'r2', { paymentConfigs: [pointsConfig(1, '1'), pointsConfig(2, '2')] })]);
    const one = rewardOf(s, 'r1');
    const two = rewardOf(s, 'r2');
    if (one === undefined || two === undefined) throw new Error('rewards not folded');
    expect(paymentConfigOf(one, undefined)).toEqual(E.right(pointsConfig(55, '500')));
    expect(paymentConfigOf(two, '2')).toEqual(E.right(pointsConfig(2, '2')));
    expect(E.isLeft(paymentConfigOf(two, undefined)) && paymentConfigOf(two, undefined)).toMatchObject({ left: { code: 400 } });
    expect(E.isLeft(paymentConfigOf(one, 56)) && paymentConfigOf(one, 56)).toMatchObject({ left: { code: 12016 } });
  });

  it('PositiveDecimal keeps the canonical text of exact decimals only', () => {
    expect(PositiveDecimal.decode('0.440')).toEqual(E.right('0.44'));
    expect(PositiveDecimal.decode(1000)).toEqual(E.right('1000'));
    expect(E.isLeft(PositiveDecimal.decode(1e-7))).toBe(true);
    expect(E.isLeft(PositiveDecimal.decode('1234567890123456'))).toBe(true);
  });
});

describe('CustomerSegmentsAssigned', () => {
  it('replaces the set, and an empty list clears it', () => {
    const first = [...world, segmentsAssigned('seg-1', minutes(1), 'c1', [['s1', 'p1'], ['s2', 'p2']])];
    expect(segmentsOf(stateOf(first), 'c1')).toEqual([{ segment: 's1', partition: 'p1' }, { segment: 's2', partition: 'p2' }]);
    expect(segmentsOf(stateOf([...first, segmentsAssigned('seg-2', minutes(2), 'c1', [['s3', 'p3']])]), 'c1')).toEqual([{ segment: 's3', partition: 'p3' }]);
    expect(segmentsOf(stateOf([...first, segmentsAssigned('seg-2', minutes(2), 'c1', [])]), 'c1')).toEqual([]);
  });

  it(`takes up to ${rewardsLimits.membershipsPerCustomerMax} pairs for a customer, and refuses one more (9908)`, () => {
    const pairs = (n: number): readonly (readonly [string, string])[] => Array.from({ length: n }, (_, i) => [`s${i}`, 'p'] as const);
    const max = rewardsLimits.membershipsPerCustomerMax;
    expect(segmentsOf(stateOf([...world, segmentsAssigned('seg-1', minutes(1), 'c1', pairs(max))]), 'c1')).toHaveLength(max);
    expect(refusedWith([...world, segmentsAssigned('seg-1', minutes(1), 'c1', pairs(max + 1))])).toBe(9908);
  });

  it('refuses an unknown customer (816), as a line and as a command', () => {
    expect(refusedWith([...world, segmentsAssigned('seg-1', minutes(1), 'ghost', [['s1', 'p1']])])).toBe(816);
    r.given(world).when(cmd({ type: 'AssignCustomerSegments', customerId: 'ghost', memberships: [] })).thenRejects(816);
    r.given(world)
      .when(cmd({ type: 'AssignCustomerSegments', customerId: 'c2', memberships: [{ segment: 's', partition: 'p' }] }))
      .then([ev(segmentsAssigned('when-1', minutes(1), 'c2', [['s', 'p']]))]);
  });
});

describe('CardIssued', () => {
  it('records a card, and a later line for its number changes its series or status', () => {
    const s = stateOf([...world, cardIssued('card-1', minutes(1), 'c1', '4000-1', 'GOLD'), cardIssued('card-2', minutes(2), 'c1', '4000-1', 'GOLD', 'BLOCKED')]);
    expect(cardOf(s, '4000-1')).toEqual({ cardNumber: '4000-1', customerId: 'c1', series: 'GOLD', status: 'BLOCKED', issuedAt: minutes(1), updatedAt: minutes(2) });
    expect(cardsOf(s, 'c1').map((c) => c.cardNumber)).toEqual(['4000-1']);
  });

  it('refuses an unknown customer (816), a card of another customer (9907), the card number of another customer (9907)', () => {
    expect(refusedWith([...world, cardIssued('card-1', minutes(1), 'ghost', '4000-1', 'GOLD')])).toBe(816);
    expect(refusedWith([...world, cardIssued('card-1', minutes(1), 'c1', '4000-1', 'GOLD'), cardIssued('card-2', minutes(1), 'c2', '4000-1', 'GOLD')])).toBe(9907);
    expect(refusedWith([...world, registered('reg-c9', minutes(1), 'c9', { cardnumber: '4000-9' }), cardIssued('card-1', minutes(1), 'c1', '4000-9', 'GOLD')])).toBe(9907);
    r.given(world).when(cmd({ type: 'IssueCard', customerId: 'c3', cardNumber: 'K', series: 'S', status: 'ACTIVE' })).then([ev(cardIssued('when-1', minutes(1), 'c3', 'K', 'S'))]);
    r.given(world).when(cmd({ type: 'IssueCard', customerId: 'c3', cardNumber: 'K', series: 'S', status: 'BLOCKED' })).then([ev(cardIssued('when-1', minutes(1), 'c3', 'K', 'S', 'BLOCKED'))]);
  });

  it("an issued card's number names its holder, whatever its status; registering it for another customer is refused (9907, decision 117)", () => {
    const cards = [cardIssued('card-1', minutes(1), 'c1', '4000-1', 'GOLD', 'BLOCKED'), cardIssued('card-2', minutes(2), 'c1', '4000-2', 'GOLD')];
    const s = stateOf([...world, ...cards]);
    expect(['4000-1', '4000-2'].map((n) => findCustomer(s.org, 'cardnumber', n)?.customerId)).toEqual(['c1', 'c1']);
    expect(findCustomer(s.org, 'cardnumber', '4000-3')).toBeUndefined();
    expect(refusedWith([...world, ...cards, registered('reg-c9', minutes(3), 'c9', { cardnumber: '4000-2' })])).toBe(9907);
    expect(E.isRight(rewardsEngine.replay([...world, ...cards, registered('reg-c9', minutes(3), 'c9', { cardnumber: '4000-3' })]))).toBe(true);
    r.given([...world, ...cards])
      .when(registerCustomer({ type: 'RegisterCustomer', customerId: 'c9', identifiers: { cardnumber: '4000-1' } }))
      .thenRejects(9907, /4000-1/);
  });
});

describe('a catalogue change between two issues', () => {
  it('an issue keeps the price it was decided at; the next one pays the new price; a disabled reward is refused (8003)', () => {
    const base: readonly EventBase[] = [
      ...world,
      configured('cfg', minutes(1), { ALLOW_SKIPPING_VALIDATION: true }),
      rewardDefined('rw-1', minutes(1), 'r1'),
      awarded('a-c1', minutes(1), customer('c1'), '5000'),
    ];
    const first = run(stateOf(base), cmd(issue({ rewardId: 'r1' })), minutes(2), 'first');
    const repriced = stateOf([...base, ...first.events, rewardDefined('rw-2', minutes(3), 'r1', { paymentConfigs: [pointsConfig(55, '700')] })]);
    const firstIssue = issueOf(repriced, issuedIn(first.events).issueId);
    expect([firstIssue?.points, answerOfIssue(firstIssue ?? fail()).paymentConfig]).toEqual([Points.points('500'), { paymentMode: 'POINTS', id: 55, points: '500' }]);
    const second = run(repriced, cmd(issue({ rewardId: 'r1' })), minutes(4), 'second');
    expect(issuedIn(second.events).points).toEqual(Points.points('700'));
    r.given([...base, rewardDefined('rw-2', minutes(2), 'r1', { enabled: false })]).when(cmd(issue({ rewardId: 'r1' }))).thenRejects(8003, /is disabled/);
  });
});

const fail = (): never => {
  throw new Error('no issue recorded');
};
