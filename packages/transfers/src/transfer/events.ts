/**
 * `PointsTransferred`: points of one wallet moved to another in one program, all or nothing. The event
 * records the lots `decide` chose (the core's `planMove`: each source lot taken becomes a new lot at the
 * receiver with the same expiry), so the fold never chooses again. Its check re-verifies what the log
 * must show, for commands and imported histories alike.
 */
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import {
  DomainError,
  EntityRef,
  EntityRefCodec,
  Id,
  OrgState,
  Points,
  PositivePoints,
  Posting,
  PostingCodec,
  ProgramId,
  Text,
  arrayOf,
  defineEvent,
  eventCodec,
  getSlice,
  lotById,
  programOf,
} from '@pointfold/core';
import { activeMember, groupOf } from '@pointfold/groups';
import {
  customerNotFound,
  duplicateDefinition,
  invalidGroupIdentifier,
  invalidPosting,
  invalidProgram,
  noTransferPermission,
  notGroupMember,
  sameSourceAndDestination,
} from '../errors';
import { recordTransfer, transfersSlice } from './state';

/** The ledger event name of a transfer (seed 004's ledger entries). */
export const transferEventName = 'PointsTransfer';

/**
 * Points moved from `from`'s Main account to `to`'s Main account in `programId`. The postings come in
 * pairs: a source lot debited, then a new receiver lot (`{event id}/{n}`) credited with the same points
 * and the same expiry.
 */
export const PointsTransferred = eventCodec(
  'PointsTransferred',
  {
    transferId: Id,
    from: EntityRefCodec,
    to: EntityRefCodec,
    programId: ProgramId,
    points: PositivePoints,
    postings: arrayOf(PostingCodec),
  },
  { transferredBy: Id, notes: Text },
);
/** The decoded `PointsTransferred` event. */
export type PointsTransferred = t.TypeOf<typeof PointsTransferred>;

/** The transfer events. */
export type TransferEvent = PointsTransferred;

const ok: E.Either<DomainError, void> = E.right(undefined);

const entityExists = (s: OrgState, r: EntityRef): DomainError | undefined => {
  if (r.type === 'CUSTOMER') return s.org.customers.has(r.id) ? undefined : customerNotFound(`id ${r.id}`);
  return groupOf(s, r.id) === undefined ? invalidGroupIdentifier(r.id) : undefined;
};

/** Who transferred must be allowed to show up: the source customer itself, or a member of the source group. */
const checkInitiator = (s: OrgState, e: PointsTransferred): DomainError | undefined => {
  const by = e.transferredBy;
  if (e.from.type === 'USERGROUP2') {
    // A group has no phone for a code: a transfer out of a group always names the member who made it.
    if (by === undefined) return noTransferPermission(`a transfer from group ${e.from.id} names the user who made it`);
    const group = groupOf(s, e.from.id);
    if (group !== undefined && activeMember(group, by) === undefined) return notGroupMember(by, e.from.id);
  } else if (by !== undefined && by !== e.from.id) {
    return noTransferPermission(`customer ${by} transferred from customer ${e.from.id}`);
  }
  if (by !== undefined && !s.org.customers.has(by)) return customerNotFound(`id ${by}`);
  return undefined;
};

const sameAccount = (p: Posting, r: EntityRef, programId: number): boolean =>
  p.entityType === r.type && p.entityId === r.id && p.programId === programId && p.pointsCategory === 'Main';

/** The postings are pairs of (source lot out, new receiver lot in, same points, same expiry), summing to `points`. */
const checkPostings = (s: OrgState, e: PointsTransferred): DomainError | undefined => {
  const n = e.postings.length;
  if (n === 0 || n % 2 !== 0) return invalidPosting(`a transfer's postings come in pairs (${n} given)`);
  let moved = Points.zero;
  const created = new Set<string>();
  for (let i = 0; i < n; i += 2) {
    const out = e.postings[i] as Posting;
    const into = e.postings[i + 1] as Posting;
    if (!sameAccount(out, e.from, e.programId) || !Points.isNegative(out.points) || out.lotId === undefined)
      return invalidPosting(`posting ${i} of a transfer takes a lot of ${e.from.type} ${e.from.id}'s Main points in program ${e.programId}`);
    if (!sameAccount(into, e.to, e.programId) || into.lotId === undefined)
      return invalidPosting(`posting ${i + 1} of a transfer gives ${e.to.type} ${e.to.id} Main points in program ${e.programId}`);
    if (!Points.equals(into.points, Points.negate(out.points)))
      return invalidPosting(`posting ${i + 1} of a transfer gives ${Points.format(into.points)}, not the ${Points.format(Points.negate(out.points))} taken`);
    if (lotById(s.ledger, into.lotId) !== undefined || created.has(into.lotId)) return invalidPosting(`a transfer creates new lots at the receiver (${into.lotId} exists)`);
    created.add(into.lotId);
    const source = lotById(s.ledger, out.lotId);
    // An unknown source lot is the engine's 9903/9905 on the movement; the expiry rule needs the lot.
    if (source !== undefined && source.expiresAt !== into.expiresAt)
      return invalidPosting(`lot ${into.lotId} must keep the expiry of lot ${out.lotId} it was made from`);
    moved = Points.add(moved, into.points);
  }
  if (!Points.equals(moved, e.points)) return invalidPosting(`a transfer of ${Points.format(e.points)} moves ${Points.format(moved)}`);
  return undefined;
};

const checkTransferred = (s: OrgState, e: PointsTransferred): E.Either<DomainError, void> => {
  if (getSlice(s, transfersSlice).byId.has(e.transferId)) return E.left(duplicateDefinition(`transfer ${e.transferId}`));
  if (programOf(s.org, e.programId) === undefined) return E.left(invalidProgram(String(e.programId)));
  if (e.from.type === e.to.type && e.from.id === e.to.id) return E.left(sameSourceAndDestination(e.from.type, e.from.id));
  const bad = entityExists(s, e.from) ?? entityExists(s, e.to) ?? checkInitiator(s, e) ?? checkPostings(s, e);
  return bad === undefined ? ok : E.left(bad);
};

/** The definition the engine registers: codec, check, movement (the pairs of postings), evolve. */
export const pointsTransferredEvent = defineEvent<PointsTransferred>({
  type: 'PointsTransferred',
  codec: PointsTransferred,
  check: checkTransferred,
  movement: (e) => ({ eventName: transferEventName, postings: e.postings }),
  evolve: recordTransfer,
});
