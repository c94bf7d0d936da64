/**
 * Worlds: what a generated history starts from. A world names its programs and customers (as the
 * core's kit does), the organisation's configuration, its groups and members, its reward catalogue,
 * the customers' segments and cards, and the points everyone starts with. `worldSetup` turns a world
 * into the reference events of CONTRACT §1; `worldOf` reads the world back from any folded state, so
 * commands can be generated against a state that did not come from a world.
 */
import fc from 'fast-check';
import {
  CommandBase,
  ConfigPatch,
  EventBase,
  OrgConfigured,
  OrgState,
  Points,
  PointsAwarded,
  getSlice,
} from '@pointfold/core';
import { World, arbPoints, testEpoch, worldEvents } from '@pointfold/core/testing';
import { GroupType, UserGroupCreated, UserGroupMemberJoined, groupsSlice } from '@pointfold/groups';
import { CardIssued, CustomerSegmentsAssigned, Membership, PaymentConfig, RewardDefined, RewardDefinition, catalogueSlice, rewardCustomersSlice } from '@pointfold/rewards';

/** A member a world's group starts with (besides its primary user), and their permissions. */
export interface MemberSpec {
  readonly userId: string;
  /** Default true. */
  readonly redeem?: boolean;
  /** Default false. */
  readonly transfer?: boolean;
}

/** A group of a world. */
export interface GroupSpec {
  readonly groupId: string;
  readonly externalId?: string;
  readonly groupType: GroupType;
  /** A customer of the world: the group's first member, with every permission. */
  readonly primary: string;
  readonly members?: readonly MemberSpec[];
}

/** A card a world's customer holds. */
export interface CardSpec {
  readonly customerId: string;
  readonly cardNumber: string;
  readonly series: string;
  /** Default `ACTIVE`. */
  readonly status?: string;
}

/**
 * What a history starts from: the core kit's programs and customers (the first program is the
 * default), and everything the other modules know. Every field but `programs` and `customers` is
 * optional: the core's `smallWorld` is a world too.
 */
export interface FullWorld extends World {
  /** Flags and settings, configured at the start (`OrgConfigured`). */
  readonly config?: ConfigPatch;
  readonly groups?: readonly GroupSpec[];
  /** The reward catalogue (each a `RewardDefined` without its envelope). */
  readonly rewards?: readonly RewardDefinition[];
  /** (segment, partition) pairs per customer id. */
  readonly segments?: Readonly<Record<string, readonly Membership[]>>;
  readonly cards?: readonly CardSpec[];
  /** Points every customer and every group gets at the start: Main, in the default program, no expiry. */
  readonly startingPoints?: { readonly customers?: string; readonly groups?: string };
}

/** The flags that let every module act: group redemption (fleets too), skipping validation, reversals. */
export const openFlags: ConfigPatch = {
  ENABLE_USER_GROUP_LOYALTY: true,
  ENABLE_GROUP_PROGRAMS_REDEMPTION: true,
  ENABLE_FLEET_LOYALTY: true,
  ALLOW_SKIPPING_VALIDATION: true,
  ALLOW_POINTS_REDEMPTION_REVERSAL: true,
};

/**
 * The kit's default world: programs 765 (default) and 1414, customers c1..c5, every module's flags
 * on, a FLEET group g1 (primary c1; c2 may transfer, c3 may not) and a FRIENDS_AND_FAMILY group g2
 * (primary c4; c5 may transfer but not redeem), a catalogue of brand BUKL (a fixed price, a
 * conversion ratio, a VENDOR reward, one for segment s1/p1, one for card series GOLD, one limited to 3
 * issues in 2 days), c2 in segment s1/p1, a GOLD card for c3, and 500 points for every customer and
 * 800 for every group.
 */
