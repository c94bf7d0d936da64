/**
 * An organisation's state: the fold of its one ordered log. The core keeps the log's position,
 * the reference data and the ledger; other packages keep their own slices, composed here.
 * A `Draft` is the same state under a transient edit, changed in place by one fold and
 * turned back into an immutable state when the fold returns it.
 */
import { Timestamp } from '../time/timestamp';
import { Edit, IdSet, PMap, openEdit } from '../collections';
import { assert } from '../assert';
import { LedgerDraft, LedgerState, draftLedger, emptyLedger, finishLedger, settleLedger } from '../ledger/state';
import { OrgData, OrgDraft, draftOrg, emptyOrg, finishOrg } from '../org/state';

/** The folded state of an organisation. */
export interface OrgState {
  /** Number of events folded. */
  readonly version: number;
  /** Time of the last event folded. */
  readonly lastAt: Timestamp | undefined;
  /** The ids of the events folded (indexed the first time one is looked up: see `IdSet`). */
  readonly eventIds: IdSet;
  readonly org: OrgData;
  readonly ledger: LedgerState;
  /** Slices of other packages, by slice name (read them with `getSlice`). */
  readonly slices: Readonly<Record<string, unknown>>;
}

/** The state while a fold changes it. Any function that reads an `OrgState` can read a draft. */
export interface Draft {
  version: number;
  lastAt: Timestamp | undefined;
  eventIds: IdSet;
  readonly org: OrgDraft;
  readonly ledger: LedgerDraft;
  readonly slices: Record<string, unknown>;
  /** The fold's transient session: pass it to `PMap.set` to change the fold's own nodes in place. */
  readonly edit: Edit;
}

/** A package's part of the state, with its value before any event. */
export interface SliceDef<S> {
  readonly name: string;
  readonly initial: S;
}

/** Declares a slice. */
export const defineSlice = <S>(name: string, initial: S): SliceDef<S> => ({ name, initial });

/** The value of a slice in a state (or a draft). */
export const getSlice = <S>(s: OrgState, def: SliceDef<S>): S => {
  // Only `setSlice` writes under this name, always with an S: the cast restores what it stored.
  const v = s.slices[def.name] as S | undefined;
  return v === undefined ? def.initial : v;
};

/** Replaces the value of a slice in a draft. */
export const setSlice = <S>(d: Draft, def: SliceDef<S>, value: S): void => {
  d.slices[def.name] = value;
};

export const initialState: OrgState = {
  version: 0,
  lastAt: undefined,
  eventIds: IdSet.empty(),
  org: emptyOrg,
  ledger: emptyLedger,
  slices: {},
};

/**
 * Splits the persistent maps of a state that a bulk fold filled without splitting (`PMap.settle`): the
 * reference data, the ledger (and indexes its lots by id: see `LotIndex`), the event ids (and indexes
 * those a fold listed: see `IdSet`) and the maps each slice holds. The first command after a fold
 * would otherwise do it (about 2 s after a million events); a server calls this once after loading its
 * history, so that no request pays for it. What the state holds does not change.
 */
export const settleState = (s: OrgState): void => {
  const visit = (v: unknown, depth: number): void => {
    if (v instanceof PMap || v instanceof IdSet) v.settle();
    else if (depth > 0 && typeof v === 'object' && v !== null && !Array.isArray(v)) for (const x of Object.values(v)) visit(x, depth - 1);
  };
  visit(s.org, 2);
  visit(s.slices, 2);
  s.eventIds.settle();
  settleLedger(s.ledger);
};

/** Opens a draft over a state. */
export const beginDraft = (s: OrgState): Draft => {
  const edit = openEdit();
  return {
    version: s.version,
    lastAt: s.lastAt,
    eventIds: s.eventIds,
    org: draftOrg(s.org, edit),
    ledger: draftLedger(s.ledger, edit),
    slices: { ...s.slices },
    edit,
  };
};

/** Closes a draft and returns the immutable state it holds. The draft is unusable afterwards. */
export const finishDraft = (d: Draft): OrgState => {
  assert(d.edit.open, 'a draft is finished once');
  d.edit.open = false;
  return {
    version: d.version,
    lastAt: d.lastAt,
    eventIds: d.eventIds,
    org: finishOrg(d.org),
    ledger: finishLedger(d.ledger),
    slices: { ...d.slices },
  };
};
