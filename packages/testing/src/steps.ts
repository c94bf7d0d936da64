/**
 * The step model of generated histories over every module. A step is a small value (indexes into a
 * world, amounts, choices) that prints well when a property fails; `commandsOf` turns it into the
 * commands it means in a state, and the real engine decides them. Each kind of step has an arbitrary
 * whose field distributions a test may replace (`arbRedeemSpec(world, { points: ... })`), so a package
 * tunes the mix to what it tests without writing a step model of its own.
 */
import fc from 'fast-check';
import {
  CommandBase,
  ConfigPatch,
  OrgFlag,
  OrgState,
  Points,
  PointsAmount,
  PointsCategory,
  Timestamp,
  addDays,
  getSlice,
} from '@pointfold/core';
import { CoreStep, arbCoreStep, arbPoints, arbWholePoints, coreCommandOf } from '@pointfold/core/testing';
import { GroupIdentifiers, RedemptionRequest, activeMembers, groupOf, redemptionOf, redemptionsSlice } from '@pointfold/groups';
import { AssignCustomerSegments, DefineReward, IssueCard, IssueReward, Membership, VendorAnswer } from '@pointfold/rewards';
import { TransferEntityInput, reversibleOf } from '@pointfold/transfers';
import { FullWorld, GroupSpec, asCommand, customerMobile } from './world';

/** The code every one-time code of a kit run is (`kitClock`): a step that has a code issued uses it. */
export const kitOtp = '424242';

/** How a redemption request names its group: not at all, by one identifier, one that names nothing, or two that disagree. */
export type GroupIdKind = 'none' | 'groupId' | 'externalId' | 'primaryUserId' | 'primaryUserMobile' | 'unknown' | 'mixed';

/** A redemption request, by indexes into a world. */
export interface RedeemSpec {
  readonly customer: number;
  /** `member`: the initiator is the `customer`-th active member of the group named (when the state is known). */
  readonly initiator: 'any' | 'member';
  readonly idKind: GroupIdKind;
  readonly group: number;
  readonly otherGroup: number;
  readonly program: number;
  readonly points: PointsAmount;
  /** A transaction number `bill-N` (a small pool, so that reverts by number find several). */
  readonly transaction?: number;
}

/** A reward issue request, by indexes and choices. */
export interface IssueSpec {
  readonly customer: number;
  readonly reward: number;
  /** Which payment configuration the request names: none, the reward's first or second (its only one if it has one), or one it does not have. */
  readonly config: 'none' | 'first' | 'second' | 'bogus';
  readonly quantity?: number | string;
  readonly redemptionValue?: number | string;
  readonly group: 'none' | 'groupId' | 'externalId' | 'primaryUserId' | 'unknown';
  readonly vendor: 'voucher' | 'failure' | 'none';
  /** A request id from a small pool, so that retries and reused ids happen. */
  readonly requestId?: string;
  readonly program: number;
}

/** A step of a generated history: the core's steps, and one kind per command of the other modules. */
export type Step =
  | CoreStep
  | { readonly kind: 'groupAward'; readonly group: number; readonly program?: number; readonly category?: PointsCategory; readonly points: PointsAmount; readonly expiresInDays?: number }
  | { readonly kind: 'join'; readonly group: number; readonly customer: number; readonly redeem?: boolean; readonly transfer?: boolean }
  | { readonly kind: 'leave'; readonly group: number; readonly customer: number }
  | { readonly kind: 'flags'; readonly flags: { readonly [F in OrgFlag]?: boolean } }
  | { readonly kind: 'limits'; readonly minPoints?: PointsAmount; readonly maxPoints?: PointsAmount; readonly multipleOf?: PointsAmount }
  | { readonly kind: 'issueCode'; readonly customer: number }
  | { readonly kind: 'redeem'; readonly spec: RedeemSpec }
  | { readonly kind: 'groupTransfer'; readonly from: number; readonly to: number; readonly by: number; readonly program: number; readonly points: PointsAmount }
  | { readonly kind: 'customerTransfer'; readonly from: number; readonly to: number; readonly program: number; readonly points: PointsAmount; readonly wrongCode: boolean }
  | { readonly kind: 'reverse'; readonly pick: number; readonly percent?: number }
  | { readonly kind: 'revert'; readonly transaction: number }
  | { readonly kind: 'issue'; readonly spec: IssueSpec }
  | { readonly kind: 'segments'; readonly customer: number; readonly inSegment: boolean }
  | { readonly kind: 'reprice'; readonly reward: number; readonly points: PointsAmount }
  | { readonly kind: 'card'; readonly customer: number; readonly active: boolean };