export const defaultWorld: FullWorld = {
  programs: [765, 1414],
  customers: ['c1', 'c2', 'c3', 'c4', 'c5'],
  config: openFlags,
  groups: [
    { groupId: 'g1', externalId: 'x1', groupType: 'FLEET', primary: 'c1', members: [{ userId: 'c2', transfer: true }, { userId: 'c3' }] },
    { groupId: 'g2', externalId: 'x2', groupType: 'FRIENDS_AND_FAMILY', primary: 'c4', members: [{ userId: 'c5', transfer: true, redeem: false }] },
  ],
  rewards: [
    { rewardId: 'r-fixed', brand: 'BUKL', paymentConfigs: [{ id: 1, mode: 'POINTS', points: Points.points('37.5') }] },
    { rewardId: 'r-ratio', brand: 'BUKL', paymentConfigs: [{ id: 2, mode: 'CONV_RATIO', conversionRatio: '0.44', redemptionType: 'MILES' }] },
    { rewardId: 'r-vendor', brand: 'BUKL', fulfillment: 'VENDOR', paymentConfigs: [{ id: 3, mode: 'POINTS', points: Points.points('50') }] },
    { rewardId: 'r-seg', brand: 'BUKL', segments: [{ segment: 's1', partition: 'p1' }], paymentConfigs: [{ id: 4, mode: 'POINTS', points: Points.points('20') }] },
    { rewardId: 'r-card', brand: 'BUKL', cardSeries: 'GOLD', paymentConfigs: [{ id: 5, mode: 'POINTS', points: Points.points('10') }] },
    { rewardId: 'r-limited', brand: 'BUKL', constraints: [{ level: 'CUSTOMER', periodDays: 2, maxIssues: 3 }], paymentConfigs: [{ id: 6, mode: 'POINTS', points: Points.points('5') }] },
  ],
  segments: { c2: [{ segment: 's1', partition: 'p1' }] },
  cards: [{ customerId: 'c3', cardNumber: 'GOLD-0003', series: 'GOLD' }],
  startingPoints: { customers: '500', groups: '800' },
};

/** The mobile number `worldEvents` registers a world's customer with (the i-th: `9190000` and i on five digits). */
export const customerMobile = (w: World, customerId: string): string => `9190000${String(Math.max(0, w.customers.indexOf(customerId))).padStart(5, '0')}`;

/** The email `worldEvents` registers a customer with. */
export const customerEmail = (customerId: string): string => `${customerId}@example.com`;

/** The external id `worldEvents` registers a customer with. */
export const customerExternalId = (customerId: string): string => `ext-${customerId}`;

/**
 * The events that set a world up, all at `testEpoch`: its programs and customers (`worldEvents`), the
 * configuration, the groups and their members, the catalogue, segments, cards, and the starting points.
 * @example const { state } = logOf(fullEngine, worldSetup(defaultWorld), [])
 */
export const worldSetup = (w: FullWorld): EventBase[] => {
  const at = testEpoch;
  const out: EventBase[] = [...worldEvents(w)];
  const add = <T extends EventBase>(e: T): void => {
    out.push(e);
  };
  if (w.config !== undefined) add<OrgConfigured>({ type: 'OrgConfigured', id: 'cfg-0', at, config: w.config });
  for (const g of w.groups ?? []) {
    add<UserGroupCreated>({
      type: 'UserGroupCreated',
      id: `grp-${g.groupId}`,
      at,
      groupId: g.groupId,
      groupType: g.groupType,
      primaryUserId: g.primary,
      ...(g.externalId === undefined ? {} : { externalId: g.externalId }),
    });
    for (const m of g.members ?? []) {
      const permissions = { ...(m.redeem === undefined ? {} : { redeem: m.redeem }), ...(m.transfer === undefined ? {} : { transfer: m.transfer }) };
      add<UserGroupMemberJoined>({
        type: 'UserGroupMemberJoined',
        id: `join-${g.groupId}-${m.userId}`,
        at,
        groupId: g.groupId,
        userId: m.userId,
        ...(Object.keys(permissions).length === 0 ? {} : { permissions }),
      });
    }
  }
  for (const r of w.rewards ?? []) add<RewardDefined>({ type: 'RewardDefined', id: `rw-${r.rewardId}`, at, ...r });
  for (const [customerId, memberships] of Object.entries(w.segments ?? {}))
    add<CustomerSegmentsAssigned>({ type: 'CustomerSegmentsAssigned', id: `seg-${customerId}`, at, customerId, memberships });
  for (const c of w.cards ?? [])
    add<CardIssued>({ type: 'CardIssued', id: `card-${c.cardNumber}`, at, customerId: c.customerId, cardNumber: c.cardNumber, series: c.series, status: c.status ?? 'ACTIVE' });
  const programId = w.programs[0];
  const award = (id: string, entity: PointsAwarded['entity'], amount: string): PointsAwarded => ({
    type: 'PointsAwarded',
    id,
    at,
    entity,
    programId: programId ?? 0,
    pointsCategory: 'Main',
    points: Points.points(amount),
  });
  const start = w.startingPoints;
  if (programId !== undefined && start?.customers !== undefined) for (const c of w.customers) out.push(award(`seed-${c}`, { type: 'CUSTOMER', id: c }, start.customers));
  if (programId !== undefined && start?.groups !== undefined) for (const g of w.groups ?? []) out.push(award(`seed-${g.groupId}`, { type: 'USERGROUP2', id: g.groupId }, start.groups));
  return out;
};

