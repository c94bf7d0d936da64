/**
 * `pointfold explain FILE --customer TYPE:VALUE --program ID [--at ISO] [--json]`: which lots make up a
 * customer's (or a group's) balance in a program at a date, from which events, when each expires, and
 * what happened to each: a lot taken by a redemption, a transfer, a reward, a deduction or an expiry
 * names that event, and a lot received by a transfer names where it came from. The state keeps lots
 * but not their history, so the command gathers, while it folds, what each event did to the entity's
 * lots (the lots its movement names, and how much each one's content changed).
 */
import * as E from 'fp-ts/Either';
import {
  Engine,
  EventBase,
  OrgState,
  Points,
  PointsAmount,
  PointsAwarded,
  PointsCategory,
  PointsDeducted,
  PromisedPointsReleased,
  Timestamp,
  formatTimestamp,
  lotById,
  pointsCategories,
  programOf,
} from '@pointfold/core';
import { movementOf } from '@pointfold/core/testing';
import { PointsRedeemed } from '@pointfold/groups';
import { RewardIssued } from '@pointfold/rewards';
import { PointsRedemptionReversed, PointsTransferred } from '@pointfold/transfers';
import { ReplayIo, foldForCommand } from './replay';
import { printable } from './store/history';
import { exitOk } from './exit-codes';
import { entityHeading, readEntityOptions } from './balance';
import { EntityOption, FoundEntity, checkProgram, count, findEntity, formatTable, optionError, readProgramOption, readTimeOption, reportOptionError } from './lookup';

/** Options of the explain command. */
export interface ExplainOptions {
  readonly customer?: string;
  readonly group?: string;
  readonly program?: string;
  /** The date of the balance (default: the last event's time). */
  readonly at?: string;
  readonly json?: boolean;
}

/** What one event did to a lot. */
export interface LotMovement {
  readonly eventId: string;
  readonly eventType: string;
  readonly at: Timestamp;
  /** The change of the lot's content (negative: taken from it). */
  readonly points: PointsAmount;
  /** In words, naming the redemption, transfer, reward or reversal. */
  readonly what: string;
}

/** A lot's state at the date, and its story up to then (its creation first). */
export interface LotStory {
  readonly lotId: string;
  readonly pointsCategory: PointsCategory;
  readonly createdAt: Timestamp;
  readonly expiresAt?: Timestamp;
  readonly original: PointsAmount;
  /** What it held at the date. */
  readonly left: PointsAmount;
  /** `open`: counts in the balance; `spent`: empty; `expired`: its expiry had come (recorded or not). */
  readonly status: 'open' | 'spent' | 'expired';
  readonly movements: readonly LotMovement[];
}

/** What explain prints. */
export interface ExplainReport {
  readonly eventsRead: number;
  readonly entity: FoundEntity;
  readonly programId: number;
  readonly programName: string;
  readonly at: Timestamp;
  /** Per category the entity ever had a lot in (Main first): the balance (the open lots' sum) and its lots, oldest first. */
  readonly categories: readonly { readonly pointsCategory: PointsCategory; readonly balance: PointsAmount; readonly lots: readonly LotStory[] }[];
}

const entityText = (e: { readonly type: string; readonly id: string }): string => `${e.type} ${e.id}`;

/** What an event did to a lot, in words (`delta` is the change of the lot). */
export const describeLotMovement = (e: EventBase, lotId: string, delta: PointsAmount): string => {
  switch (e.type) {
    case 'PointsAwarded': {
      const a = e as PointsAwarded;
      const t = a.transaction?.number ?? a.transaction?.id;
      return `awarded (${a.eventName ?? 'TransactionAdd'}${t === undefined ? '' : `, transaction ${t}`}${a.till === undefined ? '' : `, till ${a.till.code}`})`;
    }
    case 'PromisedPointsReleased': {
      const r = e as PromisedPointsReleased;
      return r.lotId === lotId ? `released into lot ${r.id}` : `released from promised lot ${r.lotId}`;
    }
    case 'PointsExpired':
      return 'expired';
    case 'PointsDeducted': {
      const d = e as PointsDeducted;
      return `deducted (${d.eventName ?? 'PointsDeduction'}${d.reason === undefined ? '' : `: ${d.reason}`})`;
    }
    case 'PointsRedeemed': {
      const r = e as PointsRedeemed;
      return `redeemed: redemption ${r.redemptionId}${r.transactionNumber === undefined ? '' : `, transaction ${r.transactionNumber}`}${r.groupRedemption ? `, by member ${r.customerId}` : ''}`;
    }
    case 'PointsTransferred': {
      const t = e as PointsTransferred;
      if (Points.isNegative(delta)) return `transferred to ${entityText(t.to)}: transfer ${t.transferId}`;
      // Postings come in pairs: the source lot taken, then the receiver's new lot.
      const i = t.postings.findIndex((p) => p.lotId === lotId);
      const source = i > 0 ? t.postings[i - 1]?.lotId : undefined;
      return `transferred from ${entityText(t.from)}${source === undefined ? '' : ` (lot ${source})`}: transfer ${t.transferId}`;
    }
    case 'PointsRedemptionReversed': {
      const r = e as PointsRedemptionReversed;
      return `given back: reversal ${r.reversalId} of redemption ${r.redemptionId}`;
    }
    case 'RewardIssued': {
      const r = e as RewardIssued;
      return `paid reward ${r.rewardId}: issue ${r.issueId}${r.transactionNumber === undefined ? '' : `, transaction ${r.transactionNumber}`}`;
    }
    default:
      return e.type;
  }
};

