/**
 * The event-store port. A store holds one organisation's ordered log and the state folded from it.
 * An append names the version it expects (optimistic concurrency: a writer that read an older
 * version is refused), and every event is checked against the state before anything is written,
 * so a store never holds a log that does not replay.
 */
import * as E from 'fp-ts/Either';
import { DomainError, staleVersion } from '../errors';
import { Engine } from '../engine/engine';
import { EventBase } from '../engine/module';
import { OrgState } from '../engine/state';

/** What an accepted append leaves: the new version and state. */
export interface AppendResult {
  readonly version: number;
  readonly state: OrgState;
}

/** One organisation's log. */
export interface EventStore {
  /** The number of events in the log. */
  readonly version: number;
  /** The state folded from the whole log. */
  readonly state: OrgState;
  /** The events from position `from` (0-based), in log order. */
  read(from?: number): AsyncIterable<EventBase>;
  /**
   * Appends events when the log is at `expectedVersion`; refuses (9910) otherwise, and refuses
   * the whole batch when any event fails its check. Resolves once the events are durable.
   */
  append(expectedVersion: number, events: readonly EventBase[]): Promise<E.Either<DomainError, AppendResult>>;
}

/**
 * Checks a batch against a state at a version and folds it: the state after the batch, or the
 * first refusal. Nothing is changed on a refusal. Both stores use this before they write.
 */
export const checkAppend = (
  engine: Engine,
  state: OrgState,
  version: number,
  expectedVersion: number,
  events: readonly EventBase[],
): E.Either<DomainError, AppendResult> => {
  if (expectedVersion !== version) return E.left(staleVersion(expectedVersion, version));
  const r = engine.replayer(state);
  for (const e of events) {
    const res = r.push(e);
    if (E.isLeft(res)) return res;
  }
  return E.right({ version: version + events.length, state: r.finish() });
};

/** A store in memory: for tests, simulations and services that keep their log elsewhere. */
export class InMemoryEventStore implements EventStore {
  private readonly log: EventBase[] = [];
  private current: OrgState;

  constructor(private readonly engine: Engine) {
    this.current = engine.initialState;
  }

  /** A store holding a log that is already known to replay (each event is checked all the same). */
  static of(engine: Engine, events: readonly EventBase[]): E.Either<DomainError, InMemoryEventStore> {
    const store = new InMemoryEventStore(engine);
    const r = checkAppend(engine, store.current, 0, 0, events);
    if (E.isLeft(r)) return r;
    store.log.push(...events);
    store.current = r.right.state;
    return E.right(store);
  }

  get version(): number {
    return this.log.length;
  }

  get state(): OrgState {
    return this.current;
  }

  async *read(from = 0): AsyncIterable<EventBase> {
    for (let i = from; i < this.log.length; i++) yield this.log[i] as EventBase;
  }

  append(expectedVersion: number, events: readonly EventBase[]): Promise<E.Either<DomainError, AppendResult>> {
    const r = checkAppend(this.engine, this.current, this.log.length, expectedVersion, events);
    if (E.isRight(r)) {
      this.log.push(...events);
      this.current = r.right.state;
    }
    return Promise.resolve(r);
  }
}

