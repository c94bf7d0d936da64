/**
 * Amounts that are not amounts get the same refusal wherever an amount enters: JSON numbers beyond 2^53,
 * `1e21`, `NaN`-like texts, `-0`, more than three decimals, more than twelve integer digits (and zero,
 * negatives, texts that are not decimals). The entry points, each with its seed's code:
 *
 * - history lines: every amount field of every event type (found in generated histories of every module),
 *   decoded alone and through the command line's fold, refused naming the field with 801 or 878 (a signed
 *   field, such as a posting's, takes zero and negatives but nothing else);
 * - commands: the core's and groups' commands take a parsed amount (`Points.parsePositivePoints`, what the
 *   HTTP layer calls: 801 / 878) and refuse a non-positive one with 801; transfers refuse any bad amount
 *   with 422; a reversal's `pointsToBeReversed` with 901; a reward issue whose price is zero or more than an
 *   amount may hold with 8004 carrying 801, and a bad redemption value or quantity with 400;
 * - HTTP bodies, sent as raw JSON text (so `9007199254740993` and `-0` arrive as a client writes them):
 *   v1.1 redeem and isredeemable (801 / 878 in the item), v2 transfers (422), reverse (901), reward issue.
 *
 * Nothing is appended by any refusal.
 */
// app.inject (light-my-request) requires `cookie`, an ES module that jest 29 cannot require; these
// requests send no cookies, so a stand-in of the one function it imports will do (as the HTTP tests do).
jest.mock('cookie', () => ({ stringifySetCookie: (name: string, value: string) => `${name}=${value}` }));

import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  AwardPoints,
  CommandBase,
  DeductPoints,
  DomainError,
  EventBase,
  InMemoryEventStore,
  Json,
  OrgConfigured,
  OrgState,
  Points,
  ReleasePromisedPoints,
  Timestamp,
  allLots,
} from '@pointfold/core';
import { arbInvalidAmount, arbWorldHistory, defaultWorld, kitClock, testEpoch, worldSetup } from '@pointfold/testing';
import { IsRedeemable, RedeemPoints } from '@pointfold/groups';
import { IsGroupTransferrable, IsTransferrable, ReverseRedemption, TransferGroupPoints, TransferPoints } from '@pointfold/transfers';
import { IssueReward, RewardDefined, planRewardIssue, rewardIssueRefusalOf } from '@pointfold/rewards';
import { Runtime, createServer } from '@pointfold/http';
import { foldHistory, splitJsonl } from '@pointfold/cli';
import { engine, replayOrThrow, report } from './world';

/** A bad amount as a client writes it (raw JSON text), and the code it must get. */
interface Bad {
  readonly name: string;
  readonly json: string;
  readonly code: 801 | 878;
  /** Only bad for an amount that must be positive (a signed amount may be zero or negative). */
  readonly positiveOnly?: true;
}
const bads: readonly Bad[] = [
  { name: 'a JSON number beyond 2^53', json: '9007199254740993', code: 801 },
  { name: 'a negative JSON number beyond 2^53', json: '-9007199254740993', code: 801 },
  { name: 'a JSON number of 20 digits', json: '12345678901234567890', code: 801 },
  { name: 'the JSON number 1e21', json: '1e21', code: 801 },
  { name: 'the text 1e21', json: '"1e21"', code: 801 },
  { name: 'the text NaN', json: '"NaN"', code: 801 },
  { name: 'the text nan', json: '"nan"', code: 801 },
  { name: 'the text Infinity', json: '"Infinity"', code: 801 },
  { name: 'the text -Infinity', json: '"-Infinity"', code: 801 },
  { name: 'an empty text', json: '""', code: 801 },
  { name: 'a hexadecimal text', json: '"0x10"', code: 801 },
  { name: 'a text with a comma', json: '"10,5"', code: 801 },
  { name: 'true', json: 'true', code: 801 },
  { name: 'an object', json: '{}', code: 801 },
  { name: 'the JSON number -0', json: '-0', code: 801, positiveOnly: true },
  { name: 'the text -0', json: '"-0"', code: 801, positiveOnly: true },
  { name: 'zero', json: '0', code: 801, positiveOnly: true },
  { name: 'a negative text', json: '"-5.5"', code: 801, positiveOnly: true },
  { name: 'a text with 4 decimals', json: '"10.1234"', code: 878 },
  { name: 'a JSON number with 4 decimals', json: '10.1234', code: 878 },
  { name: 'a tiny JSON number (1e-7)', json: '1e-7', code: 878 },
  { name: 'a text with 13 integer digits', json: '"1234567890123"', code: 801 },
  { name: 'a JSON number with 13 integer digits', json: '1234567890123', code: 801 },
  { name: 'a text with 13 integer digits and decimals', json: '"9999999999999.5"', code: 801 },
];
const valueOf = (b: Bad): unknown => JSON.parse(b.json);
/** What a reward issue's redemption value refuses (400): a bad amount that is a text or a number, but four decimals (it takes 12). */
const badRedemptionValues = bads.filter((b) => (typeof valueOf(b) === 'string' || typeof valueOf(b) === 'number') && !/^"?10\.1234"?$/.test(b.json));

