/**
 * Concurrency through the server's decision path: the HTTP layer's `Executor` (one command at a time,
 * durable before the answer) over an in-memory store whose appends resolve when `fc.scheduler` says, with
 * requests that arrive when the scheduler says and a reward vendor that answers when it says. Each run is
 * one interleaving of 2 to 5 concurrent requests against shared wallets: redemptions (individual and from
 * a group wallet), transfers between customers and a group in every direction, reward issues (a fixed
 * price, and a VENDOR reward planned, sent to the vendor and decided in one turn, as the reward endpoint
 * does), some sent twice with the same request id.
 *
 * Properties: no wallet ever pays out more than it held (what was accepted from a wallet never exceeds its
 * balance plus what it was accepted to receive), every final balance is the initial one less exactly what
 * was accepted out of it plus what was accepted into it, every decision was made on the latest state, the
 * outcomes are those of the same requests run one after the other in the order the executor decided them
 * (a serial model), and the log replays to the store's state.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import {
  AppendResult,
  CommandBase,
  DomainError,
  Engine,
  EventBase,
  InMemoryEventStore,
  OrgState,
  Points as P,
  Timestamp,
  spendableAt,
} from '@pointfold/core';
import { RedeemPoints } from '@pointfold/groups';
import { TransferGroupPoints } from '@pointfold/transfers';
import { IssueReward, VendorAnswer, planRewardIssue, rewardIssueRefusalOf, rewardRequestRecord } from '@pointfold/rewards';
import { CommandStore, Executed, Executor, Runtime } from '@pointfold/http';
import { FullWorld, canonicalState, customerMobile, openFlags, testEpoch, worldSetup } from '@pointfold/testing';
import { engine, replayOrThrow, report, sized } from './world';

const interleavings = sized(1_000, 20_000);
const program = 765;

/** Four customers with 100 points each and a fleet (c1 its primary, c2 a member who may redeem and transfer) with 150. */
const world: FullWorld = {
  programs: [program],
  customers: ['c1', 'c2', 'c3', 'c4'],
  config: openFlags,
  groups: [{ groupId: 'g1', groupType: 'FLEET', primary: 'c1', members: [{ userId: 'c2', redeem: true, transfer: true }] }],
  rewards: [
    { rewardId: 'r-fixed', brand: 'BUKL', paymentConfigs: [{ id: 1, mode: 'POINTS', points: P.points('40') }] },
    { rewardId: 'r-vendor', brand: 'BUKL', fulfillment: 'VENDOR', paymentConfigs: [{ id: 2, mode: 'POINTS', points: P.points('50') }] },
  ],
  startingPoints: { customers: '100', groups: '150' },
};
const setup = worldSetup(world);
const start = replayOrThrow(setup);
const now = (testEpoch + 60_000) as Timestamp;

type Wallet = 'c1' | 'c2' | 'c3' | 'c4' | 'g1';
const wallets: readonly Wallet[] = ['c1', 'c2', 'c3', 'c4', 'g1'];
const isGroup = (w: Wallet): boolean => w === 'g1';
const ref = (w: Wallet) => ({ entityType: isGroup(w) ? ('USERGROUP2' as const) : ('CUSTOMER' as const), entityId: w, programId: program, pointsCategory: 'Main' as const });
const balanceOf = (s: OrgState, w: Wallet): bigint => P.toMillis(spendableAt(s.ledger, ref(w), now));

/** A request: who pays (`from`), who receives (transfers), how much, and how it reaches the executor. */
type Request =
  | { readonly kind: 'redeem'; readonly from: Wallet; readonly by: 'c1' | 'c2'; readonly points: number }
  | { readonly kind: 'transfer'; readonly from: Wallet; readonly to: Wallet; readonly points: number }
  | { readonly kind: 'reward'; readonly from: Wallet; readonly by: 'c1' | 'c2'; readonly reward: 'r-fixed' | 'r-vendor'; readonly voucher: boolean };
