/**
 * Versions folded from one state share storage: an append-only arena where one version may take the rows
 * another wrote with the same numbers (decision 110). Whatever is memoised or shared, a version answers
 * what a fold of its own events from empty (sharing nothing) answers, whatever other versions were folded
 * from the same state and in whatever order the versions are asked: balances at a date, closing balances,
 * the ledger queries, both expiry corrections. Decision 111 was a memo keyed by shared storage that served
 * one version another's expiry index; this property fails on it within a few dozen runs.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  AccountRef,
  AccountState,
  CommandBase,
  EventBase,
  OrgState,
  Points as P,
  Timestamp,
  accountOf,
  accountsOfEntity,
  allLots,
  balanceAt,
  closingBalances,
  coreEngine,
  formatTimestamp,
  getCustomerLedgerBalance,
  getCustomerLedgerInfo,
  pendingExpiryIndexed,
  pendingExpirySummed,
} from '@pointfold/core';
import { CoreStep, World, arbCoreStep, promisedLots, runCoreSteps, testClock } from '@pointfold/core/testing';
import { cmd, customer } from './fixtures';

const engine = coreEngine;
const numRuns = 200;
const minute = 60_000;
const day = 86_400_000;
/** Above this many open expiring lots and expiry windows, balances at a date read an account's expiry index. */
const indexedFrom = 32;

/** One program, one or two customers: every award lands in one or two wallets, whose accounts pile up lots. */
const oneWallet: World = { programs: [765], customers: ['c1'] };
const twoWallets: World = { programs: [765], customers: ['c1', 'c2'] };

/** A command of a branch (`expiresIn`: ms after the command's time). */
type Op =
  | { readonly kind: 'award'; readonly customer: number; readonly points: number; readonly expiresIn?: number }
  | { readonly kind: 'deduct'; readonly customer: number; readonly points: number }
  | { readonly kind: 'expire' }
  | { readonly kind: 'release'; readonly pick: number; readonly half: boolean };

/**
 * A branch: one or two commands from the last state or the middle one, the first `at[0]` ms after that
 * state's last event, the second `at[1]` ms after the first. Without `own` it runs the run's shared
 * commands, its awards expiring `expiresIn` after them when given ('never': no expiry): branches that
 * differ only in their times or only in an expiry, whose lines hold the same numbers.
 */
interface BranchSpec {
  readonly middle: boolean;
  readonly length: 1 | 2;
  readonly at: readonly [number, number];
  readonly own?: readonly [Op, Op];
  readonly expiresIn?: number | 'never';
}

interface Run {
  readonly world: World;
  readonly steps: readonly CoreStep[];
  readonly middle: number;
  readonly shared: readonly [Op, Op];
  readonly branches: readonly BranchSpec[];
  readonly datePicks: readonly (readonly [number, number])[];
  readonly windowDays: number;
  readonly order: number;
}

const expiries = [1 * day, 3 * day, 10 * day, 45 * day];

const arbOp = (w: World): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(
        {
          kind: fc.constant('award' as const),
          customer: fc.nat(w.customers.length - 1),
          points: fc.integer({ min: 1, max: 60 }),
          expiresIn: fc.option(fc.constantFrom(...expiries), { nil: undefined }),
        },
        { requiredKeys: ['kind', 'customer', 'points'] },
      ),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('deduct' as const), customer: fc.nat(w.customers.length - 1), points: fc.integer({ min: 1, max: 80 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat(), half: fc.boolean() }) },
  );

/**
 * Times after a state: mostly a few shared ones, give or take a moment (branches that differ only in
 * their time, recording the same expiries at different times), some any.
 */
const arbOffset: fc.Arbitrary<number> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(minute, day, 2 * day, 5 * day, 12 * day, 30 * day), fc.constantFrom(0, 0, 1, minute, 3_600_000)).map(([t, moment]) => t + moment),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 * day }) },
);

const arbBranch = (w: World): fc.Arbitrary<BranchSpec> =>
  fc.record(
    {
      middle: fc.constantFrom(false, false, false, true),
      length: fc.constantFrom<1 | 2>(1, 2),
      at: fc.tuple(arbOffset, fc.oneof(fc.constant(0), arbOffset)),
      own: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(arbOp(w), arbOp(w)) }),
      expiresIn: fc.constantFrom<number | 'never'>(...expiries, 'never'),
    },
    { requiredKeys: ['middle', 'length', 'at', 'own'] },
  );

