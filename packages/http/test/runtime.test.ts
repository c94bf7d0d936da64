/**
 * The real runtime (`systemRuntime`), the only source of randomness a server has: one-time codes are six
 * digits (leading zeros kept), coupons six characters of an alphabet without look-alikes (no 0, O, 1, I),
 * other tokens (salts) sixteen hex digits, ids UUIDs. Drawn many times, so that a short or padded-wrong
 * value, which a draw makes one time in ten, shows up.
 */
import { systemRuntime } from '../src';

const draws = 2_000;
const drawn = (kind: string): string[] => Array.from({ length: draws }, () => systemRuntime.newToken(kind));

describe('systemRuntime', () => {
  it('draws one-time codes of six digits, leading zeros kept', () => {
    const otps = drawn('otp');
    expect(otps.filter((o) => !/^\d{6}$/.test(o))).toEqual([]);
    expect(otps.some((o) => o.startsWith('0'))).toBe(true);
  });

  it('draws coupons of six characters without look-alikes, and salts of sixteen hex digits', () => {
    expect(drawn('coupon').filter((c) => !/^[A-HJ-NP-Z2-9]{6}$/.test(c))).toEqual([]);
    expect(drawn('salt').filter((s) => !/^[0-9a-f]{16}$/.test(s))).toEqual([]);
  });

  it('draws ids as UUIDs, each new', () => {
    const ids = Array.from({ length: 100 }, () => systemRuntime.newId());
    expect(ids.filter((id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(100);
  });
});