/** What `lotGatherer` gives: the fold's hook, and the stories gathered so far (by lot id). */
export interface LotGatherer {
  readonly onEvent: (e: EventBase, line: number, s: OrgState) => void;
  readonly stories: () => ReadonlyMap<string, readonly LotMovement[]>;
}

/** Gathers, while a history folds, what each event did to the lots of one entity in one program. */
export const lotGatherer = (engine: Engine, option: EntityOption, programId: number): LotGatherer => {
  let target: string | undefined;
  const stories = new Map<string, LotMovement[]>();
  const seen = new Map<string, PointsAmount>();
  const onEvent = (e: EventBase, _line: number, s: OrgState): void => {
    if (target === undefined) {
      const found = findEntity(s, option);
      // Nothing of the entity can move before the event that made it.
      if (E.isLeft(found)) return;
      target = found.right.ref.id;
    }
    const m = movementOf(engine, e, s);
    if (m === undefined) return;
    const done = new Set<string>();
    for (const p of m.postings) {
      if (p.entityType !== option.kind || p.entityId !== target || p.programId !== programId || p.lotId === undefined || done.has(p.lotId)) continue;
      done.add(p.lotId);
      const lot = lotById(s.ledger, p.lotId);
      if (lot === undefined) continue;
      const delta = Points.sub(lot.remaining, seen.get(p.lotId) ?? Points.zero);
      seen.set(p.lotId, lot.remaining);
      const list = stories.get(p.lotId) ?? [];
      if (list.length > 0 && Points.isZero(delta)) continue;
      list.push({ eventId: e.id, eventType: e.type, at: e.at, points: delta, what: describeLotMovement(e, p.lotId, delta) });
      stories.set(p.lotId, list);
    }
  };
  return { onEvent, stories: () => stories };
};

/** The report of an entity's lots in a program at `at`, from the folded state and the gathered stories. */
export const explainReport = (
  s: OrgState,
  eventsRead: number,
  entity: FoundEntity,
  programId: number,
  at: Timestamp,
  stories: ReadonlyMap<string, readonly LotMovement[]>,
): ExplainReport => {
  const lots: (LotStory & { seq: number })[] = [];
  for (const [lotId, all] of stories) {
    const lot = lotById(s.ledger, lotId);
    if (lot === undefined || lot.createdAt > at) continue;
    const movements = all.filter((m) => m.at <= at);
    const left = Points.sum(movements.map((m) => m.points));
    // Recorded as expired; else spent; else expired by the date, its expiry not recorded yet (it counts for nothing).
    const status: LotStory['status'] =
      movements[movements.length - 1]?.eventType === 'PointsExpired'
        ? 'expired'
        : Points.isZero(left)
          ? 'spent'
          : lot.expiresAt !== undefined && lot.expiresAt <= at
            ? 'expired'
            : 'open';
    lots.push({
      lotId,
      pointsCategory: lot.pointsCategory,
      createdAt: lot.createdAt,
      ...(lot.expiresAt === undefined ? {} : { expiresAt: lot.expiresAt }),
      original: lot.original,
      left,
      status,
      movements,
      seq: lot.seq,
    });
  }
  lots.sort((a, b) => a.seq - b.seq);
  const categories = pointsCategories
    .map((pointsCategory) => {
      const mine = lots.filter((l) => l.pointsCategory === pointsCategory).map(({ seq: _seq, ...l }): LotStory => l);
      return { pointsCategory, balance: Points.sum(mine.filter((l) => l.status === 'open').map((l) => l.left)), lots: mine };
    })
    .filter((c) => c.lots.length > 0);
  return { eventsRead, entity, programId, programName: programOf(s.org, programId)?.name ?? '', at, categories };
};

/** A lot as `--json` prints it. */
export interface LotJson {
  readonly lotId: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly original: string;
  readonly left: string;
  readonly status: LotStory['status'];
  readonly movements: readonly { readonly eventId: string; readonly eventType: string; readonly at: string; readonly points: string; readonly what: string }[];
}

