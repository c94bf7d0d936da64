/**
 * The balance invariants over generated histories (awards with and without expiry, promised points
 * and their release, deductions, time passing, the engine's own expiries): double entry after every
 * event, no negative redeemable balance, lots within their amounts, the balance at any date as a
 * naive replay computes it, and the order in which a debit takes lots against a naive model.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  AccountRef,
  EventBase,
  Lot,
  OrgState,
  Points as P,
  PointsAmount,
  PointsDeducted,
  Timestamp,
  accountBalanceAt,
  accountKey,
  accountsOfEntity,
  allLots,
  balanceAt,
  closingBalances,
  compareAccounts,
  coreEngine,
  getCustomerLedgerBalance,
  ledgerViolations,
  pendingExpiryIndexed,
  pendingExpirySummed,
  pointsCategories,
  spendableAt,
  systemAccountIds,
  systemBalance,
  unbalancedPrograms,
} from '@pointfold/core';
import { CoreStep, World, arbCoreStep, assertBalanced, runCoreSteps, smallWorld, testClock, testEpoch } from '@pointfold/core/testing';
import { cmd, customer } from './fixtures';

const engine = coreEngine;
const numRuns = 200;
const main = { entityType: 'CUSTOMER' as const, entityId: 'c1', programId: 765, pointsCategory: 'Main' as const };
/** One customer, one program: every step lands in the same wallet, so debits cross many lots. */
const oneWallet: World = { programs: [765], customers: ['c1'] };

// 'medium' sizes: histories of a few dozen steps, long enough for lots to pile up, expire and be split.
const steps = (w: World, maxLength = 60): fc.Arbitrary<CoreStep[]> => fc.array(arbCoreStep(w), { maxLength, size: 'medium' });

/** Each event of a history with the state before it (the setup replayed, then the kept states). */
const withStateBefore = (w: World, events: readonly EventBase[], states: readonly OrgState[]): [EventBase, OrgState][] => {
  const setupLength = events.length - states.length;
  const setup = engine.fold(events.slice(0, setupLength));
  return events.slice(setupLength).map((e, i) => [e, i === 0 ? setup : (states[i - 1] as OrgState)]);
};

const movementOf = (e: EventBase, before: OrgState) => {
  const def = engine.modules.flatMap((m) => m.events).find((d) => d.type === e.type);
  if (def === undefined) throw new Error(`no definition of ${e.type}`);
  return def.movement(e, before);
};

/** The dates where a balance changes, and the milliseconds around them: every event's time and every lot's expiry. */
const momentsOf = (events: readonly EventBase[], s: OrgState): Timestamp[] =>
  [...events.map((e) => e.at as number), ...[...allLots(s.ledger)].flatMap((l) => (l.expiresAt === undefined ? [] : [l.expiresAt as number]))].flatMap(
    (t) => [t - 1, t, t + 1] as Timestamp[],
  );

/** Every customer account of a world's customers. */
const accountsOf = (w: World, s: OrgState) => w.customers.flatMap((id) => [...accountsOfEntity(s.ledger, 'CUSTOMER', id)]);

/** The sum, per program, of every customer and system account balance, computed without the invariant checker. */
const sumsPerProgram = (w: World, s: OrgState): Map<number, PointsAmount> => {
  const sums = new Map<number, PointsAmount>();
  const add = (programId: number, x: PointsAmount) => sums.set(programId, P.add(sums.get(programId) ?? P.zero, x));
  for (const a of accountsOf(w, s)) add(a.programId, a.balance);
  for (const programId of w.programs)
    for (const id of systemAccountIds) for (const c of pointsCategories) add(programId, systemBalance(s.ledger, id, programId, c));
  return sums;
};

describe('double entry', () => {
  test("every event's postings sum to zero per program", () => {
    fc.assert(
      fc.property(steps(smallWorld), (ss) => {
        const h = runCoreSteps(engine, smallWorld, ss, { keepStates: true });
        for (const [e, before] of withStateBefore(smallWorld, h.events, h.states ?? [])) {
          const m = movementOf(e, before);
          if (m === undefined) continue;
          expect([e.id, unbalancedPrograms(m.postings)]).toEqual([e.id, undefined]);
        }
      }),
      { numRuns },
    );
  });

  test('sum of all balances is zero after every event', () => {
    fc.assert(
      fc.property(steps(smallWorld), (ss) => {
        const h = runCoreSteps(engine, smallWorld, ss, { keepStates: true });
        expect(h.states).toHaveLength(h.events.length - smallWorld.customers.length - smallWorld.programs.length);
        for (const s of [...(h.states ?? []), h.state]) {
          assertBalanced(s);
          for (const [programId, sum] of sumsPerProgram(smallWorld, s)) expect([programId, P.format(sum)]).toEqual([programId, '0.000']);
        }
      }),
      { numRuns },
    );
  });
});

