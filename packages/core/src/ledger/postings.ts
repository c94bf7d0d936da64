/**
 * Postings: the double-entry lines an event moves. Every event that moves points says so with a
 * `Movement`: its postings (summing to zero per program), the seed's ledger event name, and the
 * till and transaction it came from. Groups, transfers and rewards reuse this one shape for their
 * events instead of inventing their own.
 */
import * as t from 'io-ts';
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { Id, IsoTimestamp, ProgramId, SignedPoints, Text, oneOf, struct } from '../codec';
import { AccountRef, LedgerEntityType, PointsCategory, SystemAccountId, pointsCategories, systemAccountIds } from './accounts';

/**
 * One line of a movement. An entity's posting names the lot it moves (`lotId`); a posting that
 * creates a lot carries the lot's `expiresAt` (if any). System postings name no lot.
 */
export interface Posting extends AccountRef {
  readonly points: P.Points;
  readonly lotId?: string;
  readonly expiresAt?: Timestamp;
}

/** The store and till an event happened at (seed 004's `store`, `storeCode`, `tillCode`). */
export interface Till {
  readonly code: string;
  readonly storeCode?: string;
  readonly storeName?: string;
}

/** The transaction behind an event (seed 004's `transactionDetails`). */
export interface TransactionRef {
  readonly id?: string;
  readonly number?: string;
}

/** What an event moves on the ledger. */
export interface Movement {
  /** The seed's ledger event name: TransactionAdd, PointsRedemption, PointsExpiry, ... */
  readonly eventName: string;
  readonly postings: readonly Posting[];
  /** The lots this movement consumes have expired (records when each expired). */
  readonly expiry?: boolean;
  readonly till?: Till;
  readonly transaction?: TransactionRef;
}

/** What the ledger keeps of an event for its entries: shared by all its lines. */
export interface LedgerEventMeta {
  readonly eventId: string;
  /** The event's position in the log (0-based): orders events of the same time. */
  readonly position: number;
  readonly eventName: string;
  readonly at: Timestamp;
  readonly till?: Till;
  readonly transaction?: TransactionRef;
}

export const LedgerEntityTypeCodec = oneOf<LedgerEntityType>('LedgerEntityType', ['CUSTOMER', 'USERGROUP2', 'SYSTEM']);
export const PointsCategoryCodec = oneOf<PointsCategory>('PointsCategory', pointsCategories);
export const SystemAccountIdCodec = oneOf<SystemAccountId>('SystemAccountId', systemAccountIds);

/** The JSON form of a posting. */
export const PostingCodec: t.Type<Posting, unknown, unknown> = struct(
  {
    entityType: LedgerEntityTypeCodec,
    entityId: Id,
    programId: ProgramId,
    pointsCategory: PointsCategoryCodec,
    points: SignedPoints,
  },
  { lotId: Id, expiresAt: IsoTimestamp },
  {},
  'Posting',
);

/** The JSON form of a till. */
export const TillCodec: t.Type<Till, unknown, unknown> = struct({ code: Text }, { storeCode: Text, storeName: Text }, {}, 'Till');

/** The JSON form of a transaction reference. */
export const TransactionRefCodec: t.Type<TransactionRef, unknown, unknown> = struct({}, { id: Text, number: Text }, {}, 'Transaction');

/** The first program whose postings do not sum to zero, with its sum; undefined when all balance. */
export const unbalancedPrograms = (postings: readonly Posting[]): { programId: number; sum: P.Points } | undefined => {
  // Nearly every movement is within one program: summed without allocating anything.
  const first = postings[0]?.programId;
  let total = P.zero;
  let one = true;
  for (let i = 0; i < postings.length && one; i++) {
    const p = postings[i] as Posting;
    one = p.programId === first;
    total = P.add(total, p.points);
  }
  if (one) return first === undefined || P.isZero(total) ? undefined : { programId: first, sum: total };
  // Few programs per movement: parallel arrays beat a Map here.
  const ids: number[] = [];
  const sums: P.Points[] = [];
  for (const p of postings) {
    let i = 0;
    while (i < ids.length && ids[i] !== p.programId) i++;
    if (i === ids.length) {
      ids.push(p.programId);
      sums.push(p.points);
    } else sums[i] = P.add(sums[i] as P.Points, p.points);
  }
  for (let i = 0; i < ids.length; i++) if (!P.isZero(sums[i] as P.Points)) return { programId: ids[i] as number, sum: sums[i] as P.Points };
  return undefined;
};

/** A posting to a system account. */
export const systemPosting = (id: SystemAccountId, programId: number, pointsCategory: PointsCategory, points: P.Points): Posting => ({
  entityType: 'SYSTEM',
  entityId: id,
  programId,
  pointsCategory,
  points,
  lotId: undefined,
  expiresAt: undefined,
});
