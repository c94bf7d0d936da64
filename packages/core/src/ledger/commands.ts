/** Commands of the core ledger: award points, release promised points, expire what is due. */
import * as P from '../points/points';
import { Timestamp } from '../time/timestamp';
import { EntityRef, PointsCategory } from './accounts';
import { Till, TransactionRef } from './postings';

export interface AwardPoints {
  readonly type: 'AwardPoints';
  readonly entity: EntityRef;
  /** The default program when absent. */
  readonly programId?: number;
  /** `Main` when absent. */
  readonly pointsCategory?: PointsCategory;
  readonly points: P.Points;
  readonly expiresAt?: Timestamp;
  readonly eventName?: string;
  readonly till?: Till;
  readonly transaction?: TransactionRef;
  readonly notes?: string;
}

export interface ReleasePromisedPoints {
  readonly type: 'ReleasePromisedPoints';
  readonly lotId: string;
  /** All that remains in the lot when absent. */
  readonly points?: P.Points;
}

/** Expires every lot due at the command's time (the engine also does this before every command). */
export interface ExpirePoints {
  readonly type: 'ExpirePoints';
}

/** Deducts points from an entity's redeemable lots (an adjustment), earliest expiry first. */
export interface DeductPoints {
  readonly type: 'DeductPoints';
  readonly entity: EntityRef;
  readonly programId?: number;
  readonly points: P.Points;
  readonly reason?: string;
  readonly till?: Till;
  readonly transaction?: TransactionRef;
}

export type LedgerCommand = AwardPoints | ReleasePromisedPoints | ExpirePoints | DeductPoints;
