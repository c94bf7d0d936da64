/**
 * Replay is deterministic and lossless: the same log folds to the same state every time, by every
 * path (checked replay, bulk fold, the states `execute` returned, a replay resumed from a middle
 * state, a JSONL round trip), and folding onwards from a state never changes that state.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { EventBase, OrgState, Points as P, Timestamp, closingBalances, coreEngine } from '@pointfold/core';
import { CoreStep, arbCoreStep, canonicalState, runCoreSteps, smallWorld, testClock, toJsonl } from '@pointfold/core/testing';
import { awarded, cmd, customer } from './fixtures';

const engine = coreEngine;
const numRuns = 200;
const steps: fc.Arbitrary<CoreStep[]> = fc.array(arbCoreStep(smallWorld), { maxLength: 60, size: 'medium' });

const replayed = (events: readonly EventBase[], from?: OrgState): OrgState => {
  const r = engine.replay(events, from);
  if (E.isLeft(r)) throw new Error(`event #${r.left.index} refused: ${r.left.error.code} ${r.left.error.message}`);
  return r.right;
};
const balancesText = (s: OrgState, at: Timestamp): string[] => closingBalances(s.ledger, at).map((b) => `${b.entityId}|${b.programId}|${b.pointsCategory}|${P.format(b.closingBalance)}`);

describe('determinism', () => {
  test('the same history replayed twice gives deep-equal state', () => {
    fc.assert(
      fc.property(steps, fc.nat(), (ss, cut) => {
        const h = runCoreSteps(engine, smallWorld, ss);
        const once = replayed(h.events);
        const twice = replayed(h.events);
        const k = cut % (h.events.length + 1);
        const resumed = replayed(h.events.slice(k), replayed(h.events.slice(0, k)));
        const want = canonicalState(once);
        expect(canonicalState(twice)).toBe(want);
        expect(canonicalState(engine.fold(h.events))).toBe(want);
        expect(canonicalState(h.state)).toBe(want);
        expect(canonicalState(resumed)).toBe(want);
        const at = (h.state.lastAt ?? 0) as Timestamp;
        const later = (at + 90 * 86_400_000) as Timestamp;
        expect([balancesText(twice, at), balancesText(twice, later)]).toEqual([balancesText(once, at), balancesText(once, later)]);
      }),
      { numRuns },
    );
  });

  test('a history encoded to JSONL and decoded line by line replays to the same state', () => {
    fc.assert(
      fc.property(steps, (ss) => {
        const h = runCoreSteps(engine, smallWorld, ss);
        const text = toJsonl(engine, h.events);
        expect(text.endsWith('\n')).toBe(true);
        const lines = text.slice(0, -1).split('\n');
        expect(lines).toHaveLength(h.events.length);
        const events = lines.map((line, i) => {
          const r = engine.decodeEvent(JSON.parse(line));
          if (E.isLeft(r)) throw new Error(`line ${i + 1} does not decode: ${r.left}`);
          // Written canonically: the decoded event writes back to the very same line.
          expect(JSON.stringify(engine.encodeEvent(r.right))).toBe(line);
          return r.right;
        });
        expect(canonicalState(replayed(events))).toBe(canonicalState(replayed(h.events)));
      }),
      { numRuns },
    );
  });
});

describe('persistence', () => {
  test('every state stays as it was when events are folded onwards from it, on any branch', () => {
    fc.assert(
      fc.property(steps, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 500 }), (ss, picks, amount) => {
        const h = runCoreSteps(engine, smallWorld, ss, { keepStates: true });
        const states = h.states ?? [];
        if (states.length === 0) return;
        const setupLength = h.events.length - states.length;
        const picked = [...new Set(picks.map((p) => p % states.length))];
        const before = picked.map((k) => canonicalState(states[k] as OrgState));
        const clock = testClock('branch');
        for (const k of picked) {
          const s = states[k] as OrgState;
          // The rest of the log, from this state: the same end as the history's.
          expect(canonicalState(engine.fold(h.events.slice(setupLength + k + 1), s))).toBe(canonicalState(h.state));
          // Another branch from the same state: an award and a deduction that the log never had.
          const now = ((s.lastAt ?? 0) + 86_400_000) as Timestamp;
          for (const c of [
            cmd({ type: 'AwardPoints', entity: customer('c1'), points: P.points(String(amount)) }),
            cmd({ type: 'DeductPoints', entity: customer('c2'), points: P.points(String(amount)) }),
            cmd({ type: 'ExpirePoints' }),
          ]) {
            const r = engine.execute(s, c, clock.at(now));
            if (E.isRight(r)) engine.fold([awarded(`x-${k}`, now, 'c3', '1')], r.right.state);
          }
        }
        expect(picked.map((k) => canonicalState(states[k] as OrgState))).toEqual(before);
      }),
      { numRuns },
    );
  });
});