describe('bounds', () => {
  test('no redeemable balance is ever negative, and every lot stays within 0..original', () => {
    fc.assert(
      fc.property(steps(smallWorld), (ss) => {
        const h = runCoreSteps(engine, smallWorld, ss, { keepStates: true });
        const problems: string[] = [];
        for (const s of h.states ?? []) {
          const at = s.lastAt as Timestamp;
          const later = (at + 400 * 86_400_000) as Timestamp;
          for (const a of accountsOf(smallWorld, s)) {
            if (a.pointsCategory !== 'Main') continue;
            for (const [what, b] of [['recorded', a.balance], ['at the last event', accountBalanceAt(a, at)], ['400 days on', accountBalanceAt(a, later)]] as const)
              if (P.isNegative(b)) problems.push(`v${s.version}: ${a.key} ${what} is ${P.format(b)}`);
          }
          for (const lot of allLots(s.ledger))
            if (P.isNegative(lot.remaining) || P.compare(lot.remaining, lot.original) > 0)
              problems.push(`v${s.version}: lot ${lot.id} holds ${P.format(lot.remaining)} of ${P.format(lot.original)}`);
          problems.push(...ledgerViolations(s.ledger).map((v) => `v${s.version}: ${v}`));
        }
        expect(problems).toEqual([]);
      }),
      { numRuns },
    );
  });
});

/**
 * The naive balance at D: replay only the events at or before D, then sum each account's lots that
 * have not expired by D. Neither running balances nor the expiry index is used.
 */
const naiveBalancesAt = (events: readonly EventBase[], d: Timestamp): Map<string, PointsAmount> => {
  const prefix = engine.fold(events.filter((e) => e.at <= d));
  const out = new Map<string, PointsAmount>();
  for (const lot of allLots(prefix.ledger)) {
    const live = lot.expiresAt === undefined || lot.expiresAt > d;
    out.set(lot.account, P.add(out.get(lot.account) ?? P.zero, live ? lot.remaining : P.zero));
  }
  return out;
};

