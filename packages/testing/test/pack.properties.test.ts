/**
 * The packing of decoded events (what `pointfold replay`'s decoding worker hands the folding thread):
 * every event of every module, decoded from its JSON, packs and unpacks to the same event, with its
 * keys in the same order, and the events of the hot path all pack.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { EventBase, OrgConfigured, SafeJsonObject, packBuffer, packJsonObject, packReader, ts } from '@pointfold/core';
import { arbHistory, fullEngine } from '@pointfold/testing';

const numRuns = 200;

/** The event as the decoder gives it from the event's JSON line. */
const decoded = (e: EventBase): EventBase => {
  const d = fullEngine.decodeEvent(JSON.parse(JSON.stringify(fullEngine.encodeEvent(e))) as unknown);
  if (E.isLeft(d)) throw new Error(`${e.type} ${e.id} does not decode: ${d.left}`);
  return d.right;
};

describe('packed events', () => {
  it('an event decoded from its JSON unpacks from its packing to the same event, keys in the same order, reading all it packed', () => {
    const packedTypes = new Set<string>();
    const unpackedTypes = new Set<string>();
    fc.assert(
      fc.property(arbHistory(), (h) => {
        // A whole history in one buffer, as a batch of the worker holds many events.
        const events = h.events.map(decoded);
        const buffer = packBuffer();
        const packed = events.filter((e) => {
          const ok = fullEngine.packEvent(e, buffer);
          (ok ? packedTypes : unpackedTypes).add(e.type);
          return ok;
        });
        const reader = packReader(Float64Array.from(buffer.nums), buffer.strs);
        for (const e of packed) {
          const back = fullEngine.unpackEvent(reader);
          expect(back).toStrictEqual(e);
          expect(JSON.stringify(back)).toBe(JSON.stringify(e));
        }
        expect([reader.n, reader.s]).toEqual([buffer.nums.length, buffer.strs.length]);
      }),
      { numRuns },
    );
    // The events a long history is made of travel packed; the others travel as their lines.
    for (const type of ['ProgramDefined', 'CustomerRegistered', 'PointsAwarded', 'PointsDeducted', 'PointsExpired', 'PromisedPointsReleased', 'PointsTransferred', 'PointsRedeemed', 'CommandRecorded'])
      expect([type, packedTypes.has(type)]).toEqual([type, true]);
    expect([...packedTypes].filter((t) => unpackedTypes.has(t))).toEqual([]);
  });

  it('a free-form JSON object (custom fields) unpacks to the object decoded: same values (-0 included), same key order', () => {
    let decodedObjects = 0;
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(-0), fc.array(fc.constant(-0)))), (o) => {
        const d = SafeJsonObject.decode(o);
        if (E.isLeft(d)) return;
        decodedObjects++;
        const buffer = packBuffer();
        packJsonObject.pack(d.right, buffer);
        const reader = packReader(Float64Array.from(buffer.nums), buffer.strs);
        const back = packJsonObject.unpack(reader);
        expect(back).toStrictEqual(d.right);
        expect(JSON.stringify(back)).toBe(JSON.stringify(d.right));
        expect([reader.n, reader.s]).toEqual([buffer.nums.length, buffer.strs.length]);
      }),
      { numRuns },
    );
    expect(decodedObjects).toBeGreaterThan(numRuns / 2);
  });

  it('a number of more than 32 bits unpacks to itself: a program id of 2^53 - 1', () => {
    const json = { type: 'ProgramDefined', id: 'p1', at: '2026-03-01T10:00:00Z', programId: Number.MAX_SAFE_INTEGER, name: 'Big' };
    const d = fullEngine.decodeEvent(json);
    if (E.isLeft(d)) throw new Error(`does not decode: ${d.left}`);
    const buffer = packBuffer();
    expect(fullEngine.packEvent(d.right, buffer)).toBe(true);
    expect(fullEngine.unpackEvent(packReader(Float64Array.from(buffer.nums), buffer.strs))).toStrictEqual(d.right);
  });

  it('an event whose codec has no packing writes nothing', () => {
    const buffer = packBuffer();
    const configured: OrgConfigured = { type: 'OrgConfigured', id: 'o1', at: ts('2026-03-01T10:00:00Z'), config: { redemption: { currencyPerPoint: '0.25' } } };
    expect(fullEngine.packEvent(decoded(configured), buffer)).toBe(false);
    expect(buffer).toEqual({ nums: [], strs: [] });
  });
});
