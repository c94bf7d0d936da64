/**
 * The fuzz of the HTTP endpoints, shared by the fuzz test files (split so that jest's workers run them
 * side by side): 10,000 generated requests per endpoint through app.inject (no sockets): random JSON,
 * random text, the endpoint's valid body with fields deleted, replaced by values of other types, or
 * joined by `__proto__` / `constructor` / `prototype` keys, random query strings (parameters
 * repeated, unknown, `__proto__`). Properties, for every request: never a 500 (nor any status but
 * 200, 400, 404, 413, 415), always a JSON body; the log grows only for a request that was accepted
 * (200) or whose refusal is recorded by design (a wrong one-time code, 808; a request id);
 * Object.prototype is untouched. At the end the whole log replays to the server's state.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { InMemoryEventStore, closingBalances, ts } from '@pointfold/core';
import { Running, at, engine, seedStore, startServer, testRuntime } from './fixtures';

/** Generated requests per endpoint. */
export const runsPerEndpoint = 10_000;

/** A key written into generated JSON text as `__proto__` (JSON.stringify cannot make one on its own). */
const protoSentinel = '__PF_PROTO__';

type Value = null | boolean | number | string | Value[] | { [k: string]: Value };

export interface Endpoint {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** A body the engine accepts on the seeds' world (undefined: the endpoint reads only its query). */
  readonly valid?: Value;
  /** A query the endpoint accepts. */
  readonly query?: Record<string, string>;
  /** Query parameter names worth generating. */
  readonly params: readonly string[];
  /** Body field names worth generating beside the valid body's (optional fields, other spellings). */
  readonly fields?: readonly string[];
}

const transferCustomer: Value = {
  pointsTobeTransferred: 1,
  programId: 141,
  fromCustomerIdentifier: { type: 'MOBILE', value: '7799497290' },
  toCustomerIdentifier: { type: 'ID', value: '342953257' },
};
const groupTransfer: Value = {
  pointsTobeTransferred: 1,
  programId: 765,
  transferredBy: { identifierType: 'mobile', identifierValue: '915662420128' },
  toEntity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '918662420128' },
  fromEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: '2626' },
};
const redeem: Value = { redeem: [{ points_redeemed: 1, transaction_number: 'fz-1', customer: { mobile: '919740000000' } }] };
const customerFields = ['issueOtp', 'code', 'notes', 'groupProgramTransfer', 'pointsToBeTransferred', 'otpValidityMinutes'];
const groupFields = ['notes', 'pointsToBeTransferred', 'source', 'accountId', 'primaryUserId'];
const redeemFields = ['validation_code', 'custom_fields', 'redemption_purpose', 'purpose', 'notes', 'root', 'external_id', 'email', 'id', 'user_id'];
const rewardFields = [
  'email',
  'emailId',
  'externalId',
  'programId',
  'quantity',
  'paymentConfig',
  'redemptionValue',
  'id',
  'customFields',
  'fulfillmentDetails',
  'eventLogId',
  'requestId',
  'eventDateTime',
  'userGroup2Id',
  'userGroup2ExternalId',
  'userGroup2PrimaryUserId',
  'user_group2_id',
  'user_group2_external_id',
  'user_group2_primary_user_id',
  'tender',
];
const v11Params = ['skip_validation', 'program_id', 'user_group2_id', 'user_group2_external_id', 'user_group2_primary_user_id', 'user_group2_primary_user_identifier_type', 'user_group2_primary_user_identifier_value', 'username'];

