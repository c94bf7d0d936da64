/**
 * `pointfold verify FILE [--json]`: replays a history and checks the balance invariants after every
 * event, then prints what the history holds (events, entities, balances per program and category, points
 * issued, redeemed, expired, transferred and adjusted). Checking the whole state after every event would
 * cost O(events x state), so each event is checked at the cost of what it touched (the core kit's
 * `watchInvariants`: its lots and accounts, and every program's sum), and the whole state once at the
 * end. A history breaks an invariant without being refused only through a bug; when one does, the
 * command names the first line after which the state is broken (exit status 3): when the watch or the
 * final check finds a broken state, the file is folded again to prefixes and each prefix checked whole,
 * by bisection, so a bug that touched an account its event did not name is still placed at its line.
 */
import * as E from 'fp-ts/Either';
import {
  Engine,
  OrgState,
  Points,
  PointsAmount,
  PointsCategory,
  Timestamp,
  accountBalanceAt,
  allAccounts,
  formatTimestamp,
  getSlice,
  pointsCategories,
  systemBalances,
} from '@pointfold/core';
import { balanceViolations, watchInvariants } from '@pointfold/core/testing';
import { groupsSlice } from '@pointfold/groups';
import { catalogueSlice } from '@pointfold/rewards';
import { PointsTransferred } from '@pointfold/transfers';
import { ReplayIo, foldForCommand, replayFile } from './replay';
import { printable } from './store/history';
import { exitInvariantViolated, exitOk } from './exit-codes';
import { count, formatTable } from './lookup';

/** Options of the verify command. */
export interface VerifyOptions {
  readonly json?: boolean;
}

/** A broken invariant: the first event after which the state is broken, and what is wrong. */
export interface Violation {
  readonly _tag: 'Violation';
  /** 1-based line of the event in the file. */
  readonly line: number;
  readonly eventId: string;
  readonly eventType: string;
  /** The event's position in the history (1-based). */
  readonly eventNumber: number;
  readonly problems: readonly string[];
}

/** Points that flowed through a program (or all programs), from the system accounts and the transfers. */
export interface Flows {
  readonly issued: PointsAmount;
  /** Net of reversals (the REDEEMED accounts). */
  readonly redeemed: PointsAmount;
  readonly expired: PointsAmount;
  readonly transferred: PointsAmount;
  readonly adjusted: PointsAmount;
}

/** What a verified history holds. */
export interface VerifySummary {
  readonly eventsRead: number;
  /** The last event's time (the date of the balances); undefined for an empty history. */
  readonly at: Timestamp | undefined;
  readonly entities: { readonly customers: number; readonly groups: number; readonly programs: number; readonly rewards: number };
  /** Customers' and groups' points per program and category at `at` (expired lots not counted). */
  readonly balances: readonly { readonly programId: number; readonly pointsCategory: PointsCategory; readonly held: PointsAmount }[];
  readonly flows: readonly (Flows & { readonly programId: number })[];
  readonly total: Flows;
}

const zeroFlows: Flows = { issued: Points.zero, redeemed: Points.zero, expired: Points.zero, transferred: Points.zero, adjusted: Points.zero };

const addFlows = (a: Flows, b: Flows): Flows => ({
  issued: Points.add(a.issued, b.issued),
  redeemed: Points.add(a.redeemed, b.redeemed),
  expired: Points.add(a.expired, b.expired),
  transferred: Points.add(a.transferred, b.transferred),
  adjusted: Points.add(a.adjusted, b.adjusted),
});

