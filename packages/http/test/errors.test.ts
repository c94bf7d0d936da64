/**
 * What a client that sends something unreadable gets: a body that is not JSON, JSON of the wrong
 * shape, a body over 1 MiB, an unknown path, a malformed URL. Each answer is in the shape of the
 * endpoint's family (v2, v1.1, reward issue) with a message naming the field, and changes nothing.
 */
import type { InjectOptions } from 'fastify';

// app.inject (light-my-request) requires `cookie`, an ES module that jest 29 cannot require; these
// requests send no cookies, so a stand-in of the one function it imports will do.
jest.mock('cookie', () => ({ stringifySetCookie: (name: string, value: string) => `${name}=${value}` }));
import { limits } from '@pointfold/core';
import { bodyLimitBytes } from '../src';
import { Running, at, seedStore, startServer } from './fixtures';
import { v11AndRewardEndpoints, v2Endpoints } from './fuzz-kit';

let r: Running;
beforeAll(async () => {
  r = await startServer(await seedStore());
});
afterAll(async () => {
  await r.close();
});

type Shape = 'v2' | 'v11' | 'reward';

/** Every endpoint that reads a body, with its method and its error shape. */
const endpoints: readonly { method: 'POST' | 'GET'; url: string; shape: Shape }[] = [
  { method: 'POST', url: '/v2/points/isTransferrable', shape: 'v2' },
  { method: 'POST', url: '/v2/points/transfer', shape: 'v2' },
  { method: 'POST', url: '/v2/points/userGroup2/isTransferrable', shape: 'v2' },
  { method: 'POST', url: '/v2/points/userGroup2/transfer', shape: 'v2' },
  { method: 'POST', url: '/v2/points/reverse', shape: 'v2' },
  { method: 'POST', url: '/v1.1/points/isredeemable', shape: 'v11' },
  { method: 'POST', url: '/v1.1/points/redeem', shape: 'v11' },
  { method: 'GET', url: '/v1.1/points/redeem', shape: 'v11' },
  { method: 'POST', url: '/v1.1/points/revert', shape: 'v11' },
  { method: 'POST', url: '/v1.1/points/validationCode', shape: 'v11' },
  { method: 'POST', url: '/api_gateway/rewards/core/v1/user/reward/15465/issue', shape: 'reward' },
];

/** The code and message of an error answer, read in its shape. */
const errorOf = (shape: Shape, body: unknown): { code: unknown; message: unknown } => {
  switch (shape) {
    case 'v2':
      return { code: at(body, 'errors', 0, 'code'), message: at(body, 'errors', 0, 'message') };
    case 'v11':
      return { code: at(body, 'response', 'responses', 'points', 'item_status', 'code'), message: at(body, 'response', 'status', 'message') };
    case 'reward':
      return { code: at(body, 'status', 'code'), message: at(body, 'status', 'message') };
  }
};

/** What `JSON.parse` says of a text that is not JSON (the answer names the parser's complaint). */
const notJson = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error(`${text} is JSON`);
};

const inject = async (o: InjectOptions): Promise<{ status: number; body: unknown }> => {
  const res = await r.app.inject(o);
  return { status: res.statusCode, body: JSON.parse(res.body) as unknown };
};