/** The v2 endpoints: the queries (first: the transfer history costs more once transfers were made), then transfers and reversal. */
export const v2Endpoints: readonly Endpoint[] = [
  {
    method: 'GET',
    url: '/v2/points/transfer',
    query: { identifierName: 'id', identifierValue: '2626', userEntityType: 'USERGROUP2' },
    params: ['identifierName', 'identifierValue', 'userEntityType', 'programId', 'source', 'accountId'],
  },
  {
    method: 'GET',
    url: '/v2/pointsLedger/getCustomerLedgerBalance',
    query: { identifierName: 'externalId', identifierValue: 'tomanatest2', source: 'INSTORE' },
    params: ['identifierName', 'identifierValue', 'source', 'limit', 'offset', 'endDate', 'tillId', 'ledgerEntryType', 'pointCategoryType'],
  },
  {
    method: 'GET',
    url: '/v2/pointsLedger/getCustomerLedgerInfo',
    query: { identifierName: 'externalId', identifierValue: 'tomanatest2', source: 'INSTORE' },
    params: ['identifierName', 'identifierValue', 'source', 'limit', 'offset', 'startDate', 'endDate', 'programId', 'includeTillConceptEvents', 'ledgerEntryType'],
  },
  { method: 'POST', url: '/v2/points/isTransferrable', valid: { ...transferCustomer, issueOtp: true }, params: [], fields: customerFields },
  { method: 'POST', url: '/v2/points/transfer', valid: { ...transferCustomer, code: 'X12Y3Z' }, params: [], fields: customerFields },
  { method: 'POST', url: '/v2/points/userGroup2/isTransferrable', valid: groupTransfer, params: [], fields: groupFields },
  { method: 'POST', url: '/v2/points/userGroup2/transfer', valid: groupTransfer, params: [], fields: groupFields },
  {
    method: 'POST',
    url: '/v2/points/reverse',
    valid: { redemptionId: '54ZNkA', pointsToBeReversed: 1, identifier: { type: 'mobile', value: '919740000000' } },
    params: [],
    fields: ['notes', 'Identifier', 'email', 'externalId', 'id'],
  },
];

/** The v1.1 endpoints and the reward issue. */
export const v11AndRewardEndpoints: readonly Endpoint[] = [
  { method: 'POST', url: '/v1.1/points/isredeemable', valid: redeem, query: { skip_validation: 'true' }, params: v11Params, fields: redeemFields },
  { method: 'POST', url: '/v1.1/points/redeem', valid: redeem, query: { skip_validation: 'true' }, params: v11Params, fields: redeemFields },
  { method: 'POST', url: '/v1.1/points/revert', valid: { revert: { transaction_number: 'fz-1' } }, params: [], fields: ['notes', 'root'] },
  {
    method: 'POST',
    url: '/v1.1/points/validationCode',
    valid: { customer: { mobile: '919740000000' } },
    params: [],
    fields: ['validity_minutes', 'email', 'external_id', 'id', 'user_id'],
  },
  {
    method: 'POST',
    url: '/api_gateway/rewards/core/v1/user/reward/r-bukl/issue',
    valid: { brand: 'BUKL', mobile: '919456430850', transactionNumber: 'fz-2' },
    query: { username: 'till' },
    params: ['username', 'skip_validation', 'user_group2_id', 'user_group2_external_id', 'user_group2_primary_user_id'],
    fields: rewardFields,
  },
];

/** Values that matter to these endpoints (amounts, identifiers, codes), beside random ones. */
const interesting = fc.constantFrom<Value>(
  '10',
  '-1',
  '0',
  '1.1111',
  '1e21',
  ' 12 ',
  'true',
  'X12Y3Z',
  '919740000000',
  'MOBILE',
  'USERGROUP2',
  'CUSTOMER',
  'id',
  '2626',
  '54ZNkA',
  Number.MAX_SAFE_INTEGER + 3,
  -0,
  0.1,
  1e-7,
  '',
  'x'.repeat(300),
  '2026-06-01T10:00:00',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  100_000_000_000,
  1440,
  '31059',
  'famgroup11',
  '381798579',
  55,
  { id: 55 },
  { redemptionValue: 1000 },
);

const keyArb = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...known, protoSentinel, 'constructor', 'prototype', 'toString', 'hasOwnProperty'), fc.string({ maxLength: 6 }));

