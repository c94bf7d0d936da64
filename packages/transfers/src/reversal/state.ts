/**
 * The reversals slice: every reversal by id, what has been reversed of each redemption (in total and
 * lot by lot, so that a later part never gives a lot more than the redemption took from it), the
 * transaction numbers reversed as a whole, and the reversal each event id recorded (answers of retried
 * requests). `evolve` only copies what the event says.
 */
import { Draft, EntityRef, PMap, Points, PointsAmount, Timestamp, assert, defineSlice, getSlice, setSlice } from '@pointfold/core';
// Only the event's type: the event's definition imports this module for its fold.
import type { PointsRedemptionReversed } from './events';

/** A part of a lot that a reversal gave back: to the lot, or to EXPIRED when the lot had expired. */
export interface RestoredLot {
  readonly lotId: string;
  readonly points: PointsAmount;
  readonly expired: boolean;
}

/** A reversal as the state keeps it. */
export interface Reversal {
  readonly reversalId: string;
  /** The id of the `PointsRedemptionReversed` event. */
  readonly eventId: string;
  readonly at: Timestamp;
  readonly redemptionId: string;
  readonly customerId: string;
  readonly wallet: EntityRef;
  readonly programId: number;
  readonly points: PointsAmount;
  readonly lots: readonly RestoredLot[];
  /** Set when RevertRedemption reversed the redemption with the rest of its transaction. */
  readonly transactionNumber?: string;
  readonly notes?: string;
}

/** What has been reversed of one redemption. */
export interface RedemptionReversals {
  readonly reversed: PointsAmount;
  /**
   * Points given back per lot the redemption consumed (to the lot or to EXPIRED). A list, not an object
   * keyed by lot id: lot ids come from event ids, and `__proto__` is a valid one.
   */
  readonly byLot: readonly { readonly lotId: string; readonly points: PointsAmount }[];
  readonly reversalIds: readonly string[];
}

/** The reversals of an organisation. */
export interface ReversalsState {
  readonly byId: PMap<Reversal>;
  readonly byRedemption: PMap<RedemptionReversals>;
  /** Event id -> reversal id. */
  readonly byEvent: PMap<string>;
  /** Transaction number -> the reversals RevertRedemption appended for it, in log order. */
  readonly revertedTransactions: PMap<readonly string[]>;
}

/** The reversals slice of the organisation's state. */
export const reversalsSlice = defineSlice<ReversalsState>('reversals', {
  byId: PMap.empty(),
  byRedemption: PMap.empty(),
  byEvent: PMap.empty(),
  revertedTransactions: PMap.empty(),
});

/** Nothing reversed yet. */
export const noReversals: RedemptionReversals = { reversed: Points.zero, byLot: [], reversalIds: [] };

/** Points already given back from one lot of a redemption. */
export const restoredFrom = (r: RedemptionReversals, lotId: string): PointsAmount => r.byLot.find((l) => l.lotId === lotId)?.points ?? Points.zero;

/** Records a reversal: the lots it names, those without a posting of their own having gone to EXPIRED. */
export const recordReversal = (d: Draft, e: PointsRedemptionReversed): void => {
  const s = getSlice(d, reversalsSlice);
  assert(!s.byId.has(e.reversalId), () => `reversal ${e.reversalId} recorded twice`);
  const restoredToLot = new Set(e.postings.flatMap((p) => (p.entityType !== 'SYSTEM' && p.lotId !== undefined ? [p.lotId] : [])));
  const lots = e.lots.map((l): RestoredLot => ({ lotId: l.lotId, points: l.points, expired: !restoredToLot.has(l.lotId) }));
  const r: Reversal = {
    reversalId: e.reversalId,
    eventId: e.id,
    at: e.at,
    redemptionId: e.redemptionId,
    customerId: e.customerId,
    wallet: { type: e.wallet.type, id: e.wallet.id },
    programId: e.programId,
    points: e.points,
    lots,
    ...(e.transactionNumber === undefined ? {} : { transactionNumber: e.transactionNumber }),
    ...(e.notes === undefined ? {} : { notes: e.notes }),
  };
  const before = s.byRedemption.get(e.redemptionId) ?? noReversals;
  const byLot = before.byLot.slice();
  for (const l of e.lots) {
    const i = byLot.findIndex((x) => x.lotId === l.lotId);
    if (i < 0) byLot.push({ lotId: l.lotId, points: l.points });
    else byLot[i] = { lotId: l.lotId, points: Points.add((byLot[i] as { points: PointsAmount }).points, l.points) };
  }
  const after: RedemptionReversals = { reversed: Points.add(before.reversed, e.points), byLot, reversalIds: [...before.reversalIds, e.reversalId] };
  const n = e.transactionNumber;
  setSlice(d, reversalsSlice, {
    byId: s.byId.set(r.reversalId, r, d.edit),
    byRedemption: s.byRedemption.set(e.redemptionId, after, d.edit),
    byEvent: s.byEvent.set(e.id, r.reversalId, d.edit),
    revertedTransactions: n === undefined ? s.revertedTransactions : s.revertedTransactions.set(n, [...(s.revertedTransactions.get(n) ?? []), r.reversalId], d.edit),
  });
};
