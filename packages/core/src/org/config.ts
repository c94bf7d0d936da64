/**
 * The organisation's configuration: the flags of seeds 001 and 003 (default false) and the
 * redemption and transfer settings. `OrgConfigured` merges a partial configuration over the previous
 * one; the seeds' alternative spellings of two flags are accepted and stored under the main name.
 */
import * as t from 'io-ts';
import Big from 'big.js';
import * as P from '../points/points';
import { Bool, PositivePoints, oneOf, struct } from '../codec';

/** The boolean flags of CONTRACT §1. */
export type OrgFlag =
  | 'ENABLE_USER_GROUP_LOYALTY'
  | 'ENABLE_GROUP_PROGRAMS_REDEMPTION'
  | 'ENABLE_FLEET_LOYALTY'
  | 'ALLOW_SKIPPING_VALIDATION'
  | 'ALLOW_POINTS_REDEMPTION_REVERSAL'
  | 'CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER';

export const orgFlags: readonly OrgFlag[] = [
  'ENABLE_USER_GROUP_LOYALTY',
  'ENABLE_GROUP_PROGRAMS_REDEMPTION',
  'ENABLE_FLEET_LOYALTY',
  'ALLOW_SKIPPING_VALIDATION',
  'ALLOW_POINTS_REDEMPTION_REVERSAL',
  'CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER',
];

/** Other names the seeds give the same flags (seed 003). */
export const flagAliases: Readonly<Record<string, OrgFlag>> = {
  ENABLE_GROUP_PROGRAM_REDEMPTION: 'ENABLE_GROUP_PROGRAMS_REDEMPTION',
  FLEET_GROUP_LOYALTY_ENABLED: 'ENABLE_FLEET_LOYALTY',
};

/** Redemption limits and value. */
export interface RedemptionSettings {
  readonly minPoints?: P.Points;
  readonly maxPoints?: P.Points;
  readonly multipleOf?: P.Points;
  /** Currency value of one point, a decimal text (for `redeemed_value`). */
  readonly currencyPerPoint?: string;
}

/** Transfer settings. */
export interface TransferSettings {
  /** Transfers must be a multiple of this; without it, whole points only. */
  readonly multipleOf?: P.Points;
}

/** Reward issue settings. */
export interface RewardSettings {
  /**
   * The identifier a reward issue must name the customer by (seed 002: "only secondary identifiers
   * passed" is 8004). Without it, any registered identifier will do.
   */
  readonly primaryIdentifier?: 'mobile' | 'email' | 'externalId';
}

/** The configuration in force. */
export interface OrgConfig {
  readonly flags: Readonly<Record<OrgFlag, boolean>>;
  readonly redemption: RedemptionSettings;
  readonly transfer: TransferSettings;
  readonly rewards: RewardSettings;
}

export const defaultConfig: OrgConfig = {
  flags: {
    ENABLE_USER_GROUP_LOYALTY: false,
    ENABLE_GROUP_PROGRAMS_REDEMPTION: false,
    ENABLE_FLEET_LOYALTY: false,
    ALLOW_SKIPPING_VALIDATION: false,
    ALLOW_POINTS_REDEMPTION_REVERSAL: false,
    CONF_FRAUD_STATUS_CHECK_POINTS_TRANSFER: false,
  },
  redemption: {},
  transfer: {},
  rewards: {},
};

/** A positive decimal text (a ratio), kept as its canonical text. */
export const PositiveDecimal = new t.Type<string, string, unknown>(
  'PositiveDecimal',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    if (typeof u !== 'string' && typeof u !== 'number') return t.failure(u, c, 'expected a positive decimal');
    const text = String(u);
    if (!/^\d+(\.\d+)?$/.test(text)) return t.failure(u, c, 'expected a positive decimal');
    const b = new Big(text);
    return b.gt(0) ? t.success(b.toString()) : t.failure(u, c, 'expected a positive decimal');
  },
  t.identity,
);

const flagProps = Object.fromEntries([...orgFlags, ...Object.keys(flagAliases)].map((f) => [f, Bool])) as Record<
  OrgFlag,
  typeof Bool
>;

/** The partial configuration an `OrgConfigured` event carries. */
export const ConfigPatchCodec = struct(
  {},
  {
    ...flagProps,
    redemption: struct(
      {},
      { minPoints: PositivePoints, maxPoints: PositivePoints, multipleOf: PositivePoints, currencyPerPoint: PositiveDecimal },
      {},
      'RedemptionSettings',
    ),
    transfer: struct({}, { multipleOf: PositivePoints }, {}, 'TransferSettings'),
    rewards: struct({}, { primaryIdentifier: oneOf<'mobile' | 'email' | 'externalId'>('PrimaryIdentifier', ['mobile', 'email', 'externalId']) }, {}, 'RewardSettings'),
  },
  {},
  'OrgConfig',
);
export type ConfigPatch = t.TypeOf<typeof ConfigPatchCodec>;

const flagNamed = (name: string): OrgFlag | undefined =>
  Object.prototype.hasOwnProperty.call(flagAliases, name)
    ? flagAliases[name]
    : (orgFlags as readonly string[]).includes(name)
      ? (name as OrgFlag)
      : undefined;

/**
 * The first flag a patch gives two values under two of its names (`ENABLE_FLEET_LOYALTY: false` with
 * `FLEET_GROUP_LOYALTY_ENABLED: true`), if any: such a patch is refused, since which name wins would
 * depend on the order of the keys, which a history line written and read again need not keep.
 */
export const conflictingFlagNames = (patch: ConfigPatch): readonly [string, string] | undefined => {
  const seen = new Map<OrgFlag, [string, boolean]>();
  for (const [name, value] of Object.entries(patch as Readonly<Record<string, unknown>>)) {
    const flag = flagNamed(name);
    if (flag === undefined || typeof value !== 'boolean') continue;
    const before = seen.get(flag);
    if (before !== undefined && before[1] !== value) return [before[0], name];
    seen.set(flag, [name, value]);
  }
  return undefined;
};

/** The configuration after a patch: flags and settings given replace, the others stay. */
export const mergeConfig = (c: OrgConfig, patch: ConfigPatch): OrgConfig => {
  const flags: Record<OrgFlag, boolean> = { ...c.flags };
  const source = patch as Readonly<Record<string, unknown>>;
  for (const [name, value] of Object.entries(source)) {
    if (typeof value !== 'boolean') continue;
    const flag = flagNamed(name);
    if (flag !== undefined) flags[flag] = value;
  }
  return {
    flags,
    redemption: { ...c.redemption, ...(patch.redemption ?? {}) },
    transfer: { ...c.transfer, ...(patch.transfer ?? {}) },
    rewards: { ...c.rewards, ...(patch.rewards ?? {}) },
  };
};