export type StepKind = Step['kind'];

/** Arbitraries that replace some fields' defaults. */
export type FieldArbs<T> = { readonly [K in keyof T]?: fc.Arbitrary<T[K]> };

type Of<K extends StepKind> = Extract<Step, { readonly kind: K }>;
type Fields<K extends StepKind> = Omit<Of<K>, 'kind'>;

const last = (n: number): number => Math.max(0, n - 1);
/** A program index, the default program three times in four (where the starting points are). */
export const firstMostly: fc.Arbitrary<number> = fc.constantFrom(0, 0, 0, 1);
const mostlyOn = fc.constantFrom(true, true, true, false);

const entitiesCount = (w: FullWorld): number => w.customers.length + (w.groups?.length ?? 0);
const groupsCount = (w: FullWorld): number => w.groups?.length ?? 0;

/** A step of one kind from its fields' arbitraries (fields missing from `required` may be left out). */
const step = <K extends StepKind>(
  kind: K,
  fields: { readonly [F in keyof Fields<K>]-?: fc.Arbitrary<Fields<K>[F]> },
  required?: readonly (keyof Fields<K>)[],
): fc.Arbitrary<Of<K>> => {
  const model: Record<string, fc.Arbitrary<unknown>> = { kind: fc.constant(kind), ...(fields as Record<string, fc.Arbitrary<unknown>>) };
  const arb = required === undefined ? fc.record(model) : fc.record(model, { requiredKeys: ['kind', ...(required as readonly string[])] });
  // The record holds `kind` and one arbitrary per field of that kind of step: it is that member of the union.
  return arb as unknown as fc.Arbitrary<Of<K>>;
};

/** An award to a group's wallet (default: any group, any program mostly the first, promised one time in four, up to 1000 points, an expiry of 1 to 60 days or none). */
export const arbGroupAwardStep = (w: FullWorld, o: FieldArbs<Fields<'groupAward'>> = {}): fc.Arbitrary<Of<'groupAward'>> =>
  step(
    'groupAward',
    {
      group: fc.nat(last(groupsCount(w))),
      program: firstMostly,
      category: fc.constantFrom<PointsCategory>('Main', 'Main', 'Main', 'DelayedAccrualPointCategory'),
      points: arbPoints(1000),
      expiresInDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      ...o,
    },
    ['group', 'program', 'category', 'points'],
  );

/** An award to a customer in the default program's Main category (up to 300 points), without expiry. */
export const arbCustomerAwardStep = (w: FullWorld, o: { readonly points?: fc.Arbitrary<PointsAmount> } = {}): fc.Arbitrary<CoreStep> =>
  fc.record({ customer: fc.nat(last(w.customers.length)), points: o.points ?? arbPoints(300) }).map(({ customer, points }): CoreStep => ({ kind: 'award', customer, program: 0, category: 'Main', points }));

/** A customer joins a group (default: any group, any customer, with or without the redeem permission). */
export const arbJoinStep = (w: FullWorld, o: FieldArbs<Fields<'join'>> = {}): fc.Arbitrary<Of<'join'>> =>
  step('join', { group: fc.nat(last(groupsCount(w))), customer: fc.nat(last(w.customers.length)), redeem: fc.boolean(), transfer: fc.constant(undefined), ...o }, ['group', 'customer', 'redeem']);

