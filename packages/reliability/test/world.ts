/**
 * What the reliability tests share: the whole engine, the world the model-based test runs over (the
 * testing kit's default world with smaller starting balances, so that wallets run dry), how big each
 * test runs in CI and under `npm run soak`, and a line for the figures each test prints.
 */
import * as E from 'fp-ts/Either';
import { EventBase, OrgState } from '@pointfold/core';
import { FullWorld, defaultWorld, fullEngine, toJsonl, worldSetup } from '@pointfold/testing';

export const engine = fullEngine;

/** `npm run soak` sets POINTFOLD_SOAK=1: every test then runs its soak size instead of its CI size. */
export const soak = process.env.POINTFOLD_SOAK === '1';

/** The CI size of a test, or its soak size. */
export const sized = (ci: number, soakSize: number): number => (soak ? soakSize : ci);

/**
 * Programs 765 (default) and 1414; customers c1..c5; every module's flags; a FLEET group g1 (primary c1;
 * c2 may redeem and transfer, c3 may redeem) and a FRIENDS_AND_FAMILY group g2 (primary c4; c5 may
 * transfer, not redeem); the kit's catalogue of brand BUKL (a fixed price, a conversion ratio, a VENDOR
 * reward, one for segment s1/p1 which c2 holds, one for card series GOLD which c3 holds, one limited to 3
 * issues in 2 days); 150 points for every customer and 300 for every group.
 */
export const modelWorld: FullWorld = { ...defaultWorld, startingPoints: { customers: '150', groups: '300' } };

export const modelSetup: readonly EventBase[] = worldSetup(modelWorld);

/** A log folded by the engine, every event checked (a fixture that does not replay is a broken test). */
export const replayOrThrow = (events: readonly EventBase[]): OrgState => {
  const r = engine.replay(events);
  if (E.isLeft(r)) throw new Error(`event #${r.left.index} refused: ${r.left.error.code} ${r.left.error.message}`);
  return r.right;
};

/** The JSONL text of events as the engine encodes them. */
export const jsonlOf = (events: readonly EventBase[]): string => toJsonl(engine, events);

/** Prints a test's figures on one line (docs/reliability.md quotes them). */
export const report = (name: string, figures: Record<string, unknown>): void => {
  console.info(`reliability: ${name}: ${JSON.stringify(figures)}`);
};
