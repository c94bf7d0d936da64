/**
 * Request ids over HTTP: the `X-Request-Id` header on any command (the reward issue's `requestId` is in
 * seeds.e2e). A retry answers the first outcome and appends nothing, a refused request stays refused
 * after the state has changed, the same id with another body is 9930, and a retried check sends no
 * second code. Also the executor's clock, which a retry's first outcome relies on: a server whose clock
 * is behind the log decides at the log's last time.
 */
import { Running, at, seedStore, send, startServer, testRuntime, v2Error } from './fixtures';

let r: Running;
beforeAll(async () => {
  r = await startServer(await seedStore());
});
afterAll(async () => {
  await r.close();
});

const post = (path: string, body: unknown, id: string) => send(r.url, 'POST', path, body, { 'x-request-id': id });

const groupCheck = (points: unknown) => ({
  pointsTobeTransferred: points,
  programId: 765,
  transferredBy: { identifierType: 'mobile', identifierValue: '915410000000' },
  toEntity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '918410000000' },
  fromEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: '1981' },
});

it('records a refused check with its id, answers it again after the state changed, and refuses the id with another body (9930)', async () => {
  const before = r.store.version;
  const refused = await post('/v2/points/userGroup2/isTransferrable', groupCheck(600), 'check-600');
  expect(v2Error(refused)[0]).toBe(803);
  expect(r.store.version).toBe(before + 1);
  // The group gets enough points: the same request id still answers its first outcome.
  const topUp = await post(
    '/v2/points/userGroup2/transfer',
    {
      ...groupCheck(200),
      fromEntity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '11223569865' },
      toEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: '1981' },
      transferredBy: { identifierType: 'mobile', identifierValue: '11223569865' },
    },
    'top-up',
  );
  expect(at(topUp.body, 'data', 0, 'transferType')).toBe('DEDUCTION');
  const again = await post('/v2/points/userGroup2/isTransferrable', groupCheck(600), 'check-600');
  expect(v2Error(again)[0]).toBe(803);
  const other = await post('/v2/points/userGroup2/isTransferrable', groupCheck(10), 'check-600');
  expect(v2Error(other)[0]).toBe(9930);
  // Without an id the check answers the state as it is, and records nothing.
  const plain = await send(r.url, 'POST', '/v2/points/userGroup2/isTransferrable', groupCheck(600));
  expect(at(plain.body, 'data', 0, 'transferrable')).toBe(true);
});

it('sends a transfer code once: a retried isTransferrable answers without issuing another', async () => {
  const body = { pointsTobeTransferred: 5, programId: 141, fromCustomerIdentifier: { type: 'MOBILE', value: '7799497290' }, toCustomerIdentifier: { type: 'ID', value: '342953257' }, issueOtp: true };
  const codes = r.otps.length;
  const first = await post('/v2/points/isTransferrable', body, 'otp-1');
  expect(at(first.body, 'data', 0, 'codeIssued', 'codeId')).toEqual(expect.any(String));
  expect(r.otps.length).toBe(codes + 1);
  const version = r.store.version;
  const second = await post('/v2/points/isTransferrable', body, 'otp-1');
  expect(at(second.body, 'data', 0, 'transferrable')).toBe(true);
  expect(at(second.body, 'data', 0, 'codeIssued')).toBeUndefined();
  expect(r.otps.length).toBe(codes + 1);
  expect(r.store.version).toBe(version);
});

it('answers a retried redemption, transfer and reversal with their first outcome, appending nothing', async () => {
  const redeem = { redeem: [{ points_redeemed: 5, customer: { mobile: '919740000000' } }] };
  const r1 = await send(r.url, 'POST', '/v1.1/points/redeem?skip_validation=true', redeem, { 'x-request-id': 'redeem-1' });
  const id = at(r1.body, 'response', 'responses', 'points', 'redemption_id');
  expect(id).toEqual(expect.any(String));
  let version = r.store.version;
  const r2 = await send(r.url, 'POST', '/v1.1/points/redeem?skip_validation=true', redeem, { 'x-request-id': 'redeem-1' });
  expect(at(r2.body, 'response', 'responses', 'points', 'redemption_id')).toBe(id);
  expect(r.store.version).toBe(version);

  const transfer = { ...groupCheck(10), fromEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: '2626' }, transferredBy: { identifierType: 'mobile', identifierValue: '915662420128' } };
  const t1 = await post('/v2/points/userGroup2/transfer', transfer, 'transfer-1');
  version = r.store.version;
  const t2 = await post('/v2/points/userGroup2/transfer', transfer, 'transfer-1');
  expect(at(t2.body, 'data', 0, 'transferId')).toBe(at(t1.body, 'data', 0, 'transferId'));
  expect(r.store.version).toBe(version);

  const reverse = { redemptionId: id, pointsToBeReversed: 2, identifier: { type: 'mobile', value: '919740000000' } };
  const v1 = await post('/v2/points/reverse', reverse, 'reverse-1');
  version = r.store.version;
  const v2 = await post('/v2/points/reverse', reverse, 'reverse-1');
  expect(v2.body.reversalId).toBe(v1.body.reversalId);
  expect(v2.body.pointsReversed).toBe('2.000');
  expect(r.store.version).toBe(version);
});