/** A customer leaves a group. */
export const arbLeaveStep = (w: FullWorld, o: FieldArbs<Fields<'leave'>> = {}): fc.Arbitrary<Of<'leave'>> =>
  step('leave', { group: fc.nat(last(groupsCount(w))), customer: fc.nat(last(w.customers.length)), ...o });

/** The group redemption flags, each on three times in four. */
export const arbFlagsStep = (): fc.Arbitrary<Of<'flags'>> =>
  fc
    .record({ ENABLE_USER_GROUP_LOYALTY: mostlyOn, ENABLE_GROUP_PROGRAMS_REDEMPTION: mostlyOn, ENABLE_FLEET_LOYALTY: mostlyOn })
    .map((flags) => ({ kind: 'flags' as const, flags }));

/** The organisation's redemption limits (each maybe: minimum 0.5 to 3, maximum 40 to 200, unit 0.001 to 5). */
export const arbLimitsStep = (): fc.Arbitrary<Of<'limits'>> =>
  step(
    'limits',
    {
      minPoints: fc.constantFrom('0.5', '1', '3').map(Points.points),
      maxPoints: fc.constantFrom('40', '55', '200').map(Points.points),
      multipleOf: fc.constantFrom('0.001', '0.5', '1', '5').map(Points.points),
    },
    [],
  );

/** A redemption code issued to a customer. */
export const arbIssueCodeStep = (w: FullWorld): fc.Arbitrary<Of<'issueCode'>> =>
  step('issueCode', { customer: fc.nat(last(w.customers.length)) });

/**
 * A redemption request (default: any customer, as themselves or as a member, naming the group in every
 * way, mostly by id or not at all; mostly the first program; up to 60 points, often whole; no transaction number).
 */
export const arbRedeemSpec = (w: FullWorld, o: FieldArbs<RedeemSpec> = {}): fc.Arbitrary<RedeemSpec> =>
  fc.record(
    {
      customer: fc.nat(last(w.customers.length)),
      initiator: fc.constantFrom<RedeemSpec['initiator']>('any', 'member'),
      idKind: fc.constantFrom<GroupIdKind>('none', 'none', 'none', 'groupId', 'groupId', 'groupId', 'externalId', 'externalId', 'primaryUserId', 'primaryUserMobile', 'unknown', 'mixed'),
      group: fc.nat(last(groupsCount(w))),
      otherGroup: fc.nat(last(groupsCount(w))),
      program: firstMostly,
      points: fc.oneof(arbPoints(60), arbWholePoints(60)),
      transaction: fc.constant(undefined),
      ...o,
    },
    { requiredKeys: ['customer', 'initiator', 'idKind', 'group', 'otherGroup', 'program', 'points'] },
  );

/** A redemption (see `arbRedeemSpec`). */
export const arbRedeemStep = (w: FullWorld, o: FieldArbs<RedeemSpec> = {}): fc.Arbitrary<Of<'redeem'>> => arbRedeemSpec(w, o).map((spec) => ({ kind: 'redeem' as const, spec }));

/** Whole points mostly (transfers refuse fractions: 807), up to 60. */
export const arbTransferAmount: fc.Arbitrary<PointsAmount> = fc.oneof({ weight: 5, arbitrary: arbWholePoints(60) }, { weight: 1, arbitrary: arbPoints(60) });

/** A group endpoint transfer between any two entities (customers, then groups), by the one who may half the time. */
export const arbGroupTransferStep = (w: FullWorld, o: FieldArbs<Fields<'groupTransfer'>> = {}): fc.Arbitrary<Of<'groupTransfer'>> =>
  step('groupTransfer', {
    from: fc.nat(last(entitiesCount(w))),
    to: fc.nat(last(entitiesCount(w))),
    by: fc.nat(last(w.customers.length)),
    program: firstMostly,
    points: arbTransferAmount,
    ...o,
  });

/** A customer-to-customer transfer with a code: issued, then used (or mistyped). */
export const arbCustomerTransferStep = (w: FullWorld, o: FieldArbs<Fields<'customerTransfer'>> = {}): fc.Arbitrary<Of<'customerTransfer'>> =>
  step('customerTransfer', {
    from: fc.nat(last(w.customers.length)),
    to: fc.nat(last(w.customers.length)),
    program: firstMostly,
    points: arbTransferAmount,
    wrongCode: fc.boolean(),
    ...o,
  });