describe('balances at a date', () => {
  test('the balance at a date D is the fold of the events up to D, less the lots expired by D', () => {
    fc.assert(
      fc.property(steps(smallWorld), fc.array(fc.tuple(fc.nat(), fc.constantFrom(-1, 0, 0, 1)), { minLength: 1, maxLength: 6 }), (ss, picks) => {
        const h = runCoreSteps(engine, smallWorld, ss);
        // Dates where something happens (events, expiries), a millisecond either side, and beyond the log.
        const lastAt = h.state.lastAt as number;
        const moments = [
          ...h.events.map((e) => e.at as number),
          ...[...allLots(h.state.ledger)].flatMap((l) => (l.expiresAt === undefined ? [] : [l.expiresAt as number])),
          lastAt + 90 * 86_400_000,
        ];
        for (const [pick, jitter] of picks) {
          const d = ((moments[pick % moments.length] as number) + jitter) as Timestamp;
          const naive = naiveBalancesAt(h.events, d);
          const rows = closingBalances(h.state.ledger, d);
          // Every account once, in the contract's order.
          expect(rows.map(accountKey)).toEqual([...rows].sort(compareAccounts).map(accountKey));
          expect(rows.length).toBe(accountsOf(smallWorld, h.state).length);
          const listed = new Map(rows.map((b) => [accountKey(b), b.closingBalance]));
          for (const a of accountsOf(smallWorld, h.state)) {
            const ref: AccountRef = { entityType: a.entityType, entityId: a.entityId, programId: a.programId, pointsCategory: a.pointsCategory };
            const want = P.format(naive.get(a.key) ?? P.zero);
            expect([a.key, d, P.format(balanceAt(h.state.ledger, ref, d))]).toEqual([a.key, d, want]);
            expect([a.key, d, P.format(listed.get(a.key) ?? P.zero)]).toEqual([a.key, d, want]);
          }
        }
      }),
      { numRuns },
    );
  });

  test('the expiry correction summed step by step equals the indexed one at every date', () => {
    // One wallet: its accounts pile up lots and late expiries. `pendingExpiryAt` picks one by the account's size.
    let corrected = 0;
    fc.assert(
      fc.property(steps(oneWallet, 80), (ss) => {
        const h = runCoreSteps(engine, oneWallet, ss);
        const moments = momentsOf(h.events, h.state);
        for (const a of accountsOf(oneWallet, h.state)) {
          for (const d of moments) {
            const summed = pendingExpirySummed(a, d);
            if (!P.isZero(summed)) corrected += 1;
            expect([a.key, d, P.format(summed)]).toEqual([a.key, d, P.format(pendingExpiryIndexed(a, d))]);
          }
        }
      }),
      { numRuns },
    );
    // Not vacuous: many dates had expired points to take off.
    expect(corrected).toBeGreaterThan(numRuns);
  });

  test('credits less debits is the balance, in every account at every date (getCustomerLedgerBalance, decision 113)', () => {
    let pending = 0;
    fc.assert(
      fc.property(steps(oneWallet, 80), (ss) => {
        const h = runCoreSteps(engine, oneWallet, ss);
        const moments = momentsOf(h.events, h.state);
        const entity = { type: 'CUSTOMER' as const, id: 'c1' };
        const sums = (endDate: Timestamp, ledgerEntryType?: 'CREDIT' | 'DEBIT'): string[] => {
          const r = getCustomerLedgerBalance(h.state, { entity, endDate, ...(ledgerEntryType === undefined ? {} : { ledgerEntryType }) });
          if (E.isLeft(r)) throw new Error(`${r.left.code} ${r.left.message}`);
          return r.right.ledgerDetails.ledgerClosingBalance.map((row) => row.closingBalance);
        };
        for (const d of moments) {
          const credits = sums(d, 'CREDIT');
          const debits = sums(d, 'DEBIT');
          const net = credits.map((c, i) => P.format(P.sub(P.points(c), P.points(debits[i] as string))));
          expect([d, net]).toEqual([d, sums(d)]);
        }
        for (const a of accountsOf(oneWallet, h.state)) for (const d of moments) if (!P.isZero(pendingExpirySummed(a, d))) pending += 1;
      }),
      { numRuns },
    );
    // Not vacuous: at many dates points had expired without their expiry recorded yet.
    expect(pending).toBeGreaterThan(numRuns);
  });

  test('branches folded from one state each read their own expiry correction at every date, whichever is asked first', () => {
    // Both branches record the expiry of one lot, at different times, then award the same points: their
    // lines hold the same numbers, so one takes the rows the other wrote (decision 110), while their expiry
    // windows differ. Each branch's index must be its own (decision 111).
    const minute = 60_000;
    const day = 86_400_000;
    let differing = 0;
    fc.assert(
      fc.property(steps(oneWallet), fc.integer({ min: 1, max: 500 }), fc.boolean(), fc.boolean(), (ss, amount, expiring, laterFirst) => {
        const h = runCoreSteps(engine, oneWallet, ss);
        const clock = testClock('branch');
        const start = h.state.lastAt ?? testEpoch;
        const run = (s: OrgState, points: string, at: number, expiresAt?: number): OrgState => {
          const c = cmd({ type: 'AwardPoints', entity: customer('c1'), points: P.points(points), ...(expiresAt === undefined ? {} : { expiresAt: expiresAt as Timestamp }) });
          const r = engine.execute(s, c, clock.at(at as Timestamp));
          if (E.isLeft(r)) throw new Error(`${r.left.code} ${r.left.message}`);
          return r.right.state;
        };
        const due = run(h.state, '7', start + minute, start + 2 * day);
        const expiresAt = expiring ? start + 30 * day : undefined;
        const branches = [run(due, String(amount), start + 3 * day, expiresAt), run(due, String(amount), start + 6 * day, expiresAt)];
        const moments = [1, 2, 3, 4, 5, 6, 7].flatMap((n) => [start + n * day - 1, start + n * day] as Timestamp[]);
        const read = (s: OrgState) => accountsOf(oneWallet, s).map((a) => moments.map((t) => [t, P.format(pendingExpirySummed(a, t)), P.format(pendingExpiryIndexed(a, t))]));
        const answers: ReturnType<typeof read>[] = [];
        for (const k of laterFirst ? [1, 0] : [0, 1]) answers[k] = read(branches[k] as OrgState);
        for (const rows of answers.flat()) for (const [t, summed, indexed] of rows) expect([t, indexed]).toEqual([t, summed]);
        if (JSON.stringify(answers[0]) !== JSON.stringify(answers[1])) differing += 1;
      }),
      { numRuns },
    );
    // Not vacuous: the branches' corrections differed (between the two recorded expiries).
    expect(differing).toBeGreaterThan(numRuns / 2);
  });
});