interface Sent {
  readonly request: Request;
  readonly requestId: string | undefined;
  /** Written in the command's notes: which request a decision was for (a request sent twice keeps its tag). */
  readonly tag: string;
}

const arbRequest: fc.Arbitrary<Request> = fc.oneof(
  fc.record({ kind: fc.constant('redeem' as const), from: fc.constantFrom<Wallet>('c1', 'c2', 'c3', 'g1'), by: fc.constantFrom<'c1' | 'c2'>('c1', 'c2'), points: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('transfer' as const), from: fc.constantFrom(...wallets), to: fc.constantFrom(...wallets), points: fc.integer({ min: 1, max: 120 }) }),
  fc.record({
    kind: fc.constant('reward' as const),
    from: fc.constantFrom<Wallet>('c1', 'c2', 'g1'),
    by: fc.constantFrom<'c1' | 'c2'>('c1', 'c2'),
    reward: fc.constantFrom<'r-fixed' | 'r-vendor'>('r-fixed', 'r-vendor'),
    voucher: fc.constantFrom(true, true, false),
  }),
);

/** 2 to 5 requests; some carry a request id, and some are the same request sent twice (same id). */
const arbBatch: fc.Arbitrary<Sent[]> = fc
  .array(fc.tuple(arbRequest, fc.boolean(), fc.nat(3)), { minLength: 2, maxLength: 5 })
  .map((xs) => {
    const sent: Sent[] = xs.map(([request, withId], i) => ({ request, requestId: withId ? `req-${i}` : undefined, tag: `request ${i}` }));
    const [, , twice] = xs[0] ?? [];
    const first = sent[0];
    // One request in four is delivered twice, when it has an id and the batch has room.
    if (twice === 0 && first !== undefined && first.requestId !== undefined && sent.length < 5) sent.push(first);
    return sent;
  });

/** The payer's customer for a redemption or a reward: the wallet itself, or the member named for the group's. */
const initiatorOf = (r: { readonly from: Wallet; readonly by: 'c1' | 'c2' }): string => (isGroup(r.from) ? r.by : r.from);

const commandOf = (s: Sent): CommandBase => {
  const id = { notes: s.tag, ...(s.requestId === undefined ? {} : { requestId: s.requestId }) };
  const r = s.request;
  switch (r.kind) {
    case 'redeem': {
      const c: RedeemPoints = {
        type: 'RedeemPoints',
        customer: { type: 'id', value: initiatorOf(r) },
        points: P.points(String(r.points)),
        programId: program,
        skipValidation: true,
        ...(isGroup(r.from) ? { group: { groupId: r.from } } : {}),
      };
      return { ...c, ...id };
    }
    case 'transfer': {
      const c: TransferGroupPoints = {
        type: 'TransferGroupPoints',
        points: String(r.points),
        programId: program,
        fromEntity: { type: isGroup(r.from) ? 'USERGROUP2' : 'CUSTOMER', identifierType: 'id', identifierValue: r.from },
        toEntity: { type: isGroup(r.to) ? 'USERGROUP2' : 'CUSTOMER', identifierType: 'id', identifierValue: r.to },
        transferredBy: { identifierType: 'id', identifierValue: isGroup(r.from) ? 'c1' : r.from },
      };
      return { ...c, ...id };
    }
    case 'reward': {
      const c: IssueReward = {
        type: 'IssueReward',
        rewardId: r.reward,
        brand: 'BUKL',
        mobile: customerMobile(world, initiatorOf(r)),
        ...(isGroup(r.from) ? { userGroup2Id: r.from } : {}),
        ...id,
      };
      return c;
    }
  }
};

/** The request a command was made for (its tag, in its notes). */
const tagOf = (c: CommandBase): string => String((c as CommandBase & { readonly notes?: unknown }).notes);

const priceOf = (r: Request): bigint => (r.kind === 'reward' ? (r.reward === 'r-fixed' ? 40_000n : 50_000n) : BigInt(r.points) * 1000n);