/** The `--json` document of explain. */
export interface ExplainJson {
  readonly eventsRead: number;
  readonly entityType: string;
  readonly entityId: string;
  readonly programId: number;
  readonly programName: string;
  readonly at: string;
  readonly categories: readonly { readonly pointsCategory: PointsCategory; readonly balance: string; readonly lots: readonly LotJson[] }[];
}

/** The `--json` document of a report. */
export const explainJson = (r: ExplainReport): ExplainJson => ({
  eventsRead: r.eventsRead,
  entityType: r.entity.ref.type,
  entityId: r.entity.ref.id,
  programId: r.programId,
  programName: r.programName,
  at: formatTimestamp(r.at),
  categories: r.categories.map((c) => ({
    pointsCategory: c.pointsCategory,
    balance: Points.format(c.balance),
    lots: c.lots.map((l) => ({
      lotId: l.lotId,
      createdAt: formatTimestamp(l.createdAt),
      expiresAt: l.expiresAt === undefined ? null : formatTimestamp(l.expiresAt),
      original: Points.format(l.original),
      left: Points.format(l.left),
      status: l.status,
      movements: l.movements.map((m) => ({ eventId: m.eventId, eventType: m.eventType, at: formatTimestamp(m.at), points: Points.format(m.points), what: m.what })),
    })),
  })),
});

/** The readable form: per category, each lot on a line and what happened to it below. */
export const formatExplainTable = (r: ExplainReport): string => {
  const head = `${entityHeading(r.entity)}, program ${r.programId}${r.programName === '' ? '' : ` (${printable(r.programName)})`}, at ${formatTimestamp(r.at)}\n`;
  const footer = `${count(r.eventsRead, 'event')} read.\n`;
  if (r.categories.length === 0) return `${head}\nNo lots in this program by then.\n${footer}`;
  const sections = r.categories.map((c) => {
    const open = c.lots.filter((l) => l.status === 'open').length;
    const rows = c.lots.flatMap((l) => [
      [printable(l.lotId), formatTimestamp(l.createdAt), Points.format(l.original), Points.format(l.left), l.expiresAt === undefined ? 'never' : formatTimestamp(l.expiresAt), l.status],
      ...l.movements.map((m) => [`  ${printable(m.eventId)}`, formatTimestamp(m.at), Points.format(m.points), '', '', printable(`${m.eventType}: ${m.what}`)]),
    ]);
    const table = formatTable(
      [{ header: 'LOT / EVENT' }, { header: 'AT' }, { header: 'POINTS', right: true }, { header: 'LEFT', right: true }, { header: 'EXPIRES' }, { header: 'STATUS / WHAT' }],
      rows,
    );
    return `${c.pointsCategory}: ${Points.format(c.balance)} in ${count(open, 'open lot')} (of ${count(c.lots.length, 'lot')})\n${table}\n`;
  });
  return `${head}\n${sections.join('\n')}\n${footer}`;
};

/**
 * Runs `pointfold explain`. Returns the exit status: 0, or 2 for bad input of any kind.
 * @example process.exitCode = await runExplain('history.jsonl', { customer: 'id:502522200', program: '1745' }, io, engine);
 */
export const runExplain = async (file: string, options: ExplainOptions, io: ReplayIo, engine: Engine): Promise<number> => {
  const entities = readEntityOptions(options);
  if (E.isLeft(entities)) return reportOptionError(io, 'explain', entities.left);
  const option = entities.right[0];
  if (option === undefined || entities.right.length > 1) return reportOptionError(io, 'explain', optionError('name one customer (--customer TYPE:VALUE) or one group (--group TYPE:VALUE), not both'));
  if (options.program === undefined) return reportOptionError(io, 'explain', optionError('give the program: --program ID'));
  const program = readProgramOption(options.program);
  if (E.isLeft(program)) return reportOptionError(io, 'explain', program.left);
  const at = options.at === undefined ? E.right(undefined) : readTimeOption('at', options.at);
  if (E.isLeft(at)) return reportOptionError(io, 'explain', at.left);
  const gather = lotGatherer(engine, option, program.right);
  const folded = await foldForCommand(file, io, engine, { onEvent: gather.onEvent });
  if (E.isLeft(folded)) return folded.left;
  const s = folded.right.state;
  const found = findEntity(s, option);
  if (E.isLeft(found)) return reportOptionError(io, 'explain', found.left);
  const known = checkProgram(s, program.right);
  if (E.isLeft(known)) return reportOptionError(io, 'explain', known.left);
  const report = explainReport(s, folded.right.eventsRead, found.right, program.right, at.right ?? (s.lastAt as Timestamp), gather.stories());
  io.out(options.json === true ? `${JSON.stringify(explainJson(report))}\n` : formatExplainTable(report));
  return exitOk;
};