/**
 * The naive order of a debit: the account's lots holding points and not expired at `at`, sorted by
 * expiry (never-expiring last), then by the position in the log of the event that created them.
 */
const naiveDebit = (events: readonly EventBase[], before: OrgState, account: string, amount: PointsAmount, at: Timestamp): [string, string][] => {
  const position = new Map(events.map((e, i) => [e.id, i]));
  const open: Lot[] = [...allLots(before.ledger)].filter(
    (l) => l.account === account && P.isPositive(l.remaining) && (l.expiresAt === undefined || l.expiresAt > at),
  );
  open.sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || (position.get(a.id) ?? -1) - (position.get(b.id) ?? -1));
  const out: [string, string][] = [];
  let left = amount;
  for (const lot of open) {
    if (!P.isPositive(left)) break;
    const take = P.min(left, lot.remaining);
    out.push([lot.id, P.format(P.negate(take))]);
    left = P.sub(left, take);
  }
  return out;
};

describe('the order of a debit', () => {
  test('debits take lots earliest-expiry first, then oldest, never-expiring last', () => {
    let deductions = 0;
    fc.assert(
      fc.property(steps(oneWallet, 80), (ss) => {
        const h = runCoreSteps(engine, oneWallet, ss, { keepStates: true });
        for (const [e, before] of withStateBefore(oneWallet, h.events, h.states ?? [])) {
          if (e.type !== 'PointsDeducted') continue;
          deductions++;
          const postings = (e as PointsDeducted).postings;
          const lots = postings.filter((p) => p.entityType !== 'SYSTEM');
          const total = P.negate(P.sum(lots.map((p) => p.points)));
          const account = accountKey(lots[0] as AccountRef);
          expect(lots.map((p) => [p.lotId, P.format(p.points)])).toEqual(naiveDebit(h.events, before, account, total, e.at));
          expect(postings.filter((p) => p.entityType === 'SYSTEM').map((p) => [p.entityId, P.format(p.points)])).toEqual([['ADJUSTED', P.format(total)]]);
        }
      }),
      { numRuns },
    );
    // The property is only worth something if histories do deduct (most runs do, several times).
    expect(deductions).toBeGreaterThan(numRuns);
  });
});

describe('bounds at zero', () => {
  test('a deduction of exactly the spendable points is accepted and leaves zero; a thousandth more is refused (804) and appends nothing', () => {
    const seen = { drained: 0, atExpiry: 0, empty: 0 };
    fc.assert(
      fc.property(steps(oneWallet, 80), fc.nat(), fc.constantFrom(-1, 0, 1), (ss, pick, jitter) => {
        const h = runCoreSteps(engine, oneWallet, ss);
        const first = (h.state.lastAt as number) + 1;
        // The next minute, or a millisecond around the expiry of a lot still to expire.
        const expiries = [...allLots(h.state.ledger)].flatMap((l) => (l.expiresAt !== undefined && l.expiresAt + jitter >= first && P.isPositive(l.remaining) ? [l.expiresAt + jitter] : []));
        const moments = [first + 59_999, ...expiries];
        const at = moments[pick % moments.length] as Timestamp;
        if (at !== moments[0]) seen.atExpiry++;
        const deduct = (points: P.Points) => engine.execute(h.state, cmd({ type: 'DeductPoints', entity: customer('c1'), points }), testClock('zero').at(at));
        const spendable = spendableAt(h.state.ledger, main, at);
        const more = deduct(P.add(spendable, P.points('0.001')));
        expect(E.isLeft(more) && [more.left.code, more.left.message.includes(`${P.format(spendable)} available`)]).toEqual([804, true]);
        if (!P.isPositive(spendable)) {
          seen.empty++;
          return;
        }
        seen.drained++;
        const exact = deduct(spendable);
        if (E.isLeft(exact)) throw new Error(`refused the exact spendable ${P.format(spendable)}: ${exact.left.code} ${exact.left.message}`);
        expect([P.format(balanceAt(exact.right.state.ledger, main, at)), P.format(spendableAt(exact.right.state.ledger, main, at))]).toEqual(['0.000', '0.000']);
      }),
      { numRuns },
    );
    // Not vacuous: most runs drain a wallet that holds points, many of them at a lot's expiry.
    expect([seen.drained > numRuns / 2, seen.atExpiry > numRuns / 4]).toEqual([true, true]);
  });
});