/** The summary of a history folded to `s`, with the points transferred per program (read off its events). */
export const verifySummary = (s: OrgState, eventsRead: number, transferred: ReadonlyMap<number, PointsAmount>): VerifySummary => {
  const at = s.lastAt;
  const held = new Map<string, { programId: number; pointsCategory: PointsCategory; held: PointsAmount }>();
  if (at !== undefined)
    for (const a of allAccounts(s.ledger)) {
      const k = `${a.programId}|${a.pointsCategory}`;
      const x = held.get(k) ?? { programId: a.programId, pointsCategory: a.pointsCategory, held: Points.zero };
      held.set(k, { ...x, held: Points.add(x.held, accountBalanceAt(a, at)) });
    }
  const flows = new Map<number, Flows>();
  const add = (programId: number, f: Partial<Flows>): void => {
    flows.set(programId, addFlows(flows.get(programId) ?? zeroFlows, { ...zeroFlows, ...f }));
  };
  for (const x of systemBalances(s.ledger)) {
    if (x.entityId === 'ISSUED') add(x.programId, { issued: Points.negate(x.balance) });
    if (x.entityId === 'REDEEMED') add(x.programId, { redeemed: x.balance });
    if (x.entityId === 'EXPIRED') add(x.programId, { expired: x.balance });
    if (x.entityId === 'ADJUSTED') add(x.programId, { adjusted: x.balance });
  }
  for (const [programId, points] of transferred) add(programId, { transferred: points });
  const perProgram = [...flows].sort(([a], [b]) => a - b).map(([programId, f]) => ({ programId, ...f }));
  return {
    eventsRead,
    at,
    entities: {
      customers: s.org.customers.size,
      groups: getSlice(s, groupsSlice).groups.size,
      programs: s.org.programOrder.length,
      rewards: getSlice(s, catalogueSlice).rewards.size,
    },
    balances: [...held.values()].sort((a, b) => a.programId - b.programId || pointsCategories.indexOf(a.pointsCategory) - pointsCategories.indexOf(b.pointsCategory)),
    flows: perProgram,
    total: perProgram.reduce<Flows>((t, f) => addFlows(t, f), zeroFlows),
  };
};

/** The state after the first `n` events of a file (the file folded fine before), and the last of them. */
const prefix = async (file: string, engine: Engine, n: number): Promise<{ state: OrgState; line: number; eventId: string; eventType: string }> => {
  let seen = 0;
  let last = { line: 0, eventId: '', eventType: '' };
  const r = await replayFile(file, engine, undefined, {
    onEvent: (e, line) => {
      seen += 1;
      last = { line, eventId: e.id, eventType: e.type };
      return seen < n;
    },
  });
  if (E.isLeft(r)) throw new Error(`the history changed while it was verified: ${r.left._tag === 'HistoryError' ? `line ${r.left.line}: ${r.left.reason}` : r.left.reason}`);
  return { state: r.right.state, ...last };
};

/**
 * The first event after which the whole state is broken, searched by bisection between `good` events
 * (a sound prefix: 0 is always one) and `bad` events (a broken one).
 */
const firstBroken = async (file: string, engine: Engine, good: number, bad: number): Promise<Violation> => {
  let lo = good;
  let hi = bad;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (balanceViolations((await prefix(file, engine, mid)).state).length > 0) hi = mid;
    else lo = mid;
  }
  const at = await prefix(file, engine, hi);
  return { _tag: 'Violation', line: at.line, eventId: at.eventId, eventType: at.eventType, eventNumber: hi, problems: balanceViolations(at.state) };
};

/**
 * Verifies a history file: every invariant after every event. `right(summary)` when they all held;
 * `left(violation)` at the first event after which they did not; `left(status)` for a file that could
 * not be read or a bad history (already reported on `io.err`).
 */
export const verifyFile = async (file: string, io: ReplayIo, engine: Engine): Promise<E.Either<number | Violation, VerifySummary>> => {
  const watch = watchInvariants(engine);
  const transferred = new Map<number, PointsAmount>();
  let events = 0;
  let found: Violation | undefined;
  const folded = await foldForCommand(file, io, engine, {
    onEvent: (e, line, s) => {
      events += 1;
      if (e.type === 'PointsTransferred') {
        const t = e as PointsTransferred;
        transferred.set(t.programId, Points.add(transferred.get(t.programId) ?? Points.zero, t.points));
      }
      const problems = watch.afterEvent(e, s);
      if (problems.length === 0) return true;
      found = { _tag: 'Violation', line, eventId: e.id, eventType: e.type, eventNumber: events, problems };
      return false;
    },
  });
  if (E.isLeft(folded)) return folded;
  if (found !== undefined) {
    // The watch sees what an event touched: a bug may have broken the state earlier, elsewhere.
    const before = found.eventNumber - 1;
    if (before === 0 || balanceViolations((await prefix(file, engine, before)).state).length === 0) return E.left(found);
    return E.left(await firstBroken(file, engine, 0, before));
  }
  if (watch.final(folded.right.state).length > 0) return E.left(await firstBroken(file, engine, 0, folded.right.eventsRead));
  return E.right(verifySummary(folded.right.state, folded.right.eventsRead, transferred));
};

