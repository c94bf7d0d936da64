/**
 * Many requests at once against one wallet, over real HTTP: the executor decides one command at a
 * time on the state the last append left, so the wallet is never overspent. The store answers
 * appends after a delay (as a disk's fsync would), so that requests really overlap. Invariants:
 * the points accepted never sum past the balance, and the final balance is the initial balance less
 * exactly what was accepted.
 */
import * as http from 'node:http';
import * as E from 'fp-ts/Either';
import { AppendResult, DomainError, EventBase, InMemoryEventStore, OrgState, Points, balanceAt, ts } from '@pointfold/core';
import { CommandStore } from '../src';
import { Running, at, award, decodeAll, engine, send, seedEvents, startServer } from './fixtures';

/** A store over an in-memory one: it reads the inner store; each kind below says how it appends. */
abstract class StoreOver implements CommandStore {
  constructor(protected readonly inner: InMemoryEventStore) {}
  get version(): number {
    return this.inner.version;
  }
  get state(): OrgState {
    return this.inner.state;
  }
  abstract append(expectedVersion: number, events: readonly EventBase[]): Promise<E.Either<DomainError, AppendResult>>;
}

/** The seed world in memory, as a server's store starts. */
const seedWorld = (): InMemoryEventStore => {
  const store = InMemoryEventStore.of(engine, decodeAll(seedEvents()));
  if (E.isLeft(store)) throw new Error(store.left.message);
  return store.right;
};

/** An in-memory store whose appends resolve a little later, like a disk's. */
class SlowStore extends StoreOver {
  constructor(
    inner: InMemoryEventStore,
    private readonly delayMs: number,
  ) {
    super(inner);
  }
  async append(expectedVersion: number, events: readonly EventBase[]): Promise<E.Either<DomainError, AppendResult>> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return this.inner.append(expectedVersion, events);
  }
}

const balanceOf = (state: OrgState, type: 'CUSTOMER' | 'USERGROUP2', id: string): string =>
  Points.format(balanceAt(state.ledger, { entityType: type, entityId: id, programId: 765, pointsCategory: 'Main' }, ts('2030-01-01T00:00:00Z')));

let seed = 7;
const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
afterAll(() => agent.destroy());

/** POSTs JSON through the shared agent (64 sockets: up to 64 requests in flight at once). */
const post = (base: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> =>
  new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      new URL(path, base),
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });

const start = async (): Promise<{ r: Running; store: InMemoryEventStore }> => {
  const inner = seedWorld();
  return { r: await startServer(new SlowStore(inner, 2)), store: inner };
};