it('answers a retried redemption with the balance it answered the first time, after another redemption of the same wallet', async () => {
  const redeem = (points: number) => ({ redeem: [{ points_redeemed: points, customer: { mobile: '919740000000' } }] });
  const path = '/v1.1/points/redeem?skip_validation=true';
  const balanceOf = (a: { body: unknown }) => at(a.body, 'response', 'responses', 'points', 'balance');
  const first = await send(r.url, 'POST', path, redeem(3), { 'x-request-id': 'redeem-balance-1' });
  const other = await send(r.url, 'POST', path, redeem(4), { 'x-request-id': 'redeem-balance-2' });
  expect(Number(balanceOf(other))).toBe(Number(balanceOf(first)) - 4);
  const retry = await send(r.url, 'POST', path, redeem(3), { 'x-request-id': 'redeem-balance-1' });
  expect(retry.body).toEqual(first.body);
});

it('issues one validation code for a retried validationCode request', async () => {
  const codes = r.otps.length;
  const a = await post('/v1.1/points/validationCode', { customer: { mobile: '919740000000' } }, 'code-1');
  const b = await post('/v1.1/points/validationCode', { customer: { mobile: '919740000000' } }, 'code-1');
  expect(at(a.body, 'response', 'responses', 'points', 'item_status', 'code')).toBe(800);
  expect(at(b.body, 'response', 'responses', 'points', 'item_status', 'code')).toBe(800);
  expect(r.otps.length).toBe(codes + 1);
});

it('records a refused validationCode request with its id, and answers the refusal again', async () => {
  const codes = r.otps.length;
  const version = r.store.version;
  for (const _ of [1, 2]) {
    const a = await post('/v1.1/points/validationCode', { customer: { mobile: '910000000404' } }, 'code-nobody');
    expect([a.status, at(a.body, 'response', 'responses', 'points', 'item_status', 'code')]).toEqual([400, 816]);
  }
  expect([r.otps.length, r.store.version]).toEqual([codes, version + 1]);
});

it('answers a retried customer transfer (X-Request-Id) with its first outcome, though its code is used', async () => {
  const body = { pointsTobeTransferred: 3, programId: 141, fromCustomerIdentifier: { type: 'MOBILE', value: '7799000000' }, toCustomerIdentifier: { type: 'ID', value: '342953257' } };
  const issued = await send(r.url, 'POST', '/v2/points/isTransferrable', { ...body, issueOtp: true });
  expect(at(issued.body, 'data', 0, 'codeIssued', 'codeId')).toEqual(expect.any(String));
  const code = r.otps.at(-1)?.otp;
  const first = await post('/v2/points/transfer', { ...body, code }, 'c2c-1');
  expect(at(first.body, 'data', 0, 'transferId')).toEqual(expect.any(String));
  const version = r.store.version;
  const retry = await post('/v2/points/transfer', { ...body, code }, 'c2c-1');
  expect([retry.status, at(retry.body, 'data', 0, 'transferId')]).toEqual([200, at(first.body, 'data', 0, 'transferId')]);
  expect(r.store.version).toBe(version);
});

it('decides on the time of the log\'s last event when the server\'s clock is behind it', async () => {
  const behind = await startServer(await seedStore(), { runtime: testRuntime('2020-01-01T00:00:00Z') });
  try {
    const last = behind.store.state.lastAt;
    const a = await send(behind.url, 'POST', '/v1.1/points/redeem?skip_validation=true', { redeem: [{ points_redeemed: 1, customer: { mobile: '919740000000' } }] });
    expect([a.status, at(a.body, 'response', 'responses', 'points', 'item_status', 'code')]).toEqual([200, 800]);
    expect(behind.store.state.lastAt).toBe(last);
    // The ledger is read at that time too: its closing balance counts the redemption just made.
    const balance = await send(behind.url, 'GET', '/v2/pointsLedger/getCustomerLedgerBalance?identifierName=mobile&identifierValue=919740000000&source=INSTORE');
    expect(at(balance.body, 'ledgerDetails', 'ledgerClosingBalance', 0, 'closingBalance')).toBe('79.000');
  } finally {
    await behind.close();
  }
});
