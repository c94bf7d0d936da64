/**
 * A stable digest of a folded state: what two processes that folded the same log must agree on, in a
 * form a person can read and a hash can compare. It holds the closing balances at the last event's
 * time, every lot (original, remaining, expiry, recorded expiry), every account's lines, the system
 * accounts, the event ids, the reference data and every package's slice, each written canonically (keys sorted, persistent collections as sorted entries, amounts as their text),
 * so that neither the host's time zone nor the order in which a map was filled can change it.
 */
import { createHash } from 'node:crypto';
import { Engine, OrgState, Points, PointsAmount, allAccounts, allLots, canonicalValue, closingBalances, coreModule, createEngine, formatTimestamp, systemBalances } from '@pointfold/core';
import { groupsModule } from '@pointfold/groups';
import { rewardsModule } from '@pointfold/rewards';
import { transfersModule } from '@pointfold/transfers';

/** What a state holds, canonically. */
export interface StateDigest {
  /** Events folded. */
  readonly events: number;
  /** The last event's time, canonically written (null for an empty log). */
  readonly lastAt: string | null;
  /** `TYPE|ID|PROGRAM|CATEGORY|BALANCE` at the last event's time, sorted as the contract sorts them. */
  readonly balances: readonly string[];
  /** `ID|ACCOUNT|ORIGINAL|REMAINING|EXPIRES|EXPIRED`, sorted by lot id. */
  readonly lots: readonly string[];
  /** Every account's lines, `ACCOUNT|EVENT|AT|DELTA|BALANCE`, by account key then in the account's order. */
  readonly lines: readonly string[];
  /** The system accounts, `ID|PROGRAM|CATEGORY|BALANCE`, sorted. */
  readonly system: readonly string[];
  /** The ids of the events folded, sorted. */
  readonly eventIds: readonly string[];
  /** The reference data (configuration, programs, customers) as canonical JSON. */
  readonly org: string;
  /** Each slice (groups, redemptions, transfers, reversals, rewards, one-time codes, requests) as canonical JSON. */
  readonly slices: Readonly<Record<string, string>>;
}

const amount = (p: PointsAmount): string => Points.format(p);

/**
 * The digest of a state.
 * @example expect(stateDigest(replayedInOneProcess)).toEqual(stateDigest(replayedInAnother))
 */
export const stateDigest = (s: OrgState): StateDigest => {
  const at = s.lastAt;
  const balances =
    at === undefined
      ? []
      : closingBalances(s.ledger, at).map((b) => `${b.entityType}|${b.entityId}|${b.programId}|${b.pointsCategory}|${amount(b.closingBalance)}`);
  const lots = [...allLots(s.ledger)]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(
      (l) =>
        `${l.id}|${l.account}|${amount(l.original)}|${amount(l.remaining)}|${l.expiresAt === undefined ? '-' : formatTimestamp(l.expiresAt)}|${
          l.expired === undefined ? '-' : `${formatTimestamp(l.expired.at)} ${amount(l.expired.points)}`
        }`,
    );
  const lines = [...allAccounts(s.ledger)]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .flatMap((a) => a.lines.toArray().map((l) => `${a.key}|${l.event.eventId}|${formatTimestamp(l.at)}|${amount(l.delta)}|${amount(l.balance)}`));
  const system = systemBalances(s.ledger).map((x) => `${x.entityId}|${x.programId}|${x.pointsCategory}|${amount(x.balance)}`).sort();
  const eventIds = [...s.eventIds.keys()].sort();
  const slices: Record<string, string> = {};
  for (const name of Object.keys(s.slices).sort()) slices[name] = JSON.stringify(canonicalValue(s.slices[name]));
  return { events: s.version, lastAt: at === undefined ? null : formatTimestamp(at), balances, lots, lines, system, eventIds, org: JSON.stringify(canonicalValue(s.org)), slices };
};

/** The SHA-256 (hex) of a digest's JSON text. */
export const digestHash = (d: StateDigest): string => createHash('sha256').update(JSON.stringify(d)).digest('hex');

/**
 * The engine of the domain packages only (core, groups, transfers, rewards), composed as `pointfold`
 * composes them, without the command line or the HTTP adapter: what a determinism check folds with.
 */
export const createDomainEngine = (): Engine => createEngine([coreModule, groupsModule, transfersModule, rewardsModule]);