const valueArb = (known: readonly string[]): fc.Arbitrary<Value> =>
  fc.letrec<{ value: Value }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 12 }),
      interesting,
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(keyArb(known), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

/** The keys of a value, all levels (what a mutation may pick). */
const keysOf = (v: Value): string[] =>
  typeof v !== 'object' || v === null ? [] : Array.isArray(v) ? v.flatMap(keysOf) : [...Object.keys(v), ...Object.values(v).flatMap(keysOf)];

type Mutation = { readonly kind: 'delete' | 'set'; readonly key: string; readonly value: Value; readonly depth: number };

/** Applies a mutation at the first object (depth-first, `depth` levels down at most) that has or may take the key. */
const mutate = (v: Value, m: Mutation): Value => {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => mutate(x, m));
  const out: { [k: string]: Value } = { ...v };
  if (m.depth === 0 || Object.prototype.hasOwnProperty.call(out, m.key)) {
    if (m.kind === 'delete') delete out[m.key];
    else out[m.key] = m.value;
    return out;
  }
  for (const k of Object.keys(out)) out[k] = mutate(out[k] as Value, { ...m, depth: m.depth - 1 });
  return out;
};

const text = (v: Value): string => JSON.stringify(v).split(`"${protoSentinel}"`).join('"__proto__"');

/** A request body as text: the valid one, a mutation of it, any JSON, or not JSON at all. */
const bodyArb = (e: Endpoint): fc.Arbitrary<string | undefined> => {
  const known = [...(e.valid === undefined ? [] : keysOf(e.valid)), ...(e.fields ?? [])];
  const values = valueArb(known);
  const anyJson = values.map(text);
  const garbage = fc.oneof(fc.string({ maxLength: 40 }), anyJson.map((t) => t.slice(0, Math.max(0, t.length - 1))));
  if (e.valid === undefined) return fc.oneof(fc.constant(undefined), anyJson, garbage);
  const valid = e.valid;
  const mutation = fc.record({ kind: fc.constantFrom<'delete' | 'set'>('delete', 'set'), key: keyArb(known), value: values, depth: fc.integer({ min: 0, max: 3 }) });
  const mutated = fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => text(ms.reduce(mutate, valid)));
  return fc.oneof({ weight: 1, arbitrary: fc.constant(text(valid)) }, { weight: 5, arbitrary: mutated }, { weight: 2, arbitrary: anyJson }, { weight: 1, arbitrary: garbage });
};

/** A query string: the valid one, or parameters (known, unknown, repeated, `__proto__`) with random values. */
const queryArb = (e: Endpoint): fc.Arbitrary<string> => {
  const valid = new URLSearchParams(e.query ?? {}).toString();
  const param = fc.tuple(fc.oneof(fc.constantFrom(...e.params, '__proto__', 'constructor'), fc.string({ maxLength: 5 })), fc.oneof(fc.string({ maxLength: 10 }), interesting.map(String)));
  const random = fc.array(param, { maxLength: 5 }).map((ps) => {
    const q = new URLSearchParams(e.query ?? {});
    for (const [k, v] of ps) q.append(k, v);
    return q.toString();
  });
  return fc.oneof({ weight: 2, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: random });
};

/** Whether the request carried an idempotency key (its refusal is then recorded, by design). */
const carriesRequestId = (body: string | undefined, headers: Record<string, string>): boolean => {
  if (headers['x-request-id'] !== undefined) return true;
  if (body === undefined) return false;
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null && 'requestId' in v;
  } catch {
    return false;
  }
};

/** The business code of an answer, in any of the three shapes. */
const codeOf = (body: unknown): unknown =>
  at(body, 'errors', 0, 'code') ?? at(body, 'response', 'responses', 'points', 'item_status', 'code') ?? at(body, 'status', 'code');

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

/** Throws (failing the property, which fast-check then shrinks) unless `ok`. */
const check = (ok: boolean, message: () => string): void => {
  if (!ok) throw new Error(message());
};

let requestIds = 0;

/**
 * The fuzz suite over a list of endpoints, on a server of its own over the seeds' world: one test per
 * endpoint, then the checks of the whole log and of Object.prototype.
 */
