/**
 * What the ledger keeps of each event that moved points, for the entries of its lines: its id, its
 * position in the log, its time and its kind (the seed's event name, the till, the transaction). Kept
 * as rows (decision 109): the time and position side by side in a `Records` table, the id and the kind
 * in `Column`s, and a line names its event by row. An object per event, kept forever and pointed at by
 * every line, was a third of what the fold kept on the heap (each copied twice by the young
 * generation's collector before it settled in the old one). The `LedgerEventMeta` a query reads is
 * made when it is read.
 */
import { Timestamp } from '../time/timestamp';
import { Column, Edit, Records, columnKinds, owns } from '../collections';
import { LedgerEventMeta, Till, TransactionRef } from './postings';

/**
 * What an event's meta holds besides its id, time and position. The fold shares one object between
 * the events of one name and till without a transaction, so that a history of a few kinds of event
 * keeps a few of them.
 */
export interface MetaKind {
  readonly eventName: string;
  readonly till: Till | undefined;
  readonly transaction: TransactionRef | undefined;
}

/** The numeric fields of a meta's record. */
const timeField = 0;
const positionField = 1;
const stride = 2;

const noKind: MetaKind = { eventName: '', till: undefined, transaction: undefined };

/**
 * The events' metas, a row each in the order they were folded. Persistent as `Records` and `Column`
 * are: a version fixes its own length, and under the `Edit` that made a version, `push` changes it in
 * place.
 * @example
 * const m = EventMetas.empty().push('e1', 0, at, { eventName: 'TransactionAdd', till: undefined, transaction: undefined });
 * m.at(0).eventId // 'e1'
 */
export class EventMetas {
  private static readonly none = new EventMetas(Records.empty(stride), Column.empty(columnKinds.objects<string>(), ''), Column.empty(columnKinds.objects<MetaKind>(), noKind), null);

  private constructor(
    private fields: Records,
    private ids: Column<string>,
    private kinds: Column<MetaKind>,
    /** The edit that made this version: while it is open, pushes change the version itself. */
    private readonly owner: Edit | null,
  ) {}

  /** No metas (one shared instance). */
  static empty(): EventMetas {
    return EventMetas.none;
  }

  /** The number of metas in this version. */
  get length(): number {
    return this.ids.length;
  }

  /**
   * This version with a meta appended (its row is the old length). Under an open `edit` that made this
   * version, the version itself changes: the previous one is then no longer to be read.
   */
  push(eventId: string, position: number, at: Timestamp, kind: MetaKind, edit: Edit | null = null): EventMetas {
    const fields = this.fields.push([at, position], edit);
    const ids = this.ids.push(eventId, edit);
    const kinds = this.kinds.push(kind, edit);
    if (!owns(this.owner, edit)) return new EventMetas(fields, ids, kinds, edit);
    this.fields = fields;
    this.ids = ids;
    this.kinds = kinds;
    return this;
  }

  /** The time of the event of row `row`. */
  timeAt(row: number): Timestamp {
    return this.fields.get(row, timeField) as Timestamp;
  }

  /** The meta of row `row`, as an object (every field present, absent ones undefined). */
  at(row: number): LedgerEventMeta {
    const kind = this.kinds.get(row);
    return {
      eventId: this.ids.get(row),
      position: this.fields.get(row, positionField),
      eventName: kind.eventName,
      at: this.timeAt(row),
      till: kind.till,
      transaction: kind.transaction,
    };
  }
}