const text = (p: PointsAmount): string => Points.format(p);

/** Flows as `--json` prints them (three-decimal texts). */
export interface FlowsJson {
  readonly issued: string;
  readonly redeemed: string;
  readonly expired: string;
  readonly transferred: string;
  readonly adjusted: string;
}

/** The `--json` document of a verified history. */
export interface VerifyJson {
  readonly eventsRead: number;
  readonly at: string | null;
  readonly entities: VerifySummary['entities'];
  readonly balances: readonly { readonly programId: number; readonly pointsCategory: PointsCategory; readonly held: string }[];
  readonly flows: readonly (FlowsJson & { readonly programId: number })[];
  readonly total: FlowsJson;
}

/** The `--json` document of a verified history. */
export const verifyJson = (v: VerifySummary): VerifyJson => ({
  eventsRead: v.eventsRead,
  at: v.at === undefined ? null : formatTimestamp(v.at),
  entities: v.entities,
  balances: v.balances.map((b) => ({ programId: b.programId, pointsCategory: b.pointsCategory, held: text(b.held) })),
  flows: v.flows.map((f) => ({ programId: f.programId, issued: text(f.issued), redeemed: text(f.redeemed), expired: text(f.expired), transferred: text(f.transferred), adjusted: text(f.adjusted) })),
  total: { issued: text(v.total.issued), redeemed: text(v.total.redeemed), expired: text(v.total.expired), transferred: text(v.total.transferred), adjusted: text(v.total.adjusted) },
});

/** The readable form of a verified history. */
export const formatVerifyTable = (file: string, v: VerifySummary): string => {
  const e = v.entities;
  const head = `${printable(file)}: ${count(v.eventsRead, 'event')} verified; every balance invariant held after every event.\n${count(e.customers, 'customer')}, ${count(e.groups, 'group')}, ${count(e.programs, 'program')}, ${count(e.rewards, 'reward')}.\n`;
  if (v.at === undefined) return head;
  const balances = formatTable(
    [{ header: 'PROGRAM', right: true }, { header: 'CATEGORY' }, { header: 'HELD', right: true }],
    v.balances.map((b) => [String(b.programId), b.pointsCategory, text(b.held)]),
  );
  const flowRow = (label: string, f: Flows): string[] => [label, text(f.issued), text(f.redeemed), text(f.expired), text(f.transferred), text(f.adjusted)];
  const flows = formatTable(
    [{ header: 'PROGRAM', right: true }, { header: 'ISSUED', right: true }, { header: 'REDEEMED', right: true }, { header: 'EXPIRED', right: true }, { header: 'TRANSFERRED', right: true }, { header: 'ADJUSTED', right: true }],
    [...v.flows.map((f) => flowRow(String(f.programId), f)), flowRow('all', v.total)],
  );
  return `${head}\nPoints held by customers and groups at ${formatTimestamp(v.at)}:\n${balances}\n\nPoints that flowed (redeemed: net of reversals):\n${flows}\n`;
};

/** The stderr line of a violation: `FILE:LINE: ...`. */
export const formatViolation = (file: string, v: Violation): string =>
  `${printable(file)}:${v.line}: balance invariant broken after event ${printable(v.eventId)} (${printable(v.eventType)}, event ${v.eventNumber}): ${printable(v.problems.join('; '))}`;

/**
 * Runs `pointfold verify`. Returns the exit status: 0 when every invariant held, 3 at the first
 * violation (a bug: stderr names its line), 2 for bad input.
 * @example process.exitCode = await runVerify('history.jsonl', {}, io, createPointfoldEngine());
 */
export const runVerify = async (file: string, options: VerifyOptions, io: ReplayIo, engine: Engine): Promise<number> => {
  const r = await verifyFile(file, io, engine);
  if (E.isLeft(r)) {
    if (typeof r.left === 'number') return r.left;
    io.err(`${formatViolation(file, r.left)}\n`);
    return exitInvariantViolated;
  }
  io.out(options.json === true ? `${JSON.stringify(verifyJson(r.right))}\n` : formatVerifyTable(file, r.right));
  return exitOk;
};