/** A reversal of a redemption made before: all that is left, or a share of it (above 100%: more than is left, 810). */
export const arbReverseStep = (o: FieldArbs<Fields<'reverse'>> = {}): fc.Arbitrary<Of<'reverse'>> =>
  step('reverse', { pick: fc.nat(), percent: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }), ...o }, ['pick']);

/** A revert by transaction number (`bill-0` to `bill-2`). */
export const arbRevertStep = (o: FieldArbs<Fields<'revert'>> = {}): fc.Arbitrary<Of<'revert'>> => step('revert', { transaction: fc.nat(2), ...o });

/** A quantity as a client may send it: whole, with decimals, as text, or out of range. */
export const arbQuantity: fc.Arbitrary<number | string | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 99 })).map(([w, f]) => w + f / 100) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 999 })).map(([w, f]) => `${w}.${f}`) },
  { weight: 1, arbitrary: fc.constantFrom(0, 0.5, -2, 'x') },
);

/** A redemption value: a whole number or a decimal text, sometimes absent. */
export const arbRedemptionValue: fc.Arbitrary<number | string | undefined> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 60 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 999 })).map(([w, f]) => `${w}.${String(f).padStart(3, '0')}`) },
);

/**
 * A reward issue request (default: any customer and reward, the payment configuration named or not,
 * quantities and redemption values as clients send them, sometimes for a group, the vendor answering
 * mostly with a voucher, half of them with a request id from a pool of ten, mostly the default program).
 */
export const arbIssueSpec = (w: FullWorld, o: FieldArbs<IssueSpec> = {}): fc.Arbitrary<IssueSpec> =>
  fc.record(
    {
      customer: fc.nat(last(w.customers.length)),
      reward: fc.nat(last(w.rewards?.length ?? 0)),
      config: fc.constantFrom<IssueSpec['config']>('none', 'none', 'none', 'none', 'first', 'first', 'second', 'bogus'),
      quantity: arbQuantity,
      redemptionValue: arbRedemptionValue,
      group: fc.constantFrom<IssueSpec['group']>('none', 'none', 'none', 'none', 'none', 'none', 'groupId', 'externalId', 'primaryUserId', 'unknown'),
      vendor: fc.constantFrom<IssueSpec['vendor']>('voucher', 'voucher', 'voucher', 'voucher', 'failure', 'none'),
      requestId: fc.option(fc.constantFrom('q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10'), { nil: undefined, freq: 2 }),
      program: fc.constantFrom(0, 0, 0, 0, 0, 1),
      ...o,
    },
    { requiredKeys: ['customer', 'reward', 'config', 'group', 'vendor', 'program'] },
  );

/** A reward issue (see `arbIssueSpec`). */
export const arbIssueStep = (w: FullWorld, o: FieldArbs<IssueSpec> = {}): fc.Arbitrary<Of<'issue'>> => arbIssueSpec(w, o).map((spec) => ({ kind: 'issue' as const, spec }));

/** A customer put in the catalogue's first segment, or out of it. */
export const arbSegmentsStep = (w: FullWorld): fc.Arbitrary<Of<'segments'>> =>
  step('segments', { customer: fc.nat(last(w.customers.length)), inSegment: fc.boolean() });

/** A reward repriced: redefined with a fixed price of 1 to 90 points (default: the first reward). */
export const arbRepriceStep = (o: FieldArbs<Fields<'reprice'>> = {}): fc.Arbitrary<Of<'reprice'>> =>
  step('reprice', { reward: fc.constant(0), points: arbWholePoints(90), ...o });

/** A card of the catalogue's card series issued to a customer, active or blocked. */
export const arbCardStep = (w: FullWorld): fc.Arbitrary<Of<'card'>> =>
  step('card', { customer: fc.nat(last(w.customers.length)), active: fc.constantFrom(true, true, false) });

