/**
 * SHA-256 in plain TypeScript (`sha256.ts`): the known answers of FIPS 180-4's examples, messages whose
 * padding ends just before, on and after a block's length field (55, 56 and 64 bytes), UTF-8 at every
 * encoding boundary, and the stored form of a secret. A fingerprint or a code's hash that a history
 * recorded must read the same in every later version, so the digests are written out, not recomputed.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { hashSecret, sha256Hex } from '@pointfold/core';

describe('sha256Hex', () => {
  it.each([
    ['the empty text', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['"abc" (one block)', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['the 448-bit message (two blocks: no room left for the length)', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    [
      'the 896-bit message',
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('hashes %s as FIPS 180-4 says', (_name, text, digest) => {
    expect(sha256Hex(text)).toBe(digest);
  });

  it('hashes a million "a" (a length that needs three bytes of the length field)', () => {
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it.each([
    [55, '9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318'],
    [56, 'b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a'],
    [57, 'f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6'],
    [63, '7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34'],
    [64, 'ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb'],
    [65, '635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0'],
    [119, '31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb'],
    [120, '2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c'],
  ])('pads a message of %p bytes around the block boundary', (n, digest) => {
    expect(sha256Hex('a'.repeat(n))).toBe(digest);
  });

  it('hashes the UTF-8 bytes of a text, at every boundary of one to four bytes', () => {
    // U+007F, U+0080, U+07FF, U+0800, U+FFFF, U+10000 and U+10FFFF: bytes 7f c280 dfbf e0a080 efbfbf f0908080 f48fbfbf.
    expect(sha256Hex('\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}')).toBe('ebb743f6088e6033eedda08cd0c0e3827169bcd8d01124b943d43ee33685966b');
    expect(sha256Hex('\u00e9\u20ac\u{1F600}')).toBe('df9226927fd572c1ee66eec85de1bb139497614899f36e4e90474cb71f6ef9d0');
  });

  test('agrees with node:crypto on any well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('hashSecret', () => {
  it('stores a secret as the SHA-256 of its salt, a colon and the secret', () => {
    expect(hashSecret('123456', 's4lt')).toBe('aa751fbdb240e351ed94c46dc956360bea3920167d36c2fc83cc94c4280f652b');
  });
});