/** A burst of awards with expiries (points 1..300, 1 to 90 days): accounts with more than 32 open expiring lots. */
const arbBurst = (w: World): fc.Arbitrary<CoreStep[]> =>
  fc.array(
    fc.record({ customer: fc.nat(w.customers.length - 1), points: fc.integer({ min: 1, max: 300 }), expiresInDays: fc.integer({ min: 1, max: 90 }) }).map(
      (b): CoreStep => ({ kind: 'award', customer: b.customer, program: 0, category: 'Main', points: P.points(String(b.points)), expiresInDays: b.expiresInDays }),
    ),
    { minLength: 20, maxLength: 70, size: 'max' },
  );

const arbRun: fc.Arbitrary<Run> = fc.constantFrom(oneWallet, oneWallet, twoWallets).chain((w) =>
  fc.record({
    world: fc.constant(w),
    // The history's own steps, with a burst of expiring awards somewhere in it.
    steps: fc
      .tuple(fc.array(arbCoreStep(w), { maxLength: 60, size: 'medium' }), arbBurst(w), fc.nat())
      .map(([ss, burst, k]) => {
        // Half the time in the last third of the history (its lots still open when the branches start), else anywhere.
        const at = k % 2 === 0 ? ss.length - ((k >>> 1) % (Math.floor(ss.length / 3) + 1)) : (k >>> 1) % (ss.length + 1);
        return [...ss.slice(0, at), ...burst, ...ss.slice(at)];
      }),
    middle: fc.nat(),
    shared: fc.tuple(arbOp(w), arbOp(w)),
    branches: fc.array(arbBranch(w), { minLength: 3, maxLength: 5 }),
    datePicks: fc.array(fc.tuple(fc.nat(), fc.constantFrom(-1, 0, 1)), { minLength: 3, maxLength: 6 }),
    windowDays: fc.integer({ min: 1, max: 30 }),
    order: fc.integer(),
  }),
);

interface Version {
  readonly name: string;
  readonly state: OrgState;
  /** Every event of this version, from empty. */
  readonly events: readonly EventBase[];
  readonly branch: boolean;
}

const commandOf = (w: World, s: OrgState, op: Op, now: number): CommandBase | undefined => {
  const entity = (k: number) => customer(w.customers[k] ?? 'c1');
  switch (op.kind) {
    case 'award':
      return cmd({ type: 'AwardPoints', entity: entity(op.customer), points: P.points(String(op.points)), ...(op.expiresIn === undefined ? {} : { expiresAt: (now + op.expiresIn) as Timestamp }) });
    case 'deduct':
      return cmd({ type: 'DeductPoints', entity: entity(op.customer), points: P.points(String(op.points)) });
    case 'expire':
      return cmd({ type: 'ExpirePoints' });
    case 'release': {
      const lots = promisedLots(s);
      const lot = lots[op.pick % Math.max(1, lots.length)];
      if (lot === undefined) return undefined;
      const half = P.fromMillis(P.toMillis(lot.remaining) / 2n);
      return cmd({ type: 'ReleasePromisedPoints', lotId: lot.id, ...(op.half && P.isPositive(half) ? { points: half } : {}) });
    }
  }
};

const describeOp = (w: World, op: Op): string => {
  switch (op.kind) {
    case 'award':
      return `award ${w.customers[op.customer]} ${op.points}${op.expiresIn === undefined ? '' : ` expiring +${op.expiresIn / day}d`}`;
    case 'deduct':
      return `deduct ${w.customers[op.customer]} ${op.points}`;
    case 'expire':
      return 'expire';
    case 'release':
      return `release #${op.pick}${op.half ? ' half' : ''}`;
  }
};

/** A branch's commands: its own, or the shared ones with its expiry. */
const opsOf = (run: Run, b: BranchSpec): Op[] =>
  (b.own ?? run.shared).slice(0, b.length).map((op) =>
    b.own !== undefined || op.kind !== 'award' || b.expiresIn === undefined
      ? op
      : b.expiresIn === 'never'
        ? { kind: 'award', customer: op.customer, points: op.points }
        : { ...op, expiresIn: b.expiresIn },
  );

/** Runs a branch's commands from a version (a refused command is left out). */
const branchOf = (run: Run, root: Version, b: BranchSpec, n: number, clock: ReturnType<typeof testClock>): Version => {
  let state = root.state;
  const events = [...root.events];
  let now = (root.state.lastAt ?? 0) as number;
  const done: string[] = [];
  opsOf(run, b).forEach((op, i) => {
    now += b.at[i] ?? 0;
    const c = commandOf(run.world, state, op, now);
    const r = c === undefined ? undefined : engine.execute(state, c, clock.at(now as Timestamp));
    const accepted = r !== undefined && E.isRight(r);
    done.push(`${describeOp(run.world, op)} at ${formatTimestamp(now as Timestamp)}${accepted ? '' : ' (refused)'}`);
    if (r !== undefined && E.isRight(r)) {
      state = r.right.state;
      events.push(...r.right.events);
    }
  });
  return { name: `branch ${n} from ${root.name} [${done.join('; ')}]`, state, events, branch: true };
};

