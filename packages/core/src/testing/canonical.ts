/**
 * A canonical dump of a folded state, for tests that compare two states by what they hold rather
 * than by identity or internal layout: persistent maps become objects with sorted keys, vectors and
 * queues become arrays, amounts become their exact text. Two replays of one log give the same dump.
 */
import { canonicalValue } from '../collections';
import { OrgState } from '../engine/state';

/**
 * The canonical JSON text of a state (version, time, event ids, reference data, ledger and every
 * slice). Compare two of them with `toBe`/`toEqual`.
 * @example expect(canonicalState(replayTwice)).toBe(canonicalState(replayOnce))
 */
export const canonicalState = (s: OrgState): string =>
  JSON.stringify(
    canonicalValue({ version: s.version, lastAt: s.lastAt, eventIds: s.eventIds, org: s.org, ledger: s.ledger, slices: s.slices }),
  );
