/**
 * Accounts of the double-entry ledger. A customer's or a group's wallet has one account per
 * program and points category; system accounts (ISSUED, REDEEMED, EXPIRED, ADJUSTED) take the other side
 * of every movement, so the balances of all accounts sum to zero after every event.
 */

/** Who may own points: a customer, or a user group's wallet (USERGROUP2). */
export type EntityType = 'CUSTOMER' | 'USERGROUP2';
export const entityTypes: readonly EntityType[] = ['CUSTOMER', 'USERGROUP2'];

/**
 * The ledger's own accounts, one per program and category: ISSUED gives awarded points, REDEEMED
 * takes spent points, EXPIRED takes expired points, ADJUSTED takes manual deductions.
 */
export type SystemAccountId = 'ISSUED' | 'REDEEMED' | 'EXPIRED' | 'ADJUSTED';
export const systemAccountIds: readonly SystemAccountId[] = ['ISSUED', 'REDEEMED', 'EXPIRED', 'ADJUSTED'];

/** Every owner of an account, the ledger's own included. */
export type LedgerEntityType = EntityType | 'SYSTEM';

/**
 * Points categories of seed 004. `Main` is redeemable; the two promised categories are not
 * redeemable until released.
 */
export type PointsCategory = 'Main' | 'DelayedAccrualPointCategory' | 'ExternalTriggerBasedPointCategory';
export const pointsCategories: readonly PointsCategory[] = [
  'Main',
  'DelayedAccrualPointCategory',
  'ExternalTriggerBasedPointCategory',
];

/** The `pointCategoryType` filter of the ledger queries (seed 004). */
export type PointCategoryType = 'REGULAR' | 'PROMISED' | 'TRIGGER_BASED';
export const categoryTypeOf = (c: PointsCategory): PointCategoryType =>
  c === 'Main' ? 'REGULAR' : c === 'DelayedAccrualPointCategory' ? 'PROMISED' : 'TRIGGER_BASED';

/** True for the category whose points can be spent. */
export const isRedeemable = (c: PointsCategory): boolean => c === 'Main';

/** A reference to a customer or a group wallet. */
export interface EntityRef {
  readonly type: EntityType;
  readonly id: string;
}

/** One account: an owner, a program and a category. */
export interface AccountRef {
  readonly entityType: LedgerEntityType;
  readonly entityId: string;
  readonly programId: number;
  readonly pointsCategory: PointsCategory;
}

/** The key of an entity (`CUSTOMER:42`). */
export const entityKey = (type: LedgerEntityType, id: string): string => `${type}:${id}`;

/**
 * The key of an account (`CUSTOMER:42|765|Main`). Built by `join`, which makes one flat string: a
 * template makes a tree of concatenations, which every lot of the account would keep alive.
 */
export const accountKey = (a: AccountRef): string => [a.entityType, ':', a.entityId, '|', a.programId, '|', a.pointsCategory].join('');

/** Orders accounts by entity type, entity id, program and category (the order of `replay --json`). */
export const compareAccounts = (a: AccountRef, b: AccountRef): number =>
  a.entityType < b.entityType ? -1 : a.entityType > b.entityType ? 1 :
  a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 :
  a.programId - b.programId ||
  (a.pointsCategory < b.pointsCategory ? -1 : a.pointsCategory > b.pointsCategory ? 1 : 0);