/**
 * The world of a folded state: its programs (the default first), customers, groups and members,
 * catalogue, segments and cards as they are now (configuration and starting points are not read back).
 * Commands generated over it name only what the state holds.
 */
export const worldOf = (s: OrgState): FullWorld => {
  const def = s.org.defaultProgramId;
  const programs = def === undefined ? [...s.org.programOrder] : [def, ...s.org.programOrder.filter((p) => p !== def)];
  const customers = [...s.org.customers.values()].sort((a, b) => a.registeredAt - b.registeredAt || (a.customerId < b.customerId ? -1 : 1)).map((c) => c.customerId);
  const groups: GroupSpec[] = [...getSlice(s, groupsSlice).groups.values()]
    .sort((a, b) => a.createdAt - b.createdAt || (a.groupId < b.groupId ? -1 : 1))
    .map((g) => ({
      groupId: g.groupId,
      ...(g.externalId === undefined ? {} : { externalId: g.externalId }),
      groupType: g.groupType,
      primary: g.primaryUserId,
      members: g.members.filter((m) => m.active && !m.primary).map((m) => ({ userId: m.userId, redeem: m.permissions.redeem, transfer: m.permissions.transfer })),
    }));
  const rewards: RewardDefinition[] = [...getSlice(s, catalogueSlice).rewards.values()]
    .sort((a, b) => (a.rewardId < b.rewardId ? -1 : 1))
    .map((r) => ({
      rewardId: r.rewardId,
      brand: r.brand,
      paymentConfigs: r.paymentConfigs,
      ...(r.segments.length === 0 ? {} : { segments: r.segments }),
      ...(r.cardSeries === undefined ? {} : { cardSeries: r.cardSeries }),
      ...(r.fulfillment === 'VENDOR' ? { fulfillment: r.fulfillment } : {}),
    }));
  const customersSlice = getSlice(s, rewardCustomersSlice);
  const segments: Record<string, readonly Membership[]> = {};
  for (const [customerId, pairs] of customersSlice.segments.entries()) segments[customerId] = pairs;
  const cards: CardSpec[] = [...customersSlice.cards.values()].map((c) => ({ customerId: c.customerId, cardNumber: c.cardNumber, series: c.series, status: c.status }));
  return { programs, customers, groups, rewards, segments, cards };
};

/** Options of `arbWorld`: the largest world it makes. */
export interface WorldOptions {
  readonly maxPrograms?: number;
  readonly maxCustomers?: number;
  readonly maxGroups?: number;
  readonly maxRewards?: number;
}

const programPool = [765, 1414, 1745, 1568, 801];
const mostly = (p: boolean): fc.Arbitrary<boolean> => fc.constantFrom(p, p, p, !p);

/** A payment configuration with id `id`: a fixed price (up to 100 points) or a conversion ratio. */
export const arbPaymentConfig = (id: number): fc.Arbitrary<PaymentConfig> =>
  fc.oneof(
    arbPoints(100).map((points): PaymentConfig => ({ id, mode: 'POINTS', points })),
    fc.constantFrom('0.44', '0.5', '1', '2.5', '0.125').map((conversionRatio): PaymentConfig => ({ id, mode: 'CONV_RATIO', conversionRatio })),
  );

/**
 * Random worlds: 1 to 3 programs, 2 to 6 customers, up to 3 groups of either type (some with an external
 * id, members with random permissions), the flags mostly on, up to 4 rewards (fixed price or ratio, some
 * for a segment, a card series, limited, or fulfilled by a vendor), random segments and cards, and
 * starting points for everyone.
 * @example fc.assert(fc.property(arbWorld().chain((w) => arbWorldHistory(w)), (h) => ...))
 */