describe.each(endpoints)('$method $url', ({ method, url, shape }) => {
  it('answers a body that is not JSON with 400 in its shape, naming the problem, and changes nothing', async () => {
    const before = r.store.version;
    const a = await inject({ method, url, payload: '{"points": 10,', headers: { 'content-type': 'application/json' } });
    expect(a.status).toBe(400);
    expect(errorOf(shape, a.body)).toEqual({ code: 400, message: `the request body is not JSON: ${notJson('{"points": 10,')}` });
    expect(r.store.version).toBe(before);
  });

  it('answers a body of blanks as no body: 400 in its shape for the request it lacks, not for JSON', async () => {
    const a = await inject({ method, url, payload: ' \n\t ', headers: { 'content-type': 'application/json' } });
    expect(a.status).toBe(400);
    expect(errorOf(shape, a.body)).toEqual({ code: 400, message: expect.stringMatching(/^invalid request body: /) });
  });

  it('answers JSON that is not an object with 400 in its shape', async () => {
    const a = await inject({ method, url, payload: '[1, 2]', headers: { 'content-type': 'application/json' } });
    expect(a.status).toBe(400);
    expect(errorOf(shape, a.body)).toEqual({ code: 400, message: expect.stringMatching(/invalid request body/) });
  });

  it('answers a body over 1 MiB with 413 in its shape', async () => {
    const before = r.store.version;
    const a = await inject({ method, url, payload: `{"notes": "${'x'.repeat(bodyLimitBytes)}"}`, headers: { 'content-type': 'application/json' } });
    expect(a.status).toBe(413);
    expect(errorOf(shape, a.body).code).toBe(413);
    expect(r.store.version).toBe(before);
  });
});

describe('a value nested thousands deep, in any field', () => {
  // JSON.parse takes an array nested 20,000 deep (40 kB); JSON.stringify of it, or any walk that recurses,
  // overflows the stack. The body is written by hand around a sentinel: JSON.stringify could not write it.
  const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  const sentinel = '__PF_DEEP__';
  type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
  const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
  /** The body with the value at `path` (keys; a number indexes an array) made the deep array, as JSON text. */
  const deepAt = (valid: Json, path: readonly (string | number)[]): string => {
    const set = (v: Json, i: number): Json => {
      if (i === path.length) return sentinel;
      const k = path[i] as string | number;
      if (Array.isArray(v)) return v.map((x, j) => (j === k ? set(x, i + 1) : x));
      return { ...(isObject(v) ? v : {}), [k]: set(isObject(v) ? (v[k] ?? null) : null, i + 1) };
    };
    return JSON.stringify(set(valid, 0)).replace(`"${sentinel}"`, deep);
  };
  /** Every field of the valid body and the endpoint's other fields, at the top and one level down (an array's first item). */
  const paths = (valid: Json, fields: readonly string[]): (string | number)[][] => {
    if (!isObject(valid)) return [];
    const top = [...new Set([...Object.keys(valid), ...fields])];
    return top.flatMap((k) => {
      const v = valid[k];
      const inner = Array.isArray(v) && isObject(v[0]) ? { at: [k, 0], keys: Object.keys(v[0]) } : isObject(v) ? { at: [k], keys: Object.keys(v) } : undefined;
      const below = inner === undefined ? [] : [...new Set([...inner.keys, ...fields])].map((f) => [...inner.at, f]);
      return [[k], ...below];
    });
  };
  const cases = [...v2Endpoints, ...v11AndRewardEndpoints].flatMap((e) =>
    e.valid === undefined ? [] : paths(e.valid as Json, e.fields ?? []).map((p) => [e.method, e.url, p.join('.'), deepAt(e.valid as Json, p)] as const),
  );
  const both = JSON.stringify({ pointsTobeTransferred: sentinel, pointsToBeTransferred: sentinel }).replace(new RegExp(`"${sentinel}"`, 'g'), deep);

  it.each(cases)('%s %s, %s: an answer in 200, 400 or 404, never a 500', async (method, url, _path, payload) => {
    const a = await inject({ method, url, payload, headers: { 'content-type': 'application/json' } });
    expect([200, 400, 404]).toContain(a.status);
  });

  it.each(['/v2/points/isTransferrable', '/v2/points/transfer', '/v2/points/userGroup2/isTransferrable', '/v2/points/userGroup2/transfer'])(
    '%s with both spellings of the amount nested deep: 400, and nothing changes',
    async (url) => {
      const before = r.store.version;
      const a = await inject({ method: 'POST', url, payload: both, headers: { 'content-type': 'application/json' } });
      expect(a.status).toBe(400);
      expect(r.store.version).toBe(before);
    },
  );
});