describe('concurrent redemptions', () => {
  it('never overspend one customer wallet: 400 redemptions at once against 100 points', async () => {
    const { r, store } = await start();
    try {
      const initial = Points.points(balanceOf(store.state, 'CUSTOMER', '98662653'));
      const amounts = Array.from({ length: 400 }, () => 1 + Math.floor(rnd() * 5));
      const answers = await Promise.all(
        amounts.map((n) =>
          post(r.url, '/v1.1/points/redeem?skip_validation=true', { redeem: [{ points_redeemed: n, customer: { mobile: '919740000000' } }] }),
        ),
      );
      let accepted = Points.zero;
      let count = 0;
      answers.forEach((a, i) => {
        const code = at(a.body, 'response', 'responses', 'points', 'item_status', 'code');
        expect([800, 803, 804]).toContain(code);
        if (code === 800) {
          accepted = Points.add(accepted, Points.points(String(amounts[i])));
          count++;
        }
      });
      expect(Points.compare(accepted, initial)).toBeLessThanOrEqual(0);
      expect(balanceOf(store.state, 'CUSTOMER', '98662653')).toBe(Points.format(Points.sub(initial, accepted)));
      // The wallet ends with less than the smallest request of those refused for balance (nothing left to take).
      expect(count).toBeGreaterThan(20);
      console.info(`concurrency: 400 redemptions, ${count} accepted, ${Points.format(accepted)} of ${Points.format(initial)} points, final ${balanceOf(store.state, 'CUSTOMER', '98662653')}`);
    } finally {
      await r.close();
    }
  });

  it('never overspend a group wallet shared by redemptions, reward issues and transfers at once', async () => {
    const { r, store } = await start();
    try {
      const group = '31059';
      const initial = Points.points(balanceOf(store.state, 'USERGROUP2', group));
      type Sent = { kind: string; points: number; promise: Promise<{ status: number; body: unknown }> };
      const sent: Sent[] = [];
      for (let i = 0; i < 300; i++) {
        const n = 1 + Math.floor(rnd() * 20);
        const k = rnd();
        if (k < 0.5)
          sent.push({
            kind: 'redeem',
            points: n,
            promise: post(r.url, `/v1.1/points/redeem?skip_validation=true&user_group2_id=${group}`, { redeem: [{ points_redeemed: n, customer: { mobile: '919712709262' } }] }),
          });
        else if (k < 0.75)
          sent.push({
            kind: 'reward',
            points: 1,
            promise: post(r.url, '/api_gateway/rewards/core/v1/user/reward/15465/issue', { brand: 'MarvelTest', mobile: 919712709262, userGroup2Id: group }),
          });
        else
          sent.push({
            kind: 'transfer',
            points: n,
            promise: post(r.url, '/v2/points/userGroup2/transfer', {
              pointsTobeTransferred: n,
              transferredBy: { identifierType: 'mobile', identifierValue: '919712700001' },
              fromEntity: { type: 'USERGROUP2', identifierType: 'id', identifierValue: group },
              toEntity: { type: 'CUSTOMER', identifierType: 'mobile', identifierValue: '917122001239' },
            }),
          });
      }
      let accepted = Points.zero;
      for (const s of sent) {
        const a = await s.promise;
        const ok =
          s.kind === 'redeem'
            ? at(a.body, 'response', 'responses', 'points', 'item_status', 'code') === 800
            : s.kind === 'reward'
              ? at(a.body, 'status', 'code') === 200
              : at(a.body, 'data', 0, 'transferType') === 'DEDUCTION';
        if (!ok) expect(a.status).toBe(400);
        if (ok) accepted = Points.add(accepted, Points.points(String(s.points)));
      }
      expect(Points.compare(accepted, initial)).toBeLessThanOrEqual(0);
      expect(balanceOf(store.state, 'USERGROUP2', group)).toBe(Points.format(Points.sub(initial, accepted)));
      expect(Points.isPositive(accepted)).toBe(true);
      console.info(`concurrency: 300 mixed group requests, ${Points.format(accepted)} of ${Points.format(initial)} points accepted`);
    } finally {
      await r.close();
    }
  });

  it('answers concurrent reads while commands run, each from a consistent state', async () => {
    const { r } = await start();
    try {
      const reads = Array.from({ length: 50 }, () =>
        send(r.url, 'GET', '/v2/pointsLedger/getCustomerLedgerBalance?identifierName=mobile&identifierValue=919740000000&source=INSTORE'),
      );
      const writes = Array.from({ length: 50 }, () =>
        post(r.url, '/v1.1/points/redeem?skip_validation=true', { redeem: [{ points_redeemed: 1, customer: { mobile: '919740000000' } }] }),
      );
      const done = await Promise.all([...reads, ...writes]);
      for (const a of done) expect(a.status).toBe(200);
      const balances = (await Promise.all(reads)).map((a) => Number(at(a.body, 'ledgerDetails', 'ledgerClosingBalance', 0, 'closingBalance')));
      for (const b of balances) expect(b).toBeGreaterThanOrEqual(50);
    } finally {
      await r.close();
    }
  });
});

/**
 * A store another writer shares: the events it is given land just before the server's next append,
 * so that append was decided on a version that is no longer the log's (9910).
 */
class SharedStore extends StoreOver {
  private readonly others: EventBase[][] = [];
  /** Another writer's events, appended just before the server's next append. */
  interleave(events: EventBase[]): void {
    this.others.push(events);
  }
  async append(expectedVersion: number, events: readonly EventBase[]): Promise<E.Either<DomainError, AppendResult>> {
    for (const other of this.others.splice(0)) {
      const r = await this.inner.append(this.inner.version, other);
      if (E.isLeft(r)) throw new Error(r.left.message);
    }
    return this.inner.append(expectedVersion, events);
  }
}

describe('another writer of the same log', () => {
  it('answers the store\'s refusal of a stale append (9910) and sends no code for an event that was never written', async () => {
    const store = new SharedStore(seedWorld());
    const r = await startServer(store);
    try {
      const before = store.version;
      store.interleave(decodeAll([award('CUSTOMER', '98662653', '7')]));
      const a = await post(r.url, '/v1.1/points/validationCode', { customer: { mobile: '919740000000' } });
      expect([a.status, at(a.body, 'response', 'responses', 'points', 'item_status', 'code')]).toEqual([400, 9910]);
      expect(r.otps).toEqual([]);
      // Only the other writer's award was written.
      expect(store.version).toBe(before + 1);
      expect(balanceOf(store.state, 'CUSTOMER', '98662653')).toBe('107.000');
    } finally {
      await r.close();
    }
  });
});

/** A store whose disk fails: every append throws, as the file store does once a write failed. */
class FailingStore extends StoreOver {
  append(): Promise<E.Either<DomainError, AppendResult>> {
    return Promise.reject(new Error('disk full'));
  }
}

describe('a store that cannot write', () => {
  it('still answers a check that appends nothing, since it asks the store for nothing', async () => {
    const inner = seedWorld();
    const version = inner.version;
    const r = await startServer(new FailingStore(inner));
    try {
      const a = await post(r.url, '/v2/points/isTransferrable', {
        pointsTobeTransferred: 5,
        programId: 141,
        fromCustomerIdentifier: { type: 'MOBILE', value: '7799497290' },
        toCustomerIdentifier: { type: 'ID', value: '342953257' },
      });
      expect([a.status, at(a.body, 'data', 0, 'transferrable')]).toEqual([200, true]);
      expect(inner.version).toBe(version);
    } finally {
      await r.close();
    }
  });
});
