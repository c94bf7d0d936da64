/**
 * The README's library example is `examples/library.ts`, word for word: the typecheck compiles it with
 * the tests, and this suite checks that the README shows that file and that it prints what its comments say.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const example = path.join(root, 'examples', 'library.ts');

describe("the README's library example", () => {
  it('is examples/library.ts, word for word', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /\n## The library\n[\s\S]*?```ts\n([\s\S]*?)```\n/.exec(readme)?.[1];
    expect(block).toBe(fs.readFileSync(example, 'utf8'));
  });

  it('prints the balance at 2026-03-01 and the redemption its comments show', () => {
    const printed: unknown[][] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args));
    const cwd = process.cwd();
    try {
      process.chdir(root);
      jest.isolateModules(() => jest.requireActual(example));
    } finally {
      process.chdir(cwd);
      log.mockRestore();
    }
    expect(printed).toEqual([['303.000'], [['PointsRedeemed']]]);
  });
});