describe('a field of the wrong type is a 400 naming it', () => {
  it.each([
    ['/v2/points/isTransferrable', { issueOtp: 'yes' }, 'v2', 'issueOtp'],
    ['/v2/points/transfer', { notes: { a: 1 } }, 'v2', 'notes'],
    ['/v2/points/userGroup2/transfer', { notes: [] }, 'v2', 'notes'],
    ['/v2/points/reverse', { notes: true }, 'v2', 'notes'],
    ['/v1.1/points/redeem', { redeem: [{ customer: 'x' }] }, 'v11', 'customer'],
    ['/v1.1/points/revert', { revert: [{}, {}] }, 'v11', 'revert'],
    ['/v1.1/points/redeem?skip_validation=true', { redeem: [0, 1].map(() => ({ points_redeemed: 1, customer: { mobile: '919740000000' } })) }, 'v11', 'one redemption a request'],
    ['/v1.1/points/validationCode', { customer: { mobile: true } }, 'v11', 'customer.mobile'],
    ['/v1.1/points/validationCode', { customer: { mobile: '' } }, 'v11', 'customer.mobile'],
    ['/v1.1/points/validationCode', { customer: { mobile: 1e20 } }, 'v11', 'customer.mobile: expected a text, got 100000000000000000000'],
    ['/v1.1/points/validationCode', { customer: { mobile: '919740000000' }, validity_minutes: 100_000_000_000 }, 'v11', 'validity_minutes'],
    ['/v1.1/points/validationCode', { customer: { mobile: '919740000000' }, validity_minutes: 0 }, 'v11', 'validity_minutes: expected minutes from 1 to 1440'],
    ['/api_gateway/rewards/core/v1/user/reward/15465/issue', { mobile: '919712709262' }, 'reward', 'brand'],
    ['/api_gateway/rewards/core/v1/user/reward/15465/issue', { brand: 'MarvelTest', quantity: [2] }, 'reward', 'quantity'],
    ['/api_gateway/rewards/core/v1/user/reward/15465/issue?skip_validation=maybe', { brand: 'MarvelTest', mobile: '919712709262' }, 'reward', 'invalid query: skip_validation'],
    // JSON.parse reads 1e999 as Infinity, which is no quantity.
    ['/api_gateway/rewards/core/v1/user/reward/15465/issue', '{"brand": "MarvelTest", "quantity": 1e999}', 'reward', 'quantity: expected a number, got null'],
    ['/api_gateway/rewards/core/v1/user/reward/15465/issue', '{"brand": "MarvelTest", "customFields": {"__proto__": {"polluted": 1}}}', 'reward', 'customFields'],
  ] as const)('%s %j', async (url, payload, shape, field) => {
    const before = r.store.version;
    const a = await inject({ method: 'POST', url, payload });
    expect(a.status).toBe(400);
    expect(errorOf(shape, a.body)).toEqual({ code: 400, message: expect.stringContaining(field) });
    expect(r.store.version).toBe(before);
  });

  it('answers an unreadable reward issue in seed 002\'s failure shape: the status, and no intouch, promotion or vendor', async () => {
    const a = await inject({ method: 'POST', url: '/api_gateway/rewards/core/v1/user/reward/15465/issue', payload: { mobile: '919712709262' } });
    expect([a.status, a.body]).toEqual([
      400,
      { status: { success: false, code: 400, message: expect.stringContaining('brand') }, intouch: null, promotion: null, vendor: null },
    ]);
  });

  it('reads both spellings of a field, and refuses them with two values (400)', async () => {
    const group = {
      programId: 765,
      transferredBy: { identifierType: 'mobile', identifierValue: '915410000000' },
      toEntity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '918410000000' },
      fromEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: '1981' },
    };
    const other = await inject({ method: 'POST', url: '/v2/points/userGroup2/isTransferrable', payload: { ...group, pointsToBeTransferred: 3 } });
    expect(at(other.body, 'data', 0, 'pointsTobeTransferred')).toBe('3.000');
    const both = await inject({ method: 'POST', url: '/v2/points/userGroup2/isTransferrable', payload: { ...group, pointsToBeTransferred: 3, pointsTobeTransferred: 4 } });
    expect(both.status).toBe(400);
    expect(errorOf('v2', both.body)).toEqual({ code: 400, message: expect.stringContaining('pointsToBeTransferred') });
    const emails = await inject({ method: 'POST', url: '/api_gateway/rewards/core/v1/user/reward/r-bukl/issue', payload: { brand: 'BUKL', email: 'asdf@gmail.com', emailId: 'other@example.com' } });
    expect(emails.status).toBe(400);
    expect(errorOf('reward', emails.body)).toEqual({ code: 400, message: expect.stringContaining('emailId') });
    const before = r.store.version;
    const reverse = { redemptionId: 'no-such-redemption', identifier: { type: 'mobile', value: '919740000000' } };
    const same = await inject({ method: 'POST', url: '/v2/points/reverse', payload: { ...reverse, Identifier: { type: 'mobile', value: '919740000000' } } });
    expect(errorOf('v2', same.body).code).toBe(902);
    const two = await inject({ method: 'POST', url: '/v2/points/reverse', payload: { ...reverse, Identifier: { type: 'mobile', value: '918410000000' } } });
    expect(two.status).toBe(400);
    expect(errorOf('v2', two.body)).toEqual({ code: 400, message: 'invalid request body: identifier and Identifier give two different values' });
    const redeem = (points: number, mobile: string) => ({ redeem: [{ points_redeemed: points, customer: { mobile } }] });
    const wrappedTwice = await inject({ method: 'POST', url: '/v1.1/points/redeem?skip_validation=true', payload: { root: redeem(5, '919740000000'), ...redeem(7, '918410000000') } });
    expect(wrappedTwice.status).toBe(400);
    expect(errorOf('v11', wrappedTwice.body)).toEqual({ code: 400, message: 'invalid request body: has both root.redeem and redeem: give the request once' });
    const revertTwice = await inject({ method: 'POST', url: '/v1.1/points/revert', payload: { root: { revert: { transaction_number: 'a' } }, revert: { transaction_number: 'b' } } });
    expect(revertTwice.status).toBe(400);
    expect(errorOf('v11', revertTwice.body)).toEqual({ code: 400, message: 'invalid request body: has both root.revert and revert: give the request once' });
    const purposes = { redeem: [{ points_redeemed: 5, customer: { mobile: '919740000000' }, purpose: 'a', redemption_purpose: 'b' }] };
    const twoPurposes = await inject({ method: 'POST', url: '/v1.1/points/redeem?skip_validation=true', payload: purposes });
    expect(twoPurposes.status).toBe(400);
    expect(errorOf('v11', twoPurposes.body)).toEqual({ code: 400, message: expect.stringContaining('redemption_purpose and redeem[0].purpose give two different values') });
    expect(r.store.version).toBe(before);
  });

  it('reverts by the transaction number a redemption was sent with as a JSON number (read as its text on both endpoints)', async () => {
    const redeemed = await inject({ method: 'POST', url: '/v1.1/points/redeem?skip_validation=true', payload: { redeem: [{ points_redeemed: 2, transaction_number: 4242, customer: { mobile: '919740000000' } }] } });
    expect(at(redeemed.body, 'response', 'responses', 'points', 'item_status', 'code')).toBe(800);
    const reverted = await inject({ method: 'POST', url: '/v1.1/points/revert', payload: { revert: { transaction_number: 4242 } } });
    const item = at(reverted.body, 'response', 'responses', 'points');
    expect([reverted.status, at(item, 'transaction_number'), at(item, 'points_reverted')]).toEqual([200, '4242', '2.000']);
    const none = await inject({ method: 'POST', url: '/v1.1/points/revert', payload: { revert: {} } });
    expect(at(none.body, 'response', 'responses', 'points', 'item_status', 'message')).toBe('The transaction number entered to redeem/revert points is invalid (none given)');
  });

  it('a query parameter given twice is a 400 naming it', async () => {
    const a = await inject({ method: 'GET', url: '/v2/points/transfer?identifierName=id&identifierName=mobile&identifierValue=2626' });
    expect(a.status).toBe(400);
    expect(errorOf('v2', a.body)).toEqual({ code: 400, message: 'invalid query: identifierName: expected string, got ["id","mobile"]' });
  });
});