/** A deterministic shuffle (mulberry32 from the run's `order`): the order in which versions are asked. */
const shuffled = <A>(xs: readonly A[], seed: number): A[] => {
  const out = [...xs];
  let t = seed >>> 0;
  const next = (): number => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as A, out[i] as A];
  }
  return out;
};

/** A question asked of a version at a date; `key` names it the same for every version. */
interface Query {
  readonly key: string;
  readonly at: Timestamp;
  readonly ask: (s: OrgState) => string;
}

const refOf = (a: AccountState): AccountRef => ({ entityType: a.entityType, entityId: a.entityId, programId: a.programId, pointsCategory: a.pointsCategory });
const keyOf = (r: AccountRef): string => `${r.entityId}/${r.programId}/${r.pointsCategory}`;
const pendingOf = (s: OrgState, ref: AccountRef, at: Timestamp, pending: (a: AccountState, at: Timestamp) => P.Points): string => {
  const a = accountOf(s.ledger, ref);
  return a === undefined ? 'no account' : P.format(pending(a, at));
};

const queriesAt = (run: Run, refs: readonly AccountRef[], at: Timestamp, entries: boolean): Query[] => {
  const start = (at - run.windowDays * day) as Timestamp;
  const perAccount = refs.flatMap((ref): Query[] => [
    { key: `balanceAt ${keyOf(ref)}`, at, ask: (s) => P.format(balanceAt(s.ledger, ref, at)) },
    { key: `pendingExpiryIndexed ${keyOf(ref)}`, at, ask: (s) => pendingOf(s, ref, at, pendingExpiryIndexed) },
    { key: `pendingExpirySummed ${keyOf(ref)}`, at, ask: (s) => pendingOf(s, ref, at, pendingExpirySummed) },
  ]);
  const perCustomer = run.world.customers.flatMap((id): Query[] => [
    { key: `getCustomerLedgerBalance ${id}`, at, ask: (s) => JSON.stringify(getCustomerLedgerBalance(s, { entity: customer(id), endDate: at })) },
    ...(entries
      ? [
          {
            key: `getCustomerLedgerInfo ${id} ${run.windowDays}d`,
            at,
            ask: (s: OrgState) => JSON.stringify(getCustomerLedgerInfo(s, { entity: customer(id), startDate: start, endDate: at, now: at }, { paging: false })),
          },
        ]
      : []),
    {
      key: `getCustomerLedgerInfo OPENING_BALANCE ${id} ${run.windowDays}d`,
      at,
      ask: (s) => JSON.stringify(getCustomerLedgerInfo(s, { entity: customer(id), startDate: start, endDate: at, now: at, ledgerEntryType: 'OPENING_BALANCE' })),
    },
  ]);
  const closing: Query = {
    key: 'closingBalances',
    at,
    ask: (s) => closingBalances(s.ledger, at).map((b) => `${keyOf(b)} ${P.format(b.closingBalance)}`).join(', '),
  };
  return [...perAccount, ...perCustomer, closing];
};

/** Open expiring lots and expiry windows of an account: above `indexedFrom`, balances read its index. */
const sizeOf = (a: AccountState): number => a.expiring.size + a.expiredLate.length;

