/**
 * The transfers slice: every transfer by id, the transfers of each customer and group (for the
 * history query), and the transfer each event id recorded (so that an answer can be rebuilt from a
 * retried request's `eventIds`). `evolve` only copies what the event says.
 */
import { Draft, EntityRef, PMap, Points, PointsAmount, Timestamp, Vec, assert, defineSlice, entityKey, getSlice, setSlice } from '@pointfold/core';
// Only the event's type: the event's definition imports this module for its fold.
import type { PointsTransferred } from './events';

/** A lot moved by a transfer: taken from `fromLot`, created at the receiver as `toLot` with the same expiry. */
export interface MovedLot {
  readonly fromLot: string;
  readonly toLot: string;
  readonly points: PointsAmount;
  readonly expiresAt?: Timestamp;
}

/** A transfer as the state keeps it. */
export interface Transfer {
  readonly transferId: string;
  /** The id of the `PointsTransferred` event. */
  readonly eventId: string;
  readonly at: Timestamp;
  readonly from: EntityRef;
  readonly to: EntityRef;
  /** The customer who transferred (group transfers); absent for a customer-to-customer transfer proven by a code. */
  readonly transferredBy?: string;
  readonly programId: number;
  readonly points: PointsAmount;
  readonly lots: readonly MovedLot[];
  readonly notes?: string;
}

/** The transfers of an organisation. */
export interface TransfersState {
  readonly byId: PMap<Transfer>;
  /** `CUSTOMER:c1` / `USERGROUP2:g1` -> the ids of its transfers (either side), in log order. */
  readonly byEntity: PMap<Vec<string>>;
  /** Event id -> transfer id. */
  readonly byEvent: PMap<string>;
}

/** The transfers slice of the organisation's state. */
export const transfersSlice = defineSlice<TransfersState>('transfers', { byId: PMap.empty(), byEntity: PMap.empty(), byEvent: PMap.empty() });

const appendTo = (d: Draft, m: PMap<Vec<string>>, key: string, id: string): PMap<Vec<string>> => m.set(key, (m.get(key) ?? Vec.empty<string>()).push(id), d.edit);

/** Records a transfer and the lots it moved (its postings come in pairs: a lot taken, the lot made from it). */
export const recordTransfer = (d: Draft, e: PointsTransferred): void => {
  const s = getSlice(d, transfersSlice);
  assert(!s.byId.has(e.transferId), () => `transfer ${e.transferId} recorded twice`);
  const lots: MovedLot[] = [];
  for (let i = 0; i + 1 < e.postings.length; i += 2) {
    const out = e.postings[i];
    const into = e.postings[i + 1];
    assert(out !== undefined && into !== undefined && out.lotId !== undefined && into.lotId !== undefined, () => `transfer ${e.transferId} has a posting without a lot`);
    lots.push({ fromLot: out.lotId, toLot: into.lotId, points: into.points, ...(into.expiresAt === undefined ? {} : { expiresAt: into.expiresAt }) });
  }
  assert(Points.equals(Points.sum(lots.map((l) => l.points)), e.points), () => `transfer ${e.transferId} moves other than its points`);
  const t: Transfer = {
    transferId: e.transferId,
    eventId: e.id,
    at: e.at,
    from: { type: e.from.type, id: e.from.id },
    to: { type: e.to.type, id: e.to.id },
    ...(e.transferredBy === undefined ? {} : { transferredBy: e.transferredBy }),
    programId: e.programId,
    points: e.points,
    lots,
    ...(e.notes === undefined ? {} : { notes: e.notes }),
  };
  let byEntity = appendTo(d, s.byEntity, entityKey(e.from.type, e.from.id), t.transferId);
  byEntity = appendTo(d, byEntity, entityKey(e.to.type, e.to.id), t.transferId);
  setSlice(d, transfersSlice, {
    byId: s.byId.set(t.transferId, t, d.edit),
    byEntity,
    byEvent: s.byEvent.set(e.id, t.transferId, d.edit),
  });
};