describe('what the adapter reads under two spellings, at its bounds, and the codes it answers', () => {
  it('reads the customer transfer\'s amount under either spelling, and refuses the two with two values (400)', async () => {
    const c2c = { programId: 141, fromCustomerIdentifier: { type: 'MOBILE', value: '7799497290' }, toCustomerIdentifier: { type: 'ID', value: '342953257' } };
    const other = await inject({ method: 'POST', url: '/v2/points/isTransferrable', payload: { ...c2c, pointsToBeTransferred: 4 } });
    expect([other.status, at(other.body, 'data', 0, 'pointsTobeTransferred')]).toEqual([200, '4.000']);
    const both = await inject({ method: 'POST', url: '/v2/points/isTransferrable', payload: { ...c2c, pointsToBeTransferred: 4, pointsTobeTransferred: 5 } });
    expect(both.status).toBe(400);
    expect(errorOf('v2', both.body)).toEqual({ code: 400, message: expect.stringContaining('pointsToBeTransferred') });
  });

  it('reverses with the identifier spelt `Identifier` alone, as seed 004\'s table spells it', async () => {
    const a = await inject({ method: 'POST', url: '/v2/points/reverse', payload: { redemptionId: '54ZNkA', pointsToBeReversed: 1, Identifier: { type: 'mobile', value: '919740000000' } } });
    expect([a.status, at(a.body, 'customerId'), at(a.body, 'pointsReversed')]).toEqual([200, '98662653', '1.000']);
  });

  it('records a redemption\'s purpose given as `purpose`, as it records `redemption_purpose`', async () => {
    for (const key of ['purpose', 'redemption_purpose']) {
      const a = await inject({ method: 'POST', url: '/v1.1/points/redeem?skip_validation=true', payload: { redeem: [{ points_redeemed: 1, customer: { mobile: '919740000000' }, [key]: `gift-${key}` }] } });
      expect([a.status, at(a.body, 'response', 'responses', 'points', 'redemption_purpose')]).toEqual([200, `gift-${key}`]);
    }
  });

  it('issues a validation code valid for up to 1440 minutes, and refuses 1441 (400 naming validity_minutes)', async () => {
    const day = await inject({ method: 'POST', url: '/v1.1/points/validationCode', payload: { customer: { mobile: '919740000000' }, validity_minutes: 1440 } });
    expect([day.status, at(day.body, 'response', 'responses', 'points', 'item_status', 'code')]).toEqual([200, 800]);
    const before = r.store.version;
    const over = await inject({ method: 'POST', url: '/v1.1/points/validationCode', payload: { customer: { mobile: '919740000000' }, validity_minutes: 1441 } });
    expect(over.status).toBe(400);
    expect(errorOf('v11', over.body)).toEqual({ code: 400, message: expect.stringContaining('validity_minutes') });
    expect(r.store.version).toBe(before);
  });

  it('reads integers and dates sent as text with blanks around them, a negative integer as one, and skip_validation=false as false', async () => {
    const balance = '/v2/pointsLedger/getCustomerLedgerBalance?identifierName=externalId&identifierValue=tomanatest2&source=INSTORE';
    const padded = await inject({ method: 'GET', url: `${balance}&programId=%201745%20&endDate=%202030-01-01T00:00:00%20` });
    expect([padded.status, at(padded.body, 'ledgerDetails', 'ledgerClosingBalance')]).toEqual([
      200,
      [{ pointsCategory: 'Main', programName: 'Playground', programId: 1745, closingBalance: '30000.000' }],
    ]);
    // A negative program id is read, and is no program of the organisation (885), not an unreadable query.
    const negative = await inject({ method: 'GET', url: `${balance}&programId=-1745` });
    expect([negative.status, errorOf('v2', negative.body)]).toEqual([400, { code: 885, message: 'Invalid program id -1745' }]);
    // skip_validation=false asks for the validation code, as no skip_validation does (808 without one), and appends nothing.
    const before = r.store.version;
    const noSkip = await inject({ method: 'POST', url: '/v1.1/points/redeem?skip_validation=false', payload: { redeem: [{ points_redeemed: 1, customer: { mobile: '919740000000' } }] } });
    expect([noSkip.status, at(noSkip.body, 'response', 'responses', 'points', 'item_status', 'code')]).toEqual([400, 808]);
    expect(r.store.version).toBe(before);
  });

  it(`reads a text of up to ${limits.textLengthMax} characters, and refuses one more (400 naming the field)`, async () => {
    const c2c = { pointsTobeTransferred: 4, programId: 141, fromCustomerIdentifier: { type: 'MOBILE', value: '7799497290' }, toCustomerIdentifier: { type: 'ID', value: '342953257' } };
    const redeem = (notes: string) => ({ redeem: [{ points_redeemed: 1, customer: { mobile: '919740000000' }, notes }] });
    const fields = [
      // `notes` of a transfer may be empty (AnyText); `notes` of a redemption may not (TextLike).
      { url: '/v2/points/isTransferrable', body: (notes: string) => ({ ...c2c, notes }), shape: 'v2', message: 'invalid request body: notes: is too long' },
      { url: '/v1.1/points/isredeemable', body: redeem, shape: 'v11', message: 'invalid request body: redeem[0].notes: is too long' },
    ] as const;
    const before = r.store.version;
    for (const f of fields) {
      const longest = await inject({ method: 'POST', url: f.url, payload: f.body('n'.repeat(limits.textLengthMax)) });
      expect([f.url, longest.status]).toEqual([f.url, 200]);
      const over = await inject({ method: 'POST', url: f.url, payload: f.body('n'.repeat(limits.textLengthMax + 1)) });
      expect([over.status, errorOf(f.shape, over.body)]).toEqual([400, { code: 400, message: f.message }]);
    }
    expect(r.store.version).toBe(before);
  });

  it('reads a reward quantity given as a text of up to 64 characters, and refuses one more (400 naming it)', async () => {
    const issue = (quantity: string) => inject({ method: 'POST', url: '/api_gateway/rewards/core/v1/user/reward/r-bukl/issue', payload: { brand: 'BUKL', mobile: '919456430850', quantity } });
    const longest = await issue('1'.padStart(64, '0'));
    expect([longest.status, at(longest.body, 'intouch', 'pointsRedeemed')]).toEqual([200, '2']);
    const before = r.store.version;
    const over = await issue('1'.padStart(65, '0'));
    expect([over.status, errorOf('reward', over.body)]).toEqual([400, { code: 400, message: `invalid request body: quantity: expected a number, got "${'0'.repeat(56)}...` }]);
    expect(r.store.version).toBe(before);
  });

  it('passes identifiers to the decider as sent: a list is missing (1206, 904), not an object without a type; two spellings with a null value are one identifier (904)', async () => {
    const before = r.store.version;
    const c2c = await inject({ method: 'POST', url: '/v2/points/isTransferrable', payload: { programId: 141, pointsTobeTransferred: 4, fromCustomerIdentifier: [], toCustomerIdentifier: { type: 'ID', value: '342953257' } } });
    expect([c2c.status, errorOf('v2', c2c.body)]).toEqual([400, { code: 1206, message: 'Source entity details missing or invalid (fromCustomerIdentifier is missing)' }]);
    const group = await inject({ method: 'POST', url: '/v2/points/userGroup2/isTransferrable', payload: { pointsTobeTransferred: 1, fromEntity: [] } });
    expect([group.status, errorOf('v2', group.body)]).toEqual([400, { code: 1206, message: 'Source entity details missing or invalid (fromEntity is missing)' }]);
    const reverse = await inject({ method: 'POST', url: '/v2/points/reverse', payload: { redemptionId: '54ZNkA', identifier: [] } });
    expect([reverse.status, errorOf('v2', reverse.body)]).toEqual([400, { code: 904, message: 'Invalid customer details passed. (identifier is missing)' }]);
    // Both spellings with a null value: the same identifier given twice, passed on as sent.
    const nulls = { type: 'mobile', value: null };
    const twice = await inject({ method: 'POST', url: '/v2/points/reverse', payload: { redemptionId: '54ZNkA', identifier: nulls, Identifier: nulls } });
    expect([twice.status, errorOf('v2', twice.body).code]).toEqual([400, 904]);
    expect(r.store.version).toBe(before);
  });

  it('takes an empty X-Request-Id header as no request id', async () => {
    const a = await inject({
      method: 'POST',
      url: '/v1.1/points/redeem?skip_validation=true',
      payload: { redeem: [{ points_redeemed: 1, customer: { mobile: '919740000000' } }] },
      headers: { 'content-type': 'application/json', 'x-request-id': '' },
    });
    expect([a.status, at(a.body, 'response', 'responses', 'points', 'item_status', 'code')]).toEqual([200, 800]);
  });

  it('answers a ledger query whose customer, limit or till-concept flag cannot be used with 400 and the code the docs give', async () => {
    const ledger = '/v2/pointsLedger/getCustomerLedgerInfo?identifierName=externalId&identifierValue=tomanatest2&source=INSTORE';
    const nobody = await inject({ method: 'GET', url: '/v2/pointsLedger/getCustomerLedgerBalance?identifierName=externalId&identifierValue=nobody&source=INSTORE' });
    expect([nobody.status, errorOf('v2', nobody.body)]).toEqual([400, { code: 816, message: 'Unable to find customer in this organization (externalId nobody)' }]);
    // By id, the customer's own; by card external id (Pointfold keeps none), nobody.
    const byId = await inject({ method: 'GET', url: '/v2/pointsLedger/getCustomerLedgerBalance?identifierName=id&identifierValue=502522264&source=INSTORE' });
    expect([byId.status, at(byId.body, 'customerDetails', 'userId')]).toEqual([200, '502522264']);
    const byCard = await inject({ method: 'GET', url: '/v2/pointsLedger/getCustomerLedgerBalance?identifierName=cardExternalId&identifierValue=502522264&source=INSTORE' });
    expect([byCard.status, errorOf('v2', byCard.body).code]).toEqual([400, 816]);
    const notInteger = await inject({ method: 'GET', url: `${ledger}&limit=ten` });
    expect([notInteger.status, errorOf('v2', notInteger.body)]).toEqual([400, { code: 400, message: expect.stringContaining('limit') }]);
    // A long value is shown shortened, after the parameter it was given for.
    const long = await inject({ method: 'GET', url: `${ledger}&limit=${'x'.repeat(100)}` });
    expect([long.status, errorOf('v2', long.body)]).toEqual([400, { code: 400, message: `invalid query: limit: expected an integer, got "${'x'.repeat(56)}...` }]);
    const outOfRange = await inject({ method: 'GET', url: `${ledger}&limit=11` });
    expect([outOfRange.status, errorOf('v2', outOfRange.body).code]).toEqual([400, 9913]);
    const tillConcepts = await inject({ method: 'GET', url: `${ledger}&includeTillConceptEvents=true` });
    expect([tillConcepts.status, errorOf('v2', tillConcepts.body)]).toEqual([400, { code: 400, message: expect.stringContaining('includeTillConceptEvents') }]);
    const withProgram = await inject({ method: 'GET', url: `${ledger}&includeTillConceptEvents=true&programId=1745` });
    expect(withProgram.status).toBe(200);
  });
});

