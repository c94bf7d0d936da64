/**
 * The lot rules the model-based tests hold the engine to, written once for the transfers model and the
 * whole-engine model (packages/reliability): which lots are live, the order a debit takes them in, what
 * a debit takes, and what a reversal gives back. Amounts are thousandths of a point, as bigints.
 */

/** A lot as a model keeps it. */
export interface LotOfModel {
  readonly id: string;
  readonly owner: string;
  readonly program: number;
  remaining: bigint;
  readonly expiresAt: number | undefined;
  /** Creation order (the engine's "oldest"). */
  readonly seq: number;
}

/** Points taken from, or given back to, one lot. */
export interface LotPart {
  readonly lotId: string;
  readonly points: bigint;
}

/** What a redemption took (in the order it took it), and what reversals gave back so far, per lot. */
export interface RedemptionOfModel {
  readonly took: readonly LotPart[];
  readonly given: ReadonlyMap<string, bigint>;
}

/** A lot holding points that has not expired at `now`. */
export const live = (now: number, l: LotOfModel): boolean => l.remaining > 0n && (l.expiresAt === undefined || l.expiresAt > now);

/** The live lots `keep` accepts, in the order a debit takes them: earliest expiry, then oldest, never-expiring last. */
export const debitOrder = <L extends LotOfModel>(lots: Iterable<L>, now: number, keep: (l: L) => boolean): L[] =>
  [...lots].filter((l) => keep(l) && live(now, l)).sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.seq - b.seq);

/** The parts a debit of `amount` takes from lots in debit order, without taking them. */
export const takeInOrder = (open: readonly LotOfModel[], amount: bigint): { lotId: string; points: bigint }[] => {
  const out: { lotId: string; points: bigint }[] = [];
  let left = amount;
  for (const l of open) {
    if (left === 0n) break;
    const take = l.remaining < left ? l.remaining : left;
    out.push({ lotId: l.id, points: take });
    left -= take;
  }
  return out;
};

/** What a reversal of `amount` gives back: the redemption's lots, newest expiry first (never-expiring first), then the last taken first. */
export const restoration = (
  lots: ReadonlyMap<string, Pick<LotOfModel, 'expiresAt'>>,
  red: RedemptionOfModel,
  amount: bigint,
): { lotId: string; points: bigint }[] => {
  const taken = red.took
    .map((t, order) => ({ ...t, order, expiresAt: lots.get(t.lotId)?.expiresAt ?? Infinity }))
    .sort((a, b) => b.expiresAt - a.expiresAt || b.order - a.order);
  const out: { lotId: string; points: bigint }[] = [];
  let need = amount;
  for (const l of taken) {
    if (need === 0n) break;
    const left = l.points - (red.given.get(l.lotId) ?? 0n);
    if (left <= 0n) continue;
    const give = left < need ? left : need;
    out.push({ lotId: l.lotId, points: give });
    need -= give;
  }
  return out;
};