/** Weights of the kinds of step in `arbStep` (`core`: the core's awards, deductions, releases and time passing). */
export type StepWeights = { readonly [K in Exclude<StepKind, CoreStep['kind']> | 'core']?: number };

/** The default mix of `arbStep`. */
export const defaultStepWeights: StepWeights = {
  core: 8,
  groupAward: 2,
  join: 2,
  leave: 1,
  flags: 1,
  limits: 1,
  issueCode: 1,
  redeem: 5,
  groupTransfer: 4,
  customerTransfer: 3,
  reverse: 3,
  revert: 1,
  issue: 4,
  segments: 1,
  reprice: 1,
  card: 1,
};

/**
 * Steps over a world, every module's kinds in `weights` (default `defaultStepWeights`; a weight of 0
 * leaves a kind out). Kinds the world cannot use (group steps without groups, reward steps without a
 * catalogue) are left out.
 * @example fc.array(arbStep(defaultWorld), { maxLength: 40 })
 */
export const arbStep = (w: FullWorld, weights: StepWeights = defaultStepWeights): fc.Arbitrary<Step> => {
  const hasGroups = groupsCount(w) > 0;
  const hasRewards = (w.rewards?.length ?? 0) > 0;
  const kinds: { readonly weight: number | undefined; readonly ok: boolean; readonly arb: () => fc.Arbitrary<Step> }[] = [
    { weight: weights.core, ok: true, arb: () => arbCoreStep(w) },
    { weight: weights.groupAward, ok: hasGroups, arb: () => arbGroupAwardStep(w) },
    { weight: weights.join, ok: hasGroups, arb: () => arbJoinStep(w) },
    { weight: weights.leave, ok: hasGroups, arb: () => arbLeaveStep(w) },
    { weight: weights.flags, ok: true, arb: () => arbFlagsStep() },
    { weight: weights.limits, ok: true, arb: () => arbLimitsStep() },
    { weight: weights.issueCode, ok: true, arb: () => arbIssueCodeStep(w) },
    { weight: weights.redeem, ok: true, arb: () => arbRedeemStep(w, { transaction: fc.option(fc.nat(2), { nil: undefined }) }) },
    { weight: weights.groupTransfer, ok: true, arb: () => arbGroupTransferStep(w) },
    { weight: weights.customerTransfer, ok: true, arb: () => arbCustomerTransferStep(w) },
    { weight: weights.reverse, ok: true, arb: () => arbReverseStep() },
    { weight: weights.revert, ok: true, arb: () => arbRevertStep() },
    { weight: weights.issue, ok: hasRewards, arb: () => arbIssueStep(w) },
    { weight: weights.segments, ok: hasRewards, arb: () => arbSegmentsStep(w) },
    { weight: weights.reprice, ok: hasRewards, arb: () => arbRepriceStep({ reward: fc.nat(last(w.rewards?.length ?? 0)) }) },
    { weight: weights.card, ok: hasRewards, arb: () => arbCardStep(w) },
  ];
  const chosen = kinds.filter((k) => k.ok && (k.weight ?? 0) > 0).map((k) => ({ weight: k.weight ?? 0, arbitrary: k.arb() }));
  return chosen.length === 0 ? arbCoreStep(w) : fc.oneof(...chosen);
};

const at = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);

/** A world's entity by index: its customers first, then its groups. */
export const entityAt = (w: FullWorld, i: number): { readonly type: 'CUSTOMER' | 'USERGROUP2'; readonly id: string } => {
  const all = [...w.customers.map((id) => ({ type: 'CUSTOMER' as const, id })), ...(w.groups ?? []).map((g) => ({ type: 'USERGROUP2' as const, id: g.groupId }))];
  return at(all, i) ?? { type: 'CUSTOMER', id: '' };
};

/** The transfer endpoint's form of a world's entity, by index. */
export const entityInput = (w: FullWorld, i: number): TransferEntityInput => {
  const e = entityAt(w, i);
  return { type: e.type, identifierType: 'id', identifierValue: e.id };
};