describe('paths and URLs', () => {
  it('answers an unknown path with 404 in its family\'s shape', async () => {
    const v2 = await inject({ method: 'GET', url: '/v2/points/nothing' });
    expect(v2.status).toBe(404);
    expect(errorOf('v2', v2.body).code).toBe(404);
    const v11 = await inject({ method: 'POST', url: '/v1.1/points/nothing', payload: {} });
    expect(v11.status).toBe(404);
    expect(errorOf('v11', v11.body).code).toBe(404);
    const wrongMethod = await inject({ method: 'PUT', url: '/v2/points/transfer', payload: {} });
    expect(wrongMethod.status).toBe(404);
  });

  it('answers a path with doubled slashes in its family\'s shape', async () => {
    const v11 = await inject({ method: 'POST', url: '//v1.1//points/nothing', payload: {} });
    expect([v11.status, errorOf('v11', v11.body).code]).toEqual([404, 404]);
    const reward = await inject({ method: 'POST', url: '//api_gateway//rewards/core/v1/user/reward/15465/nothing', payload: {} });
    expect([reward.status, errorOf('reward', reward.body).code]).toEqual([404, 404]);
  });

  it('reads a GET body of exactly 1 MiB, and refuses one a byte longer with 413', async () => {
    const body = (size: number): string => {
      const text = `{"notes": "${'x'.repeat(size)}"}`;
      return `{"notes": "${'x'.repeat(size - (text.length - size))}"}`;
    };
    expect(Buffer.byteLength(body(bodyLimitBytes))).toBe(bodyLimitBytes);
    const limit = await inject({ method: 'GET', url: '/v1.1/points/redeem', payload: body(bodyLimitBytes), headers: { 'content-type': 'application/json' } });
    expect([limit.status, errorOf('v11', limit.body)]).toEqual([400, { code: 400, message: expect.stringContaining('redeem') }]);
    const over = await inject({ method: 'GET', url: '/v1.1/points/redeem', payload: body(bodyLimitBytes + 1), headers: { 'content-type': 'application/json' } });
    expect([over.status, errorOf('v11', over.body).code]).toEqual([413, 413]);
  });

  it('answers a malformed URL with 400, and an empty content type with 415, in the shape', async () => {
    const url = await inject({ method: 'POST', url: '/v1.1/points/redeem%', payload: {} });
    expect(url.status).toBe(400);
    expect(errorOf('v11', url.body).code).toBe(400);
    const type = await inject({ method: 'POST', url: '/v2/points/reverse', payload: '{}', headers: { 'content-type': '' } });
    expect(type.status).toBe(415);
    expect(errorOf('v2', type.body).code).toBe(415);
  });

  it('reads a body whatever its content type (the seeds\' curl samples send none)', async () => {
    const a = await inject({
      method: 'POST',
      url: '/v2/points/userGroup2/isTransferrable',
      payload: '{"pointsTobeTransferred": 1, "programId": 765, "transferredBy": {"identifierType": "mobile", "identifierValue": "915410000000"}, "toEntity": {"type": "CUSTOMER", "identifierType": "mobile", "identifierValue": "918410000000"}, "fromEntity": {"type": "USERGROUP2", "identifierType": "id", "identifierValue": "1981"}}',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(a.status).toBe(200);
    expect(at(a.body, 'data', 0, 'transferrable')).toBe(true);
  });
});