export const arbWorld = (o: WorldOptions = {}): fc.Arbitrary<FullWorld> =>
  fc
    .record({
      programs: fc.integer({ min: 1, max: Math.min(o.maxPrograms ?? 3, programPool.length) }),
      customers: fc.integer({ min: 2, max: o.maxCustomers ?? 6 }),
      flags: fc.record({
        ENABLE_USER_GROUP_LOYALTY: mostly(true),
        ENABLE_GROUP_PROGRAMS_REDEMPTION: mostly(true),
        ENABLE_FLEET_LOYALTY: mostly(true),
        ALLOW_SKIPPING_VALIDATION: fc.constantFrom(true, true, true, true, true, false),
        ALLOW_POINTS_REDEMPTION_REVERSAL: mostly(true),
        CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER: mostly(false),
      }),
      groups: fc.array(
        fc.record({
          groupType: fc.constantFrom<GroupType>('FLEET', 'FRIENDS_AND_FAMILY'),
          primary: fc.nat(),
          external: fc.boolean(),
          members: fc.array(fc.record({ user: fc.nat(), redeem: fc.boolean(), transfer: fc.boolean() }), { maxLength: 3 }),
        }),
        { maxLength: o.maxGroups ?? 3 },
      ),
      rewards: fc.array(
        fc.record({
          configs: fc.integer({ min: 1, max: 2 }),
          config: fc.tuple(arbPaymentConfig(1), arbPaymentConfig(2)),
          kind: fc.constantFrom('plain', 'plain', 'segment', 'card', 'limited', 'vendor'),
        }),
        { maxLength: o.maxRewards ?? 4 },
      ),
      segmented: fc.array(fc.nat(), { maxLength: 3 }),
      carded: fc.array(fc.nat(), { maxLength: 3 }),
      start: fc.constantFrom('300', '500', '1000'),
    })
    .map((x): FullWorld => {
      const programs = programPool.slice(0, x.programs);
      const customers = Array.from({ length: x.customers }, (_, i) => `c${i + 1}`);
      const pick = (i: number): string => customers[i % customers.length] ?? 'c1';
      const groups: GroupSpec[] = x.groups.map((g, i) => {
        const primary = pick(g.primary);
        const members = new Map<string, MemberSpec>();
        for (const m of g.members) {
          const userId = pick(m.user);
          if (userId !== primary) members.set(userId, { userId, redeem: m.redeem, transfer: m.transfer });
        }
        return { groupId: `g${i + 1}`, ...(g.external ? { externalId: `x${i + 1}` } : {}), groupType: g.groupType, primary, members: [...members.values()] };
      });
      const rewards: RewardDefinition[] = x.rewards.map((r, i) => ({
        rewardId: `r${i + 1}`,
        brand: 'BUKL',
        paymentConfigs: r.configs === 2 ? [r.config[0], r.config[1]] : [r.config[0]],
        ...(r.kind === 'segment' ? { segments: [{ segment: 's1', partition: 'p1' }] } : {}),
        ...(r.kind === 'card' ? { cardSeries: 'GOLD' } : {}),
        ...(r.kind === 'limited' ? { constraints: [{ level: 'CUSTOMER' as const, periodDays: 2, maxIssues: 2 }] } : {}),
        ...(r.kind === 'vendor' ? { fulfillment: 'VENDOR' as const } : {}),
      }));
      const segments: Record<string, readonly Membership[]> = {};
      for (const i of x.segmented) segments[pick(i)] = [{ segment: 's1', partition: 'p1' }];
      const cards = new Map<string, CardSpec>();
      for (const i of x.carded) cards.set(pick(i), { customerId: pick(i), cardNumber: `GOLD-${pick(i)}`, series: 'GOLD' });
      return { programs, customers, config: x.flags, groups, rewards, segments, cards: [...cards.values()], startingPoints: { customers: x.start, groups: x.start } };
    });

/** A command, type-checked as one: for the union of the packages' command interfaces. */
export const asCommand = <C extends CommandBase>(c: C): CommandBase => c;