const groupAt = (w: FullWorld, i: number): GroupSpec | undefined => at(w.groups ?? [], i);

/** The group identifiers a redemption spec names (undefined: an individual redemption). */
export const groupIdsOf = (w: FullWorld, spec: RedeemSpec): GroupIdentifiers | undefined => {
  const g = groupAt(w, spec.group);
  const other = groupAt(w, spec.otherGroup);
  switch (spec.idKind) {
    case 'none':
      return undefined;
    case 'groupId':
      return { groupId: g?.groupId ?? 'g-none' };
    case 'externalId':
      return g?.externalId === undefined ? { groupId: g?.groupId ?? 'g-none' } : { externalId: g.externalId };
    case 'primaryUserId':
      return { primaryUserId: g?.primary ?? 'nobody' };
    case 'primaryUserMobile':
      return { primaryUser: { identifierType: 'mobile', identifierValue: customerMobile(w, g?.primary ?? '') } };
    case 'unknown':
      return { groupId: `${g?.groupId ?? 'g'}-unknown` };
    case 'mixed':
      return other?.externalId === undefined ? { groupId: g?.groupId ?? 'g-none', primaryUserId: other?.primary ?? 'nobody' } : { groupId: g?.groupId ?? 'g-none', externalId: other.externalId };
  }
};

/** The initiator of a spec: a customer of the world, or an active member of the group it names. */
const initiatorOf = (w: FullWorld, spec: RedeemSpec, s: OrgState | undefined): string => {
  const anyone = at(w.customers, spec.customer) ?? '';
  if (spec.initiator === 'any' || s === undefined) return anyone;
  const g = groupOf(s, groupAt(w, spec.group)?.groupId ?? '');
  const members = g === undefined ? [] : activeMembers(g);
  return at(members, spec.customer)?.userId ?? anyone;
};

/** The transaction number of a redeem spec's `transaction`. */
export const transactionOf = (i: number): string => `bill-${i}`;

/**
 * The request of a redemption spec in a state (validation skipped: the world's organisation allows it
 * unless a step said otherwise), changed by `o`.
 */
export const redeemRequestOf = (w: FullWorld, spec: RedeemSpec, s?: OrgState, o: Partial<RedemptionRequest> = {}): RedemptionRequest => {
  const ids = groupIdsOf(w, spec);
  const programId = at(w.programs, spec.program);
  return {
    customer: { type: 'id', value: initiatorOf(w, spec, s) },
    points: spec.points,
    ...(programId === undefined ? {} : { programId }),
    ...(ids === undefined ? {} : { group: ids }),
    ...(spec.transaction === undefined ? {} : { transactionNumber: transactionOf(spec.transaction) }),
    skipValidation: true,
    ...o,
  };
};

const vendorAnswerOf = (spec: IssueSpec): VendorAnswer | undefined =>
  spec.vendor === 'voucher' ? { voucher: `V-${spec.customer}-${spec.reward}` } : spec.vendor === 'failure' ? { failure: 'vendor down' } : undefined;

/**
 * The IssueReward of a spec (undefined in a world without rewards). The vendor's answer goes only with
 * a VENDOR reward (what the HTTP layer does after `planRewardIssue`), unless `o.vendorAlways`.
 */
