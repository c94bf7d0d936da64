/**
 * Shared fixtures of the HTTP tests: the engine of every module, a deterministic runtime, an
 * organisation whose customers, groups, programs and rewards are the ones the seeds' samples name
 * (so that the samples are sent as the seeds print them), a server over an in-memory store on
 * 127.0.0.1, and a small HTTP client that can also send a GET with a body (seed 001).
 */
import * as http from 'node:http';
import * as E from 'fp-ts/Either';
import { CommandBase, CommandContext, Engine, EventBase, InMemoryEventStore, Points, coreModule, createEngine, ts } from '@pointfold/core';
import { RedeemPoints, groupsModule } from '@pointfold/groups';
import { rewardsModule } from '@pointfold/rewards';
import { transfersModule } from '@pointfold/transfers';
import { CommandStore, OtpDelivery, RewardVendor, Runtime, VendorIssueRequest, createServer } from '../src';
import type { FastifyInstance } from 'fastify';

/** Every module, as `pointfold serve` composes them. */
export const engine: Engine = createEngine([coreModule, groupsModule, transfersModule, rewardsModule]);

/** A runtime whose clock the test sets, with counted ids and fixed tokens. */
export interface TestRuntime extends Runtime {
  /** Moves the clock to a time (ISO-8601). */
  setNow(iso: string): void;
}

/** The clock starts at `start`; OTPs are `otp` (seed 004's sample code by default), coupons `coupon`. */
export const testRuntime = (start = '2026-06-01T10:00:00Z', tokens: { otp?: string; coupon?: string } = {}): TestRuntime => {
  let now: number = ts(start);
  let ids = 0;
  let coupons = 0;
  return {
    now: () => now,
    setNow: (iso) => {
      now = ts(iso);
    },
    newId: () => `id-${++ids}`,
    newToken: (kind) => (kind === 'otp' ? (tokens.otp ?? 'X12Y3Z') : kind === 'coupon' ? `${tokens.coupon ?? 'CPN'}${++coupons}` : `${kind}-${++ids}`),
  };
};

/** Decodes event JSON with the engine (a fixture that does not decode is a broken fixture). */
export const decodeAll = (events: readonly object[]): EventBase[] =>
  events.map((json, i) => {
    const r = engine.decodeEvent(json);
    if (E.isLeft(r)) throw new Error(`fixture event ${i} (${JSON.stringify(json).slice(0, 80)}) does not decode: ${r.left}`);
    return r.right;
  });

type Json = Record<string, unknown>;

let seq = 0;
const at0 = '2026-01-05T09:00:00Z';
const ev = (type: string, fields: Json, at = at0): Json => ({ type, id: `fx-${++seq}`, at, ...fields });

export const configured = (config: Json): Json => ev('OrgConfigured', { config });
export const program = (programId: number, name: string, isDefault?: boolean): Json =>
  ev('ProgramDefined', { programId, name, ...(isDefault === undefined ? {} : { isDefault }) });
export const registered = (customerId: string, identifiers: Json, names: { firstName?: string; lastName?: string } = {}): Json =>
  ev('CustomerRegistered', { customerId, identifiers, ...names });
export const award = (entityType: 'CUSTOMER' | 'USERGROUP2', id: string, points: string, programId = 765, category = 'Main'): Json =>
  ev('PointsAwarded', { entity: { type: entityType, id }, programId, pointsCategory: category, points });
export const groupCreated = (groupId: string, groupType: 'FLEET' | 'FRIENDS_AND_FAMILY', primaryUserId: string, externalId?: string): Json =>
  ev('UserGroupCreated', { groupId, groupType, primaryUserId, ...(externalId === undefined ? {} : { externalId }) });
export const joined = (groupId: string, userId: string, permissions?: { redeem?: boolean; transfer?: boolean }): Json =>
  ev('UserGroupMemberJoined', { groupId, userId, ...(permissions === undefined ? {} : { permissions }) });
export const reward = (rewardId: string, brand: string, paymentConfigs: Json[], extra: Json = {}): Json => ev('RewardDefined', { rewardId, brand, paymentConfigs, ...extra });

/** The flags every seed sample needs (group redemption, skipping validation, reversal), and half-point transfers (seed 003 moves 10.5). */
export const allFlags: Json = {
  ENABLE_USER_GROUP_LOYALTY: true,
  ENABLE_GROUP_PROGRAMS_REDEMPTION: true,
  ENABLE_FLEET_LOYALTY: true,
  ALLOW_SKIPPING_VALIDATION: true,
  ALLOW_POINTS_REDEMPTION_REVERSAL: true,
  transfer: { multipleOf: '0.5' },
};

/**
 * The seeds' world. Seed 000: group 31059 (`famgroup11`, primary user 381798579) with member
 * 381798580 (mobile 919712709262), and customer 381798977 (917122001239) outside it; rewards 15465
 * and 15466 of brand MarvelTest. Seed 002: brands BUKL (CONV_RATIO 0.44, payment config 3799),
 * testOrg_marvel_20230822_147 (VENDOR, configs 55 and 56), `brand`, SAHANA_TEST (segment and card
 * series); the samples' mobiles, email and external id; program 626. Seed 003: group 1981. Seed 004:
 * customers 7799497290, 7799000000 and 342953257 (program 141), fleet 2626 with its five members,
 * customer 919740000000 (the reversal's), and tomanatest2 for the ledger.
 */