/** An in-memory store whose appends are completed when the scheduler says (as a disk's fsync would, in any order with arrivals). */
class ScheduledStore implements CommandStore {
  constructor(
    readonly inner: InMemoryEventStore,
    private readonly s: fc.Scheduler,
  ) {}
  get version(): number {
    return this.inner.version;
  }
  get state(): OrgState {
    return this.inner.state;
  }
  async append(expectedVersion: number, events: readonly EventBase[]): Promise<E.Either<DomainError, AppendResult>> {
    await this.s.schedule(Promise.resolve(), `append ${events.map((e) => e.type).join('+')}`);
    return this.inner.append(expectedVersion, events);
  }
}

/** A decision the executor made: the command, and the version of the state it was decided on. */
interface Decision {
  readonly command: CommandBase;
  readonly version: number;
  readonly storeVersion: number;
}

/** The engine, recording each decision the executor asks it for (nothing else changes). */
const recording = (decisions: Decision[], store: () => number): Engine => ({
  ...engine,
  execute: (s, c, ctx) => {
    decisions.push({ command: c, version: s.version, storeVersion: store() });
    return engine.execute(s, c, ctx);
  },
});

interface Stats {
  interleavings: number;
  requests: number;
  sentTwice: number;
  accepted: number;
  refused: number;
  vendorCalls: number;
  pointsAccepted: bigint;
  divergences: number;
}
const newStats = (): Stats => ({ interleavings: 0, requests: 0, sentTwice: 0, accepted: 0, refused: 0, vendorCalls: 0, pointsAccepted: 0n, divergences: 0 });
const stats = newStats();

/** The outcome the serial model gives each decision, in order: what `decide` would answer with the balances so far. */
const serialOutcomes = (decisions: readonly Decision[], sent: readonly Sent[]): string[] => {
  const balances = new Map<Wallet, bigint>(wallets.map((w) => [w, balanceOf(start, w)]));
  const seen = new Map<string, string>();
  return decisions.map((d) => {
    const requestId = d.command.requestId;
    const first = requestId === undefined ? undefined : seen.get(requestId);
    if (first !== undefined) return first;
    const s = sent.find((x) => x.tag === tagOf(d.command));
    const r = s?.request;
    if (r === undefined) throw new Error(`a decision no request asked for: ${JSON.stringify(d.command)}`);
    const have = balances.get(r.from) ?? 0n;
    const need = priceOf(r);
    const short = have === 0n ? '804' : have < need ? '803' : undefined;
    let outcome: string;
    if (r.kind === 'transfer' && r.from === r.to) outcome = '418';
    else if (short !== undefined) outcome = r.kind === 'reward' ? `8004/${short}` : short;
    else if (r.kind === 'reward' && r.reward === 'r-vendor' && !r.voucher) outcome = '8003';
    else {
      outcome = 'ok';
      balances.set(r.from, have - need);
      if (r.kind === 'transfer') balances.set(r.to, (balances.get(r.to) ?? 0n) + need);
    }
    if (requestId !== undefined) seen.set(requestId, outcome);
    return outcome;
  });
};

const outcomeOf = (x: E.Either<DomainError, Executed>): string => {
  if (E.isLeft(x)) {
    const partner = (x.left as { partnerError?: { codes: readonly string[] } }).partnerError;
    return partner === undefined ? String(x.left.code) : `${x.left.code}/${partner.codes.join(',')}`;
  }
  const refusal = rewardIssueRefusalOf(x.right.state, x.right.execution);
  if (refusal === undefined) return 'ok';
  return refusal.partnerError === undefined ? String(refusal.code) : `${refusal.code}/${refusal.partnerError.codes.join(',')}`;
};

/**
 * How requests reach the store: through the `Executor` (the server's path), or a racy path that decides on
 * the state a request finds when it arrives and appends later with the version it saw (what the executor
 * exists to prevent). The racy path is the control: the same checks must catch it.
 */