export const issueRequestOf = (w: FullWorld, spec: IssueSpec, o: { readonly vendorAlways?: boolean } = {}): IssueReward | undefined => {
  const reward = at(w.rewards ?? [], spec.reward);
  if (reward === undefined) return undefined;
  const configs = reward.paymentConfigs;
  const configId = spec.config === 'first' ? configs[0]?.id : spec.config === 'second' ? (configs[1] ?? configs[0])?.id : spec.config === 'bogus' ? 999 : undefined;
  const vendor = reward.fulfillment === 'VENDOR' || o.vendorAlways === true ? vendorAnswerOf(spec) : undefined;
  // A redemption value goes with a conversion ratio (on a fixed price it is 12016, which 'bogus' ids exercise enough).
  const chosen = spec.config === 'second' ? (configs[1] ?? configs[0]) : configs[0];
  const payment = {
    ...(configId === undefined ? {} : { id: configId }),
    ...(spec.redemptionValue === undefined || chosen?.mode !== 'CONV_RATIO' ? {} : { redemptionValue: spec.redemptionValue }),
  };
  const g = groupAt(w, 0);
  const programId = at(w.programs, spec.program);
  return {
    type: 'IssueReward',
    rewardId: reward.rewardId,
    brand: reward.brand,
    mobile: customerMobile(w, at(w.customers, spec.customer) ?? ''),
    ...(spec.quantity === undefined ? {} : { quantity: spec.quantity }),
    ...(Object.keys(payment).length === 0 ? {} : { paymentConfig: payment }),
    ...(spec.group === 'groupId' ? { userGroup2Id: g?.groupId ?? 'g-none' } : {}),
    ...(spec.group === 'externalId' ? { user_group2_external_id: g?.externalId ?? 'x-none' } : {}),
    ...(spec.group === 'primaryUserId' ? { user_group2_primary_user_id: g?.primary ?? 'nobody' } : {}),
    ...(spec.group === 'unknown' ? { userGroup2Id: 'g-unknown' } : {}),
    ...(spec.requestId === undefined ? {} : { requestId: spec.requestId }),
    ...(spec.program === 0 || programId === undefined ? {} : { programId }),
    ...(vendor === undefined ? {} : { vendor }),
  };
};

/** The redemptions of a state, oldest first (what a reverse step picks from). */
export const redemptionIdsOf = (s: OrgState): string[] =>
  [...getSlice(s, redemptionsSlice).byId.values()].sort((a, b) => a.at - b.at || (a.redemptionId < b.redemptionId ? -1 : 1)).map((r) => r.redemptionId);

/** The customer a group step's transfer is made by: when `by` is even the one who may (the source customer, the group's primary user), else anyone. */
const transferredByOf = (w: FullWorld, from: number, by: number): string => {
  const e = entityAt(w, from);
  if (by % 2 === 0) return e.type === 'CUSTOMER' ? e.id : ((w.groups ?? []).find((g) => g.groupId === e.id)?.primary ?? at(w.customers, by) ?? '');
  return at(w.customers, by) ?? '';
};

/** The first (segment, partition) pair of a world's catalogue (s1/p1 when none names one). */
const segmentOf = (w: FullWorld): Membership => (w.rewards ?? []).flatMap((r) => r.segments ?? [])[0] ?? { segment: 's1', partition: 'p1' };

/**
 * The commands a step means in a state at `now`, to execute in order (none for a step that only moves time).
 * @example for (const c of commandsOf(world, state, step, now)) state = run(state, c)
 */