export const seedEvents = (flags: Json = allFlags): Json[] => [
  configured(flags),
  program(765, 'SunRiseDefaultProgram', true),
  program(141, 'Nightly_ApiAutoDefaultProgram'),
  program(1745, 'Playground'),
  program(1414, 'PurpleNeu'),
  program(1568, 'Tata Ginger Loyalty'),
  program(626, 'Program 626'),
  // Seed 000.
  registered('381798579', { mobile: '919712700001' }, { firstName: 'Priya' }),
  registered('381798580', { mobile: '919712709262' }, { firstName: 'Arjun' }),
  registered('381798977', { mobile: '917122001239' }),
  groupCreated('31059', 'FRIENDS_AND_FAMILY', '381798579', 'famgroup11'),
  joined('31059', '381798580'),
  award('USERGROUP2', '31059', '1000'),
  award('CUSTOMER', '381798977', '100'),
  reward('15465', 'MarvelTest', [{ id: 1, mode: 'POINTS', points: '1' }]),
  reward('15466', 'MarvelTest', [{ id: 1, mode: 'POINTS', points: '1' }]),
  // Seed 002.
  registered('c-bukl', { mobile: '919456430850', email: 'asdf@gmail.com', externalId: '919456430850' }),
  registered('c-quantity', { mobile: '11223569865' }),
  registered('c-payment', { mobile: '919825752814' }),
  registered('c-fields', { mobile: '916677777777' }),
  registered('c-owner', { mobile: '917411982768' }),
  registered('ieuiw', { mobile: '919000000001' }),
  registered('c-mobile', { mobile: 'mobile' }),
  groupCreated('g-ieuiw', 'FRIENDS_AND_FAMILY', 'ieuiw'),
  joined('g-ieuiw', 'c-mobile'),
  award('CUSTOMER', 'c-bukl', '5000'),
  award('CUSTOMER', 'c-bukl', '5000', 626),
  award('CUSTOMER', 'c-quantity', '10000'),
  award('CUSTOMER', 'c-payment', '10000'),
  award('CUSTOMER', 'c-fields', '1000'),
  award('CUSTOMER', 'c-owner', '1000'),
  award('USERGROUP2', 'g-ieuiw', '1000'),
  reward('r-bukl', 'BUKL', [{ id: 3799, mode: 'CONV_RATIO', conversionRatio: '0.44', redemptionType: 'MILES' }]),
  reward(
    'r-vendor',
    'testOrg_marvel_20230822_147',
    [
      { id: 55, mode: 'POINTS', points: '500' },
      { id: 56, mode: 'CONV_RATIO', conversionRatio: '0.5' },
    ],
    { fulfillment: 'VENDOR' },
  ),
  reward('r-brand', 'brand', [{ id: 'p1', mode: 'POINTS', points: '10' }]),
  reward('r-sahana', 'SAHANA_TEST', [{ id: 1, mode: 'POINTS', points: '5' }], { segments: [{ segment: 'tier', partition: 'gold' }], cardSeries: 'GOLD' }),
  ev('CustomerSegmentsAssigned', { customerId: 'c-owner', memberships: [{ segment: 'tier', partition: 'gold' }] }),
  ev('CardIssued', { customerId: 'c-owner', cardNumber: 'GOLD-0001', series: 'GOLD', status: 'ACTIVE' }),
  registered('c-no-card', { mobile: '917411982769' }),
  award('CUSTOMER', 'c-no-card', '1000'),
  ev('CustomerSegmentsAssigned', { customerId: 'c-no-card', memberships: [{ segment: 'tier', partition: 'gold' }] }),
  ev('CardIssued', { customerId: 'c-no-card', cardNumber: 'GOLD-0002', series: 'GOLD', status: 'BLOCKED' }),
  // Seed 003.
  registered('541000', { mobile: '915410000000' }),
  registered('841000', { mobile: '918410000000' }),
  groupCreated('1981', 'FLEET', '541000'),
  joined('1981', '841000'),
  award('USERGROUP2', '1981', '500'),
  // Seed 004: customer to customer.
  registered('32429961', { mobile: '7799497290' }, { firstName: 'Tom', lastName: 'Sawyer' }),
  registered('343015431', { mobile: '7799000000' }, { firstName: 'Tom', lastName: 'Sawyer' }),
  registered('342953257', { email: 'james.f@example.com', mobile: '919294111111', externalId: 'ext_id92944768' }, { firstName: 'James', lastName: 'Thomas' }),
  award('CUSTOMER', '32429961', '500', 141),
  award('CUSTOMER', '343015431', '500', 141),
  // Seed 004: the fleet of the group transfer and its history.
  registered('418400982', { mobile: '915662420128' }),
  registered('418400981', { mobile: '915662420100' }),
  registered('418400980', { mobile: '918662420128' }),
  registered('418400984', { mobile: '915662420101' }),
  registered('418400985', { mobile: '915662420102' }),
  groupCreated('2626', 'FLEET', '418400982'),
  joined('2626', '418400981'),
  joined('2626', '418400980'),
  joined('2626', '418400984'),
  joined('2626', '418400985'),
  award('USERGROUP2', '2626', '80'),
  // Seed 004: the reversal's customer, and the ledger's.
  registered('98662653', { mobile: '919740000000' }),
  award('CUSTOMER', '98662653', '100'),
  registered('502522264', { externalId: 'tomanatest2', mobile: '919740010002' }, { firstName: 'James', lastName: 'Iyer' }),
  award('CUSTOMER', '502522264', '30000', 1745),
  award('CUSTOMER', '502522264', '12703', 1414),
  award('CUSTOMER', '502522264', '40', 1568, 'DelayedAccrualPointCategory'),
];

