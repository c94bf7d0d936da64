/** The codec of an event line: the envelope (type, id, at) and the event's own fields. */
import * as t from 'io-ts';
import { FAIL, Id, IsoTimestamp, JsonObject, struct, withFast, withPacking } from '../codec';

type Props = Readonly<Record<string, t.Mixed>>;

/** A codec for the literal `type` of an event. */
const typeLiteral = <T extends string>(type: T): t.Type<T, T, unknown> =>
  withPacking(withFast(
    new t.Type<T, T, unknown>(
      type,
      (u): u is T => u === type,
      (u, c) => (u === type ? t.success(type) : t.failure(u, c, `expected type ${type}`)),
      t.identity,
    ),
    (u) => (u === type ? type : FAIL),
  ), { pack: () => undefined, unpack: () => type });

/**
 * An event codec: strict (unknown fields are refused), the envelope included.
 * @example const PointsAwarded = eventCodec('PointsAwarded', { points: PositivePoints }, { expiresAt: IsoTimestamp });
 */
export const eventCodec = <T extends string, R extends Props, O extends Props = Record<never, never>>(
  type: T,
  required: R,
  optional: O = {} as O,
) => {
  const codec = struct({ type: typeLiteral(type), id: Id, at: IsoTimestamp, ...required }, optional, { strict: true }, type);
  return codec as typeof codec & t.Type<t.TypeOf<typeof codec>, JsonObject, unknown>;
};