export const commandsOf = (w: FullWorld, s: OrgState, st: Step, now: Timestamp): CommandBase[] => {
  switch (st.kind) {
    case 'award':
    case 'deduct':
    case 'release':
    case 'advance': {
      const c = coreCommandOf(w, s, st, now);
      return c === undefined ? [] : [c];
    }
    case 'groupAward': {
      const g = groupAt(w, st.group);
      if (g === undefined) return [];
      const programId = st.program === undefined ? undefined : at(w.programs, st.program);
      return [
        {
          type: 'AwardPoints',
          entity: { type: 'USERGROUP2', id: g.groupId },
          ...(programId === undefined ? {} : { programId }),
          ...(st.category === undefined ? {} : { pointsCategory: st.category }),
          points: st.points,
          ...(st.expiresInDays === undefined ? {} : { expiresAt: addDays(now, st.expiresInDays) }),
        } as CommandBase,
      ];
    }
    case 'join': {
      const g = groupAt(w, st.group);
      if (g === undefined) return [];
      const permissions = { ...(st.redeem === undefined ? {} : { redeem: st.redeem }), ...(st.transfer === undefined ? {} : { transfer: st.transfer }) };
      return [asCommand({ type: 'JoinUserGroup', groupId: g.groupId, userId: at(w.customers, st.customer) ?? '', ...(Object.keys(permissions).length === 0 ? {} : { permissions }) })];
    }
    case 'leave': {
      const g = groupAt(w, st.group);
      return g === undefined ? [] : [asCommand({ type: 'LeaveUserGroup', groupId: g.groupId, userId: at(w.customers, st.customer) ?? '' })];
    }
    case 'flags': {
      const config: ConfigPatch = st.flags;
      return [{ type: 'ConfigureOrg', config } as CommandBase];
    }
    case 'limits': {
      const { kind: _kind, ...redemption } = st;
      const config: ConfigPatch = { redemption };
      return [{ type: 'ConfigureOrg', config } as CommandBase];
    }
    case 'issueCode':
      return [asCommand({ type: 'IssueRedemptionCode', customer: { type: 'id', value: at(w.customers, st.customer) ?? '' } })];
    case 'redeem':
      return [asCommand({ type: 'RedeemPoints', ...redeemRequestOf(w, st.spec, s) })];
    case 'groupTransfer':
      return [
        asCommand({
          type: 'TransferGroupPoints',
          // As the request sends it: the transfer endpoints read texts and JSON numbers.
          points: Points.format(st.points),
          programId: at(w.programs, st.program),
          fromEntity: entityInput(w, st.from),
          toEntity: entityInput(w, st.to),
          transferredBy: { identifierType: 'id', identifierValue: transferredByOf(w, st.from, st.by) },
        }),
      ];
    case 'customerTransfer': {
      const request = {
        points: Points.format(st.points),
        programId: at(w.programs, st.program),
        fromCustomerIdentifier: { type: 'ID', value: at(w.customers, st.from) },
        toCustomerIdentifier: { type: 'ID', value: at(w.customers, st.to) },
      };
      return [asCommand({ type: 'IsTransferrable', ...request, issueOtp: true }), asCommand({ type: 'TransferPoints', ...request, code: st.wrongCode ? '000000' : kitOtp })];
    }
    case 'reverse': {
      const id = at(redemptionIdsOf(s), st.pick);
      const r = id === undefined ? undefined : redemptionOf(s, id);
      if (r === undefined) return [];
      const share = st.percent === undefined ? undefined : Points.fromMillis((Points.toMillis(reversibleOf(s, r)) * BigInt(st.percent)) / 100n);
      const amount = share === undefined ? {} : { pointsToBeReversed: Points.format(Points.isPositive(share) ? share : Points.points('0.001')) };
      return [asCommand({ type: 'ReverseRedemption', redemptionId: r.redemptionId, identifier: { type: 'id', value: r.customerId }, ...amount })];
    }
    case 'revert':
      return [asCommand({ type: 'RevertRedemption', transactionNumber: transactionOf(st.transaction) })];
    case 'issue': {
      const c = issueRequestOf(w, st.spec);
      return c === undefined ? [] : [asCommand(c)];
    }
    case 'segments': {
      const pair = segmentOf(w);
      const c: AssignCustomerSegments = {
        type: 'AssignCustomerSegments',
        customerId: at(w.customers, st.customer) ?? '',
        memberships: st.inSegment ? [pair] : [{ segment: pair.segment, partition: pair.partition === 'p2' ? 'p3' : 'p2' }],
      };
      return [c];
    }
    case 'reprice': {
      const reward = at(w.rewards ?? [], st.reward);
      if (reward === undefined) return [];
      const c: DefineReward = { type: 'DefineReward', ...reward, paymentConfigs: [{ id: reward.paymentConfigs[0]?.id ?? 1, mode: 'POINTS', points: st.points }] };
      return [c];
    }
    case 'card': {
      const customerId = at(w.customers, st.customer) ?? '';
      const series = (w.rewards ?? []).find((r) => r.cardSeries !== undefined)?.cardSeries ?? 'GOLD';
      const c: IssueCard = { type: 'IssueCard', customerId, cardNumber: `${series}-${customerId}`, series, status: st.active ? 'ACTIVE' : 'BLOCKED' };
      return [c];
    }
  }
};