export const fuzzSuite = (endpoints: readonly Endpoint[]): void => {
  let r: Running;
  let store: InMemoryEventStore;
  const tally: string[] = [];

  beforeAll(async () => {
    store = await seedStore();
    r = await startServer(store, { runtime: testRuntime() });
  });

  afterAll(async () => {
    await r.close();
    console.info(`fuzz: ${runsPerEndpoint} requests per endpoint\n${tally.join('\n')}`);
  });

  describe.each(endpoints)('fuzz $method $url', (e) => {
    it(`answers ${runsPerEndpoint} generated requests without a 500, changing the log only for accepted or recorded requests`, async () => {
      const counts = { accepted: 0, answered: 0, recorded: 0, refused: 0, unreadable: 0 };
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(bodyArb(e), queryArb(e), fc.integer({ min: 0, max: 9 }), async (body, query, die) => {
          // One request in ten carries an idempotency key (its refusals are then recorded).
          const headers: Record<string, string> = die === 0 && e.method === 'POST' ? { 'x-request-id': `fz-${++requestIds}` } : {};
          const before = store.version;
          const options: InjectOptions = {
            // light-my-request's own check of these options is skipped: they are well formed, and it costs a third of each call.
            validate: false,
            method: e.method,
            url: query === '' ? e.url : `${e.url}?${query}`,
            headers: { 'content-type': 'application/json', ...headers },
            ...(body === undefined ? {} : { payload: body }),
          };
          const res = await r.app.inject(options);
          // Plain checks: jest's expect builds an error for its stack on every call, which would cost more than the request.
          check([200, 400, 404, 413, 415].includes(res.statusCode), () => `status ${res.statusCode}: ${res.body.slice(0, 300)}`);
          const answer: unknown = JSON.parse(res.body);
          const changed = store.version !== before;
          if (res.statusCode === 200) {
            if (changed) counts.accepted++;
            else counts.answered++;
          } else if (changed) {
            // A refusal that is recorded: a wrong one-time code (its try counts), or a request id.
            check(codeOf(answer) === 808 || carriesRequestId(body, headers), () => `the log grew for a refusal: ${res.body.slice(0, 300)}`);
            counts.recorded++;
          } else if (codeOf(answer) === 400 || res.statusCode !== 400) counts.unreadable++;
          else counts.refused++;
          check(Object.getOwnPropertyNames(Object.prototype).length === prototypeNames.length && !('polluted' in {}), () => 'Object.prototype changed');
        }),
        { numRuns: runsPerEndpoint },
      );
      tally.push(
        `${e.method} ${e.url}: ${counts.accepted} accepted (the log grew), ${counts.answered} answered 200 (nothing to append), ${counts.recorded} refusals recorded, ` +
          `${counts.refused} refused (business code), ${counts.unreadable} unreadable (400/404/413/415) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      expect(counts.accepted + counts.answered + counts.recorded + counts.refused + counts.unreadable).toBe(runsPerEndpoint);
    });
  });

  describe('after the fuzz', () => {
    it('Object.prototype is as it was', () => {
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    });

    it('the log, written as JSON lines and read back, replays (every event checked) to the balances the server holds', async () => {
      const events = [];
      for await (const ev of store.read()) {
        // What a history file would hold: the event's JSON line, decoded again.
        const read = engine.decodeEvent(JSON.parse(JSON.stringify(engine.encodeEvent(ev))));
        expect(read).toEqual(E.right(expect.objectContaining({ id: ev.id, type: ev.type })));
        if (E.isRight(read)) events.push(read.right);
      }
      const replayed = engine.replay(events);
      expect(E.isRight(replayed)).toBe(true);
      if (E.isLeft(replayed)) return;
      const end = ts('2030-01-01T00:00:00Z');
      expect(replayed.right.version).toBe(store.state.version);
      expect(closingBalances(replayed.right.ledger, end)).toEqual(closingBalances(store.state.ledger, end));
    });
  });
};
