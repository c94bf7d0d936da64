/**
 * Given/when/then over the engine, for any test runner (it throws plain Errors):
 * `spec(engine).given(events).when(command).then(events)`, `.thenRejects(code)`,
 * `.thenNothingHappened()`.
 */
import * as E from 'fp-ts/Either';
import { Engine } from '../engine/engine';
import { CommandBase, CommandContext, EventBase } from '../engine/module';
import { OrgState } from '../engine/state';
import { DomainError } from '../errors';
import { Timestamp } from '../time/timestamp';
import { testClock, testEpoch } from './context';

export interface WhenOptions {
  /** The command's time: one minute after the last given event by default. */
  readonly now?: Timestamp;
  /** A context of your own (ids, tokens); `now` still applies. */
  readonly context?: Omit<CommandContext, 'now'>;
}

export interface Then {
  /** The events the command appends, checked as JSON (or by a function of yours); returns the state after. */
  then(expected: readonly EventBase[] | ((events: readonly EventBase[], state: OrgState) => void)): OrgState;
  /** The command is refused with this code (and a message matching `message`, if given). */
  thenRejects(code: number, message?: string | RegExp): DomainError;
  /** The command is accepted and appends nothing. */
  thenNothingHappened(): void;
}

export interface Given {
  /** The state the given events fold to. */
  readonly state: OrgState;
  when(command: CommandBase, options?: WhenOptions): Then;
}

export interface Spec {
  /** Folds the events (each checked: a refused one fails the test at once). */
  given(events: readonly EventBase[]): Given;
}

const show = (engine: Engine, events: readonly EventBase[]): string => JSON.stringify(events.map((e) => engine.encodeEvent(e)), null, 2);

/**
 * A given/when/then helper over an engine.
 * @example
 * const award: AwardPoints = { type: 'AwardPoints', entity, points: points('10') };
 * spec(coreEngine).given(history).when(award).thenRejects(816);
 */
export const spec = (engine: Engine): Spec => ({
  given: (events) => {
    const replayed = engine.replay(events);
    if (E.isLeft(replayed)) {
      throw new Error(`given event #${replayed.left.index} was refused: ${replayed.left.error.code} ${replayed.left.error.message}`);
    }
    const state = replayed.right;
    return {
      state,
      when: (command, options = {}) => {
        const now = options.now ?? (((state.lastAt ?? testEpoch) + 60_000) as Timestamp);
        const ctx: CommandContext = options.context === undefined ? testClock('when').at(now) : { ...options.context, now };
        const result = engine.execute(state, command, ctx);
        return {
          then: (expected) => {
            if (E.isLeft(result)) throw new Error(`expected events, but ${command.type} was refused: ${result.left.code} ${result.left.message}`);
            if (typeof expected === 'function') expected(result.right.events, result.right.state);
            else {
              const got = show(engine, result.right.events);
              const want = show(engine, expected);
              if (got !== want) throw new Error(`${command.type} appended\n${got}\nbut the test expected\n${want}`);
            }
            return result.right.state;
          },
          thenRejects: (code, message) => {
            if (E.isRight(result)) throw new Error(`expected refusal ${code}, but ${command.type} appended\n${show(engine, result.right.events)}`);
            const err = result.left;
            if (err.code !== code) throw new Error(`expected refusal ${code}, got ${err.code}: ${err.message}`);
            if (message !== undefined && !(typeof message === 'string' ? err.message === message : message.test(err.message)))
              throw new Error(`refusal ${code} has message ${JSON.stringify(err.message)}, expected ${String(message)}`);
            return err;
          },
          thenNothingHappened: () => {
            if (E.isLeft(result)) throw new Error(`expected nothing to happen, but ${command.type} was refused: ${result.left.code} ${result.left.message}`);
            if (result.right.events.length > 0) throw new Error(`expected nothing to happen, but ${command.type} appended\n${show(engine, result.right.events)}`);
          },
        };
      },
    };
  },
});
