/**
 * Commands against a given state: the kit's steps over the world the state holds (`worldOf`), so they
 * name its programs, customers, groups, rewards, promised lots and redemptions. The engine may still
 * refuse some for business reasons (a balance too small, a permission missing), which is what a
 * property about refusals wants too.
 */
import fc from 'fast-check';
import { CommandBase, OrgState, Timestamp } from '@pointfold/core';
import { testEpoch } from '@pointfold/core/testing';
import { StepWeights, arbStep, commandsOf } from './steps';
import { worldOf } from './world';

export interface CommandsAgainstOptions {
  /** The commands' time (default: a minute after the state's last event). */
  readonly now?: Timestamp;
  readonly weights?: StepWeights;
}

/**
 * The commands of one step against a state, to execute in order at `now` (never empty: a customer
 * transfer is two, a code issued then used, run them with `kitClock`; the rest one).
 * @example
 * fc.assert(fc.property(arbCommandsAgainst(state), (commands) => {
 *   const [first] = commands; // never empty
 *   const r = fullEngine.execute(state, first ?? fail(), kitClock().at(now));
 *   if (E.isLeft(r)) expect(canonicalState(state)).toBe(before); // a refusal changes nothing
 * }));
 */
export const arbCommandsAgainst = (s: OrgState, o: CommandsAgainstOptions = {}): fc.Arbitrary<CommandBase[]> => {
  const w = worldOf(s);
  const now = o.now ?? (((s.lastAt ?? testEpoch) + 60_000) as Timestamp);
  return arbStep(w, o.weights)
    .map((st) => commandsOf(w, s, st, now))
    .filter((cs) => cs.length > 0);
};
