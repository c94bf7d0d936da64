/**
 * Fixture logs built by the engine itself: commands executed in order at given times, so that a test's
 * `given` holds exactly what the engine would have appended (planned lots, expiries included).
 */
import * as E from 'fp-ts/Either';
import { Engine } from '../engine/engine';
import { CommandBase, EventBase } from '../engine/module';
import { OrgState } from '../engine/state';
import { Timestamp } from '../time/timestamp';
import { TestClock, testClock } from './context';

/** A command and the time it is executed at. */
export interface TimedCommand {
  readonly at: Timestamp;
  readonly command: CommandBase;
}

/**
 * The log of `setup` followed by the events of each command, executed in order. A refused setup
 * event or command throws: a fixture that does not build is a broken test, not a refusal to assert.
 * @example const { events } = logOf(coreEngine, worldEvents(smallWorld), [{ at, command: award }])
 */
export const logOf = (
  engine: Engine,
  setup: readonly EventBase[],
  commands: readonly TimedCommand[],
  clock: TestClock = testClock('fx'),
): { readonly events: readonly EventBase[]; readonly state: OrgState } => {
  const replayed = engine.replay(setup);
  if (E.isLeft(replayed)) throw new Error(`setup event #${replayed.left.index} refused: ${replayed.left.error.code} ${replayed.left.error.message}`);
  let state = replayed.right;
  const events: EventBase[] = [...setup];
  for (const [i, { at, command }] of commands.entries()) {
    const r = engine.execute(state, command, clock.at(at));
    if (E.isLeft(r)) throw new Error(`fixture command #${i} (${command.type}) refused: ${r.left.code} ${r.left.message}`);
    events.push(...r.right.events);
    state = r.right.state;
  }
  return { events, state };
};