describe('versions folded from one state', () => {
  test("a version's answers do not depend on other versions folded from the same state, nor on the order they are asked", () => {
    let indexedRuns = 0; // runs where some version's account is on the indexed path, with windows, asked before its last line
    let differingRuns = 0; // runs where two branches answered one question differently
    let sharedRowsRuns = 0; // runs where two versions' account held the same block and count of lines while its expiry corrections differed
    fc.assert(
      fc.property(arbRun, (run) => {
        const h = runCoreSteps(engine, run.world, run.steps, { keepStates: true });
        const states = h.states ?? [];
        const setupLength = h.events.length - states.length;
        const last: Version = { name: 'last', state: h.state, events: h.events, branch: false };
        const k = run.middle % Math.max(1, states.length);
        const middleState = states[k];
        const middle: Version | undefined =
          middleState === undefined ? undefined : { name: `middle (after event #${setupLength + k})`, state: middleState, events: h.events.slice(0, setupLength + k + 1), branch: false };
        const clock = testClock('branch');
        const branches = run.branches.map((b, n) => branchOf(run, b.middle && middle !== undefined ? middle : last, b, n + 1, clock));
        const versions = [last, ...(middle === undefined ? [] : [middle]), ...branches];

        // Dates: around every version's last event and the expiry of every lot a branch made; some
        // expiries and event times of the history (± 1 ms); before the last state, and long after.
        const lastAt = (h.state.lastAt ?? 0) as number;
        const made = new Set([...allLots(h.state.ledger)].map((l) => l.id));
        const branchExpiries = versions.flatMap((v) => [...allLots(v.state.ledger)].filter((l) => !made.has(l.id) && l.expiresAt !== undefined).map((l) => l.expiresAt as number));
        const moments = [...h.events.map((e) => e.at as number), ...[...allLots(h.state.ledger)].flatMap((l) => (l.expiresAt === undefined ? [] : [l.expiresAt as number]))];
        // Ledger entries (the costliest question) only at the versions' last events and at the end.
        const withEntries = new Set([...versions.map((v) => v.state.lastAt ?? 0), lastAt + 90 * day]);
        const dates = [
          ...new Set([
            ...withEntries,
            lastAt - day,
            ...versions.map((v) => (v.state.lastAt ?? 0) - 1),
            ...branchExpiries.flatMap((t) => [t - 1, t]),
            ...run.datePicks.map(([pick, jitter]) => (moments[pick % moments.length] as number) + jitter),
          ]),
        ].sort((x, y) => x - y) as Timestamp[];

        const refsByKey = new Map<string, AccountRef>();
        for (const v of versions) for (const id of run.world.customers) for (const a of accountsOfEntity(v.state.ledger, 'CUSTOMER', id)) refsByKey.set(keyOf(a), refOf(a));
        const refs = [...refsByKey.values()];
        const queries = dates.flatMap((at) => queriesAt(run, refs, at, withEntries.has(at)));

        // Every question of every version, interleaved at random; then the same of each version's isolated fold.
        const answers = versions.map(() => new Map<Query, string>());
        for (const [v, q] of shuffled(versions.flatMap((_, v) => queries.map((q) => [v, q] as const)), run.order))
          (answers[v] as Map<Query, string>).set(q, q.ask((versions[v] as Version).state));
        const problems: string[] = [];
        const isolatedAnswers = versions.map((v, i) => {
          const isolated = engine.fold(v.events);
          return new Map(
            queries.map((q) => {
              const want = q.ask(isolated);
              const got = (answers[i] as Map<Query, string>).get(q);
              if (got !== want) problems.push(`${v.name}: ${q.key} at ${formatTimestamp(q.at)}: ${got} where an isolated fold answers ${want}`);
              return [q, want] as const;
            }),
          );
        });
        // The two expiry corrections agree, on every version.
        versions.forEach((v, i) => {
          for (const q of queries) {
            if (!q.key.startsWith('pendingExpiryIndexed')) continue;
            const summed = queries.find((o) => o.at === q.at && o.key === q.key.replace('Indexed', 'Summed')) as Query;
            const got = [(answers[i] as Map<Query, string>).get(q), (answers[i] as Map<Query, string>).get(summed)];
            if (got[0] !== got[1]) problems.push(`${v.name}: ${q.key} at ${formatTimestamp(q.at)}: indexed ${got[0]}, summed ${got[1]}`);
          }
        });
        expect(problems.slice(0, 10)).toEqual([]);

        // Non-vacuity figures.
        const large = versions.some((v) =>
          run.world.customers.some((id) => accountsOfEntity(v.state.ledger, 'CUSTOMER', id).some((a) => sizeOf(a) > indexedFrom && a.expiredLate.length > 0 && dates.some((d) => d < a.lastAt))),
        );
        if (large) indexedRuns += 1;
        const branchAnswers = isolatedAnswers.filter((_, i) => (versions[i] as Version).branch);
        if (queries.some((q) => new Set(branchAnswers.map((m) => m.get(q))).size > 1)) differingRuns += 1;
        // Versions whose account holds the same block and count of lines (the old memo's key) but whose corrections differ.
        const byRows = new Map<string, number[]>();
        versions.forEach((v, i) => {
          for (const ref of refs) {
            const a = accountOf(v.state.ledger, ref);
            if (a === undefined) continue;
            const key = `${keyOf(ref)} ${a.lines.rows.address}/${a.lines.rows.length}`;
            byRows.set(key, [...(byRows.get(key) ?? []), i]);
          }
        });
        const sharing = [...byRows.entries()].some(([key, vs]) =>
          queries.some((q) => q.key === `pendingExpiryIndexed ${key.split(' ')[0]}` && new Set(vs.map((i) => isolatedAnswers[i]?.get(q))).size > 1),
        );
        if (sharing) sharedRowsRuns += 1;
      }),
      { numRuns },
    );
    // Not vacuous: accounts on the indexed path, branches that answer differently, and versions whose
    // lines share rows while their corrections differ (the case a memo keyed by storage gets wrong).
    expect(indexedRuns).toBeGreaterThan(numRuns / 4);
    expect(differingRuns).toBeGreaterThan(numRuns / 2);
    expect(sharedRowsRuns).toBeGreaterThan(numRuns / 20);
  });
});