/** Executes commands on a store at a time, with the given ids: for fixtures that need a known id (seed 004's redemption `54ZNkA`). */
export const executeWithIds = async (store: InMemoryEventStore, command: CommandBase, at: string, ids: readonly string[]): Promise<void> => {
  let i = 0;
  const ctx: CommandContext = { now: ts(at), newId: () => ids[i++] ?? `fx-cmd-${i}`, newToken: (k) => `${k}-fixture` };
  const r = engine.execute(store.state, command, ctx);
  if (E.isLeft(r)) throw new Error(`fixture command ${command.type} refused: ${r.left.code} ${r.left.message}`);
  const appended = await store.append(store.version, r.right.events);
  if (E.isLeft(appended)) throw new Error(`fixture append refused: ${appended.left.message}`);
};

/** A store with the seeds' world and seed 004's redemption `54ZNkA` (20 points of customer 919740000000, transaction `bill-54`). */
export const seedStore = async (flags: Json = allFlags): Promise<InMemoryEventStore> => {
  const store = InMemoryEventStore.of(engine, decodeAll(seedEvents(flags)));
  if (E.isLeft(store)) throw new Error(`seed world refused: ${store.left.code} ${store.left.message}`);
  const redeem: RedeemPoints = {
    type: 'RedeemPoints',
    customer: { type: 'mobile', value: '919740000000' },
    points: Points.points('20'),
    skipValidation: true,
    transactionNumber: 'bill-54',
  };
  await executeWithIds(store.right, redeem, '2026-01-06T09:00:00Z', ['fx-redeem-event', '54ZNkA']);
  return store.right;
};

/** A vendor that records what it was asked and answers as told. */
export interface TestVendor extends RewardVendor {
  readonly calls: VendorIssueRequest[];
}

export const testVendor = (answer: (r: VendorIssueRequest) => Promise<{ voucher: string } | { failure: string }> = async (r) => ({ voucher: `V-${r.rewardId}` })): TestVendor => {
  const calls: VendorIssueRequest[] = [];
  return {
    calls,
    issue: (r) => {
      calls.push(r);
      return answer(r);
    },
  };
};

/** A running server and what the test needs of it. */
export interface Running {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly store: CommandStore;
  readonly otps: OtpDelivery[];
  readonly runtime: TestRuntime;
  close(): Promise<void>;
}

/** Starts the real server on 127.0.0.1, port 0, over a store. */
export const startServer = async (store: CommandStore, o: { vendor?: RewardVendor; runtime?: TestRuntime; vendorTimeoutMs?: number } = {}): Promise<Running> => {
  const otps: OtpDelivery[] = [];
  const runtime = o.runtime ?? testRuntime();
  const app = createServer({
    engine,
    store,
    runtime,
    otpSink: (d) => otps.push(d),
    ...(o.vendor === undefined ? {} : { vendor: o.vendor }),
    ...(o.vendorTimeoutMs === undefined ? {} : { vendorTimeoutMs: o.vendorTimeoutMs }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the server has no address');
  return { app, url: `http://127.0.0.1:${address.port}`, store, otps, runtime, close: () => app.close() };
};

/** A response: the status and the parsed JSON body. */
export interface Answer {
  readonly status: number;
  // The tests read answers field by field: a JSON value of any shape.
  readonly body: Json;
  readonly text: string;
}

/**
 * Sends a request to 127.0.0.1 (only). `body` is sent as is when it is a text (a seed sample, byte
 * for byte), as JSON otherwise. A GET may carry a body, as seed 001's redeem does.
 */
export const send = (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const url = new URL(path, base);
    if (url.hostname !== '127.0.0.1') throw new Error(`tests send only to 127.0.0.1, not ${url.hostname}`);
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(
      url,
      {
        method,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Json = {};
          try {
            parsed = JSON.parse(text) as Json;
          } catch {
            parsed = { unparsed: text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });

/** A path into a JSON answer (`at(body, 'data', 0, 'transferrable')`), undefined where it leads nowhere. */
export const at = (value: unknown, ...path: (string | number)[]): unknown => {
  let v = value;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
};

/** The first v2 error of an answer: `[code, message]`. */
export const v2Error = (a: Answer): [unknown, unknown] => [at(a.body, 'errors', 0, 'code'), at(a.body, 'errors', 0, 'message')];