const stats = { amountFields: 0, historyRefusals: 0, commandRefusals: 0, httpRefusals: 0, generatedInvalidAmounts: 0 };

// ---------------------------------------------------------------------------------------------------
// History lines.

type Path = readonly (string | number)[];
const pathText = (p: Path): string => p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s === '' ? k : `${s}.${k}`), '');
const getAt = (v: unknown, p: Path): unknown => p.reduce<unknown>((x, k) => (x !== null && typeof x === 'object' ? (x as Record<string | number, unknown>)[k] : undefined), v);
const setAt = (v: Json, p: Path, x: unknown): Json => {
  const copy = JSON.parse(JSON.stringify(v)) as Record<string | number, unknown>;
  let o: Record<string | number, unknown> = copy;
  p.slice(0, -1).forEach((k) => {
    o = o[k] as Record<string | number, unknown>;
  });
  o[p[p.length - 1] as string | number] = x;
  return copy as unknown as Json;
};
/** Paths to leaves that look like an amount as the engine writes one (`"12.500"`): the first element of each list only. */
const amountLike = (v: unknown, prefix: Path = []): Path[] => {
  if (typeof v === 'string') return /^-?\d+\.\d{3}$/.test(v) ? [prefix] : [];
  if (v === null || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.length === 0 ? [] : amountLike(v[0], [...prefix, 0]);
  return Object.entries(v).flatMap(([k, x]) => amountLike(x, [...prefix, k]));
};

/** Encoded events of every type generated histories hold (the setup's too), with a configuration that sets every amount it has. */
const samples = (): Json[] => {
  const limits: OrgConfigured = {
    type: 'OrgConfigured',
    id: 'cfg-amounts',
    at: testEpoch,
    config: { redemption: { minPoints: Points.points('1'), maxPoints: Points.points('500'), multipleOf: Points.points('0.5') }, transfer: { multipleOf: Points.points('1') } },
  };
  const histories = fc.sample(arbWorldHistory(defaultWorld, { maxSteps: 80 }), { numRuns: 40, seed: 42 });
  return [engine.encodeEvent(limits), ...histories.flatMap((h) => h.events.map((e) => engine.encodeEvent(e)))];
};

/** The amount fields of every event type: a leaf that refuses four decimals with 878; positive when it also refuses -1 with 801. */
const amountFields = (): { readonly type: string; readonly sample: Json; readonly path: Path; readonly positive: boolean }[] => {
  const out = new Map<string, { type: string; sample: Json; path: Path; positive: boolean }>();
  for (const sample of samples()) {
    const type = String(getAt(sample, ['type']));
    for (const path of amountLike(sample)) {
      const key = `${type}.${pathText(path)}`;
      if (out.has(key)) continue;
      const precise = engine.decodeEvent(setAt(sample, path, '1.0001'));
      if (!(E.isLeft(precise) && precise.left.includes('878: '))) continue;
      const negative = engine.decodeEvent(setAt(sample, path, '-1'));
      out.set(key, { type, sample, path, positive: E.isLeft(negative) && negative.left.includes('801: ') });
    }
  }
  return [...out.values()];
};

describe('amounts in history lines', () => {
  const fields = amountFields();

  it('are found in every event type that carries one', () => {
    const found = fields.map((f) => `${f.type}.${pathText(f.path)}${f.positive ? '' : ' (signed)'}`);
    stats.amountFields = found.length;
    report('amounts: fields', { found });
    expect(found).toEqual(
      expect.arrayContaining([
        'PointsAwarded.points',
        'PromisedPointsReleased.points',
        'PointsExpired.postings[0].points (signed)',
        'PointsDeducted.postings[0].points (signed)',
        'PointsRedeemed.points',
        'PointsRedeemed.postings[0].points (signed)',
        'PointsTransferred.points',
        'PointsRedemptionReversed.points',
        'RewardIssued.points',
        'RewardDefined.paymentConfigs[0].points',
        'RewardIssued.paymentConfig.points',
        'OrgConfigured.config.redemption.minPoints',
        'OrgConfigured.config.redemption.maxPoints',
        'OrgConfigured.config.redemption.multipleOf',
        'OrgConfigured.config.transfer.multipleOf',
      ]),
    );
  });

  it('are refused naming the field with 801 or 878, decoded alone and through the command line fold', async () => {
    for (const f of fields) {
      for (const b of bads) {
        if (b.positiveOnly === true && !f.positive) continue;
        const line = JSON.stringify(setAt(f.sample, f.path, '__AMOUNT__')).replace('"__AMOUNT__"', b.json);
        const expected = `${pathText(f.path)}: ${b.code}: `;
        const decoded = engine.decodeEvent(JSON.parse(line));
        expect({ type: f.type, bad: b.name, got: E.isLeft(decoded) ? decoded.left.slice(0, expected.length) : 'decoded' }).toEqual({ type: f.type, bad: b.name, got: expected });
        const folded = await foldHistory(splitJsonl(Buffer.from(`${line}\n`)), engine);
        expect({ type: f.type, bad: b.name, got: E.isLeft(folded) ? [folded.left.line, folded.left.reason.slice(0, expected.length)] : 'folded' }).toEqual({ type: f.type, bad: b.name, got: [1, expected] });
        stats.historyRefusals++;
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Commands.

/** The kit's default world, and a redemption by c2 of 50 points on bill-1 (to reverse). */
const setup = worldSetup(defaultWorld);
const minute = (n: number): Timestamp => (testEpoch + n * 60_000) as Timestamp;
const withRedemption = ((): { readonly state: OrgState; readonly redemptionId: string } => {
  const s = replayOrThrow(setup);
  const x = engine.execute(
    s,
    { type: 'RedeemPoints', customer: { type: 'id', value: 'c2' }, points: Points.points('50'), skipValidation: true, transactionNumber: 'bill-1' } as RedeemPoints,
    kitClock('r').at(minute(1)),
  );
  if (E.isLeft(x)) throw new Error(x.left.message);
  const e = x.right.events.find((y) => y.type === 'PointsRedeemed') as (EventBase & { readonly redemptionId: string }) | undefined;
  if (e === undefined) throw new Error('no redemption');
  return { state: x.right.state, redemptionId: e.redemptionId };
})();
const base = withRedemption.state;

/** The code a command gets, checking that nothing is appended (an 8004 shows its partner code: `8004/801`). */
const refusalOf = (c: CommandBase, s: OrgState = base): string => {
  const x = engine.execute(s, c, kitClock('a').at(minute(10)));
  if (E.isLeft(x)) {
    const partner = (x.left as DomainError & { readonly partnerError?: { readonly codes: readonly string[] } }).partnerError;
    return partner === undefined ? String(x.left.code) : `${x.left.code}/${partner.codes.join(',')}`;
  }
  if (x.right.events.length > 0) return `appended ${x.right.events.map((e) => e.type).join(', ')}`;
  return 'accepted';
};

describe('amounts in commands', () => {
  it('core and groups: the parse every caller makes answers 801 or 878, and a non-positive amount is refused with 801 by every command, appending nothing', () => {
    for (const b of bads) {
      const r = Points.parsePositivePoints(valueOf(b));
      expect({ bad: b.name, got: E.isLeft(r) ? r.left.code : 'parsed' }).toEqual({ bad: b.name, got: b.code });
    }
    fc.assert(
      fc.property(arbInvalidAmount(), ({ value, code }) => {
        stats.generatedInvalidAmounts++;
        const r = Points.parsePositivePoints(value);
        return E.isLeft(r) && r.left.code === code;
      }),
      { numRuns: 2_000 },
    );
    const promised = [...allLots(base.ledger)].find((l) => l.pointsCategory !== 'Main');
    for (const p of [Points.zero, Points.points('-1'), Points.points('-0.001')]) {
      const award: AwardPoints = { type: 'AwardPoints', entity: { type: 'CUSTOMER', id: 'c1' }, points: p };
      const deduct: DeductPoints = { type: 'DeductPoints', entity: { type: 'CUSTOMER', id: 'c1' }, points: p };
      const release: ReleasePromisedPoints = { type: 'ReleasePromisedPoints', lotId: promised?.id ?? 'seed-c1', points: p };
      const request = { customer: { type: 'id' as const, value: 'c1' }, points: p, skipValidation: true };
      const redeem: RedeemPoints = { type: 'RedeemPoints', ...request };
      const check: IsRedeemable = { type: 'IsRedeemable', ...request };
      const group: RedeemPoints = { type: 'RedeemPoints', ...request, group: { groupId: 'g1' } };
      expect([award, deduct, release, redeem, check, group].map((c) => `${c.type} ${Points.format(p)}: ${refusalOf(c)}`)).toEqual(
        ['AwardPoints', 'DeductPoints', 'ReleasePromisedPoints', 'RedeemPoints', 'IsRedeemable', 'RedeemPoints'].map((t) => `${t} ${Points.format(p)}: 801`),
      );
      stats.commandRefusals += 6;
    }
  });

  it('transfers: every bad amount is 422 on IsTransferrable, TransferPoints, IsGroupTransferrable and TransferGroupPoints', () => {
    const customers = { fromCustomerIdentifier: { type: 'ID', value: 'c1' }, toCustomerIdentifier: { type: 'ID', value: 'c2' } };
    const entities = {
      fromEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: 'g1' },
      toEntity: { type: 'CUSTOMER', identifierType: 'id', identifierValue: 'c3' },
      transferredBy: { identifierType: 'id', identifierValue: 'c1' },
    };
    for (const points of [...bads.map(valueOf), null, undefined, [], ['1']]) {
      const commands: CommandBase[] = [
        { type: 'IsTransferrable', points, ...customers, issueOtp: true } as IsTransferrable,
        { type: 'TransferPoints', points, ...customers, code: '424242' } as TransferPoints,
        { type: 'IsGroupTransferrable', points, ...entities } as IsGroupTransferrable,
        { type: 'TransferGroupPoints', points, ...entities } as TransferGroupPoints,
      ];
      expect(commands.map((c) => `${c.type} ${JSON.stringify(points) ?? 'absent'}: ${refusalOf(c)}`)).toEqual(commands.map((c) => `${c.type} ${JSON.stringify(points) ?? 'absent'}: 422`));
      stats.commandRefusals += commands.length;
    }
  });

  it('reversal: every bad pointsToBeReversed is 901', () => {
    for (const b of bads) {
      const c: ReverseRedemption = { type: 'ReverseRedemption', redemptionId: withRedemption.redemptionId, identifier: { type: 'id', value: 'c2' }, pointsToBeReversed: valueOf(b) };
      expect(`${b.name}: ${refusalOf(c)}`).toBe(`${b.name}: 901`);
      stats.commandRefusals++;
    }
  });

  /** The catalogue plus a reward as dear as an amount may be, and the state with it. */
  const dear: RewardDefined = {
    type: 'RewardDefined',
    id: 'rw-dear',
    at: minute(2),
    rewardId: 'r-dear',
    brand: 'BUKL',
    paymentConfigs: [{ id: 9, mode: 'POINTS', points: Points.points('999999999999.999') }],
  };
  const withDear = replayOrThrow([...setup, dear]);
  const issue = (o: Partial<IssueReward>): IssueReward => ({ type: 'IssueReward', rewardId: 'r-ratio', brand: 'BUKL', mobile: '919000000001', ...o });

  it('rewards: a price of zero, or beyond what an amount may hold (regression: a RangeError), is 8004 with 801 inside; bad redemption values and quantities are 400', () => {
    const cases: [string, IssueReward, string][] = [
      ['a value that costs nothing (0.1 at 0.44)', issue({ paymentConfig: { redemptionValue: '0.1' } }), '8004/801'],
      // A POINTS price is its points whatever the quantity (decision 115): the largest, more than the customer holds.
      ['a POINTS price of 12 integer digits, 10,000 times', issue({ rewardId: 'r-dear', quantity: 10_000 }), '8004/803'],
      ['a POINTS price of 12 integer digits, twice', issue({ rewardId: 'r-dear', quantity: 2 }), '8004/803'],
      ['the largest value at 0.44, 10,000 times', issue({ paymentConfig: { redemptionValue: '999999999999' }, quantity: 10_000 }), '8004/801'],
      ['the largest value at 0.44, 4 times', issue({ paymentConfig: { redemptionValue: '999999999999' }, quantity: 4 }), '8004/801'],
      ['the largest value at 0.44', issue({ paymentConfig: { redemptionValue: '999999999999' } }), '8004/801'],
      // A redemption value is a decimal with up to 12 decimals (decision 41): four decimals are fine, the rest is 400.
      ...badRedemptionValues.map((b): [string, IssueReward, string] => [`a redemption value: ${b.name}`, issue({ paymentConfig: { redemptionValue: valueOf(b) as string | number } }), '400']),
      ['a quantity of 1e21', issue({ quantity: 1e21 }), '400'],
      ['a quantity of NaN', issue({ quantity: 'NaN' }), '400'],
      ['a quantity of -0', issue({ quantity: -0 }), '400'],
    ];
    for (const [name, c, code] of cases) {
      const s = withDear;
      // The plan and the command agree, and neither throws.
      const plan = planRewardIssue(s, c, minute(10));
      const planned = E.isLeft(plan) ? (plan.left.partnerError === undefined ? String(plan.left.code) : `${plan.left.code}/${plan.left.partnerError.codes.join(',')}`) : 'accepted';
      expect({ name, plan: planned, command: refusalOf(c, s) }).toEqual({ name, plan: code, command: code });
      // With a request id the refusal is recorded (and answered with its partner code).
      const x = engine.execute(s, { ...c, requestId: 'q-1' }, kitClock('q').at(minute(10)));
      const recorded = E.isRight(x) ? rewardIssueRefusalOf(x.right.state, x.right) : undefined;
      expect({ name, recorded: recorded === undefined ? 'none' : `${recorded.code}${recorded.partnerError === undefined ? '' : `/${recorded.partnerError.codes.join(',')}`}` }).toEqual({ name, recorded: code });
      stats.commandRefusals++;
    }
  });

  it('regression: a RewardIssued line whose price is beyond what an amount may hold is refused with its line, not thrown (a RangeError)', async () => {
    const [h] = fc.sample(arbWorldHistory(defaultWorld, { maxSteps: 60, weights: { core: 1, issue: 6 } }), { numRuns: 1, seed: 7 });
    const events = h?.events ?? [];
    const k = events.findIndex((e) => e.type === 'RewardIssued');
    expect(k).toBeGreaterThan(0);
    const issued = engine.encodeEvent(events[k] as EventBase) as { readonly [key: string]: Json };
    const line = JSON.stringify({ ...issued, quantity: 10_000, paymentConfig: { id: 9, mode: 'POINTS', points: '999999999999.999' } });
    const text = [...events.slice(0, k).map((e) => JSON.stringify(engine.encodeEvent(e))), line].join('\n');
    const folded = await foldHistory(splitJsonl(Buffer.from(`${text}\n`)), engine);
    expect(E.isLeft(folded) ? folded.left.line : 'folded').toBe(k + 1);
  });
});

// ---------------------------------------------------------------------------------------------------
// HTTP bodies.

describe('amounts in HTTP bodies', () => {
  const runtime: Runtime = { now: () => minute(30), newId: (() => { let n = 0; return () => `h-${++n}`; })(), newToken: (kind) => (kind === 'otp' ? '424242' : `${kind}-1`) };

  const serverOf = () => {
    const store = InMemoryEventStore.of(engine, [...setup, ...withRedemptionEvents()]);
    if (E.isLeft(store)) throw new Error(store.left.message);
    return { app: createServer({ engine, store: store.right, runtime }), store: store.right };
  };
  /** The setup's redemption as events (the same one `withRedemption` made). */
  const withRedemptionEvents = (): EventBase[] => {
    const s = replayOrThrow(setup);
    const x = engine.execute(
      s,
      { type: 'RedeemPoints', customer: { type: 'id', value: 'c2' }, points: Points.points('50'), skipValidation: true, transactionNumber: 'bill-1' } as RedeemPoints,
      kitClock('r').at(minute(1)),
    );
    if (E.isLeft(x)) throw new Error(x.left.message);
    return [...x.right.events];
  };

  it('are refused with the endpoint code, HTTP 400, and nothing appended: v1.1 redeem and isredeemable (801/878), v2 transfers (422), reverse (901), reward issue (400 / 8004 with 801)', async () => {
    const { app, store } = serverOf();
    try {
      const version = store.version;
      const at = (body: unknown, ...path: (string | number)[]): unknown => getAt(body, path);
      const post = async (url: string, body: string): Promise<{ status: number; body: unknown }> => {
        const r = await app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } });
        return { status: r.statusCode, body: JSON.parse(r.body) as unknown };
      };
      for (const b of bads) {
        const v11 = `{"redeem":[{"points_redeemed":${b.json},"customer":{"mobile":"919000000001"}}]}`;
        for (const url of ['/v1.1/points/redeem?skip_validation=true', '/v1.1/points/isredeemable?skip_validation=true']) {
          const r = await post(url, v11);
          expect({ url, bad: b.name, status: r.status, code: at(r.body, 'response', 'responses', 'points', 'item_status', 'code') }).toEqual({ url, bad: b.name, status: 400, code: b.code });
        }
        const customers = `"fromCustomerIdentifier":{"type":"ID","value":"c1"},"toCustomerIdentifier":{"type":"ID","value":"c2"}`;
        const entities = `"fromEntity":{"type":"USERGROUP2","identifierType":"id","identifierValue":"g1"},"toEntity":{"type":"CUSTOMER","identifierType":"id","identifierValue":"c3"},"transferredBy":{"identifierType":"id","identifierValue":"c1"}`;
        for (const [url, body] of [
          ['/v2/points/isTransferrable', `{"pointsTobeTransferred":${b.json},${customers},"issueOtp":true}`],
          ['/v2/points/transfer', `{"pointsTobeTransferred":${b.json},${customers},"code":"424242"}`],
          ['/v2/points/userGroup2/isTransferrable', `{"pointsTobeTransferred":${b.json},${entities}}`],
          ['/v2/points/userGroup2/transfer', `{"pointsTobeTransferred":${b.json},${entities}}`],
          ['/v2/points/reverse', `{"redemptionId":"${withRedemption.redemptionId}","pointsToBeReversed":${b.json},"identifier":{"type":"id","value":"c2"}}`],
        ] as const) {
          const r = await post(url, body);
          expect({ url, bad: b.name, status: r.status, code: at(r.body, 'errors', 0, 'code') }).toEqual({ url, bad: b.name, status: 400, code: url === '/v2/points/reverse' ? 901 : 422 });
        }
        stats.httpRefusals += 7;
        if (!badRedemptionValues.includes(b)) continue;
        const value = await post('/api_gateway/rewards/core/v1/user/reward/r-ratio/issue', `{"brand":"BUKL","mobile":"919000000001","paymentConfig":{"redemptionValue":${b.json}}}`);
        expect({ bad: b.name, status: value.status, code: at(value.body, 'status', 'code') }).toEqual({ bad: b.name, status: 400, code: 400 });
        stats.httpRefusals++;
      }
      expect(store.version).toBe(version);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('regression: a reward issue priced beyond what an amount may hold is 8004 with 801, not a RangeError (it was an HTTP 500)', async () => {
    const { app, store } = serverOf();
    try {
      const version = store.version;
      for (const [name, body] of [
        ['the largest redemption value, 10,000 times', '{"brand":"BUKL","mobile":"919000000001","quantity":10000,"paymentConfig":{"redemptionValue":999999999999}}'],
        ['the largest redemption value, 4 times', '{"brand":"BUKL","mobile":"919000000001","quantity":4,"paymentConfig":{"redemptionValue":"999999999999"}}'],
        ['the largest redemption value', '{"brand":"BUKL","mobile":"919000000001","paymentConfig":{"redemptionValue":"999999999999"}}'],
        ['a value that costs nothing', '{"brand":"BUKL","mobile":"919000000001","paymentConfig":{"redemptionValue":0.1}}'],
      ] as const) {
        const r = await app.inject({ method: 'POST', url: '/api_gateway/rewards/core/v1/user/reward/r-ratio/issue', payload: body, headers: { 'content-type': 'application/json' } });
        const answer = JSON.parse(r.body) as unknown;
        expect({ name, status: r.statusCode, code: getAt(answer, ['status', 'code']), partner: getAt(answer, ['status', 'partnerError', 'codes']) }).toEqual({ name, status: 400, code: 8004, partner: ['801'] });
        stats.httpRefusals++;
      }
      expect(store.version).toBe(version);
    } finally {
      await app.close();
    }
    report('amounts', { ...stats, bads: bads.length });
  });
});