type Path = 'executor' | 'racy';

/** One interleaving of a batch: runs it, then checks every property (throws at the first that fails). */
const interleaving =
  (path: Path, st: Stats) =>
  async (s: fc.Scheduler, batch: Sent[]): Promise<void> => {
    const fail = (what: string): never => {
      st.divergences++;
      throw new Error(what);
    };
    st.interleavings++;
    const inner = InMemoryEventStore.of(engine, setup);
    if (E.isLeft(inner)) throw new Error(inner.left.message);
    const store = new ScheduledStore(inner.right, s);
    const decisions: Decision[] = [];
    let ids = 0;
    const runtime: Runtime = { now: () => now, newId: () => `x-${++ids}`, newToken: (kind) => `${kind}-${++ids}` };
    const decider = recording(decisions, () => store.version);
    const executor = new Executor(decider, store, runtime);
    const vendorAsked: string[] = [];
    const vendor = (voucher: boolean): Promise<VendorAnswer> => {
      st.vendorCalls++;
      return s.schedule(Promise.resolve<VendorAnswer>(voucher ? { voucher: `V-${ids}` } : { failure: 'vendor down' }), 'vendor answers');
    };

    /**
     * A reward issue as the reward endpoint (`packages/http/src/endpoints/rewards.ts`) runs it, in one turn: a
     * request id seen before is executed again with the vendor answer its first execution carried; otherwise
     * the plan, the vendor (when the plan says yes), and the decision with its answer.
     */
    const issue = (c: IssueReward, voucher: boolean): Promise<E.Either<DomainError, Executed>> =>
      executor.turn(async (turn) => {
        const seen = c.requestId === undefined ? undefined : rewardRequestRecord(turn.state, c.requestId);
        if (seen !== undefined) {
          const again: IssueReward = { ...c, ...(seen.vendor === undefined ? {} : { vendor: seen.vendor }) };
          return turn.execute(again);
        }
        const plan = planRewardIssue(turn.state, c, turn.context().now);
        if (E.isLeft(plan) || !plan.right.needsVendor) return turn.execute(c);
        vendorAsked.push(c.rewardId);
        const withAnswer: IssueReward = { ...c, vendor: await vendor(voucher) };
        return turn.execute(withAnswer);
      });

    /** The racy path: decided on the state found on arrival, appended later at the version seen then. */
    const racy = async (c: CommandBase): Promise<E.Either<DomainError, Executed>> => {
      const version = store.version;
      const x = decider.execute(store.state, c, { now, newId: runtime.newId, newToken: runtime.newToken });
      if (E.isLeft(x) || x.right.events.length === 0) return E.isLeft(x) ? x : E.right({ execution: x.right, state: store.state });
      await s.schedule(Promise.resolve(), 'racy: between the decision and its append');
      const appended = await store.append(version, x.right.events);
      return E.isLeft(appended) ? appended : E.right({ execution: x.right, state: appended.right.state });
    };

    const answers = batch.map((x, i) =>
      s.schedule(Promise.resolve(i), `request ${i} arrives`).then(async () => {
        const c = commandOf(x);
        if (path === 'racy') return racy(x.request.kind === 'reward' && x.request.reward === 'r-vendor' ? ({ ...c, vendor: await vendor(x.request.voucher) } as IssueReward) : c);
        return x.request.kind === 'reward' ? issue(c as IssueReward, x.request.voucher) : executor.execute(c);
      }),
    );
    const results = await s.waitFor(Promise.all(answers));
    st.requests += batch.length;
    if (batch.length > new Set(batch).size) st.sentTwice++;

    // Every decision was made on the latest state: the executor never decides on a stale one.
    for (const d of decisions) if (d.version !== d.storeVersion) fail(`a decision on version ${d.version} while the log was at ${d.storeVersion}`);
    // The outcomes are a serial execution in the executor's order (the same request sent twice: its first outcome).
    if (decisions.length !== batch.length) fail(`${decisions.length} decisions for ${batch.length} requests`);
    const outcomes = results.map(outcomeOf);
    const serial = serialOutcomes(decisions, batch);
    for (const tag of new Set(batch.map((x) => x.tag))) {
      const answered = batch.flatMap((x, i) => (x.tag === tag ? [outcomes[i] ?? '?'] : [])).sort();
      const decided = decisions.flatMap((d, k) => (tagOf(d.command) === tag ? [serial[k] ?? '?'] : [])).sort();
      if (answered.join() !== decided.join()) fail(`${tag} answered ${answered.join(', ')}; run one after the other: ${decided.join(', ')}`);
    }
    // No overspend, and the final balances are exactly what was accepted.
    const out = new Map<Wallet, bigint>();
    const into = new Map<Wallet, bigint>();
    const counted = new Set<string>();
    results.forEach((res, i) => {
      const x = batch[i] as Sent;
      if (outcomes[i] !== 'ok') {
        st.refused++;
        return;
      }
      st.accepted++;
      // A request sent twice is one payment.
      const key = x.requestId ?? `#${i}`;
      if (counted.has(key)) return;
      counted.add(key);
      const need = priceOf(x.request);
      st.pointsAccepted += need;
      out.set(x.request.from, (out.get(x.request.from) ?? 0n) + need);
      if (x.request.kind === 'transfer') into.set(x.request.to, (into.get(x.request.to) ?? 0n) + need);
      if (E.isLeft(res)) fail('an accepted request without an execution');
    });
    const final = inner.right.state;
    for (const w of wallets) {
      const initial = balanceOf(start, w);
      const paid = out.get(w) ?? 0n;
      const received = into.get(w) ?? 0n;
      if (paid > initial + received) fail(`${w} paid ${paid} thousandths out of ${initial} held and ${received} received`);
      if (balanceOf(final, w) !== initial - paid + received) fail(`${w} ends with ${balanceOf(final, w)}, not ${initial} - ${paid} + ${received}`);
    }
    // The vendor was asked only for VENDOR rewards the plan accepted, never twice for one request id.
    const vendorIds = batch.filter((x) => x.request.kind === 'reward' && x.request.reward === 'r-vendor' && x.requestId !== undefined).map((x) => x.requestId);
    if (vendorAsked.length > batch.filter((x) => x.request.kind === 'reward' && x.request.reward === 'r-vendor').length - (vendorIds.length - new Set(vendorIds).size))
      fail(`the vendor was asked ${vendorAsked.length} times`);
    // The log replays to the store's state.
    const log: EventBase[] = [];
    for await (const e of inner.right.read()) log.push(e);
    if (canonicalState(replayOrThrow(log)) !== canonicalState(final)) fail('the log does not replay to the store state');
  };

describe('concurrent requests through the executor, interleaved by fc.scheduler', () => {
  it('never overspend: accepted payments never exceed a wallet, final balances are exactly the accepted requests, and the outcomes are a serial execution', async () => {
    const started = Date.now();
    await fc.assert(fc.asyncProperty(fc.scheduler(), arbBatch, interleaving('executor', stats)), { numRuns: interleavings });
    report('concurrency', { ...stats, pointsAccepted: P.format(P.fromMillis(stats.pointsAccepted)), seconds: Math.round((Date.now() - started) / 100) / 10 });
    expect([stats.interleavings >= interleavings, stats.accepted > 0, stats.refused > 0, stats.sentTwice > 0, stats.vendorCalls > 0, stats.divergences]).toEqual([true, true, true, true, true, 0]);
  }, 600_000);

  it('the same checks catch a racy decision path (decided on arrival, appended later at the version seen): control', async () => {
    const control = newStats();
    const result = await fc.check(fc.asyncProperty(fc.scheduler(), arbBatch, interleaving('racy', control)), { numRuns: 200 });
    expect(result.failed).toBe(true);
    expect(control.divergences).toBeGreaterThan(0);
  }, 120_000);
});
