/**
 * What the decoding worker remembers of the ids it has read (events' ids, and the lot ids events name),
 * to vouch that an event's id is on no earlier line as either (`Replayer.pushPacked`'s `freshId`,
 * decisions 104 and 106): a 53-bit hash per id in an open
 * addressing table of numbers, not the ids themselves. Two ids with the same hash make the second
 * one "maybe seen": its line then goes to the main thread as read, which looks the id up itself. So a
 * collision costs a lookup and never lets a repeated id through.
 */

/** Slots of a new table (a power of two). */
const initialSlots = 1 << 16;

/**
 * Two 32-bit hashes of `id` in one pass (FNV-1a and a multiply-xorshift with another seed), made into
 * one integer of 53 bits, plus one: 0 marks an empty slot.
 */
const hash53 = (id: string): number => {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + (b >>> 11) + 1;
};

/**
 * The ids a reader has seen, as hashes.
 * @example const ids = new FreshIds(); ids.add('e1') // true: fresh; ids.add('e1') // false: maybe seen
 */
export class FreshIds {
  private slots = new Float64Array(initialSlots);
  private count = 0;

  /** The number of distinct hashes held. */
  get size(): number {
    return this.count;
  }

  /**
   * Remembers `id`. True when it is surely fresh (no id added before has its hash); false when it
   * may have been added before (it was, or another id has the same hash).
   */
  add(id: string): boolean {
    const h = hash53(id);
    if (!this.insert(h)) return false;
    this.count += 1;
    if (this.count * 2 > this.slots.length) this.grow();
    return true;
  }

  /** Puts `h` in its slot: false when it is there already. */
  private insert(h: number): boolean {
    const slots = this.slots;
    const mask = slots.length - 1;
    // The low bits of the second hash, mixed with the first's, pick the slot.
    let i = (h ^ (h / 0x200000)) & mask;
    for (;;) {
      const x = slots[i] as number;
      if (x === 0) {
        slots[i] = h;
        return true;
      }
      if (x === h) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (let i = 0; i < old.length; i++) {
      const h = old[i] as number;
      if (h !== 0) this.insert(h);
    }
  }
}

/** How deep `forEachLotId` looks into an event (an event's lot ids are in its postings or lists of lots: two or three levels down). */
const lotIdDepth = 4;

/**
 * Calls `f` with every text an event's JSON holds under a `lotId` key, at any depth up to `lotIdDepth`
 * (a posting's lot, a released lot, a reversal's lots): every lot an event can name that is not named
 * after the event itself. Every module names lots so (`lotId`); a lot created under another key would
 * not be remembered, which the decoding property (`decoded.test.ts`) would show.
 */
export const forEachLotId = (json: unknown, f: (lotId: string) => void, depth = lotIdDepth): void => {
  if (typeof json !== 'object' || json === null || depth === 0) return;
  if (Array.isArray(json)) {
    for (const x of json) forEachLotId(x, f, depth - 1);
    return;
  }
  for (const key of Object.keys(json)) {
    const v = (json as Record<string, unknown>)[key];
    if (key === 'lotId' && typeof v === 'string') f(v);
    else if (typeof v === 'object') forEachLotId(v, f, depth - 1);
  }
};
