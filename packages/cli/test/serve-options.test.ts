/**
 * `pointfold serve` refuses options it cannot honour before it opens the history: a port that is not a
 * port number, and an empty host (which would make the server listen on every interface). Exit status
 * 2, one line on stderr, nothing listening. A host it cannot listen on is refused too (exit 2), after the
 * history was opened, which it then releases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { ServeOptions, startServe } from '@pointfold/cli';
import { tempDir } from './fixtures';

const tmp = tempDir();
afterAll(() => tmp.remove());

const refusal = async (options: ServeOptions): Promise<[number | 'serving', string]> => {
  const file = path.join(tmp.dir, 'empty.jsonl');
  fs.writeFileSync(file, '');
  let err = '';
  const r = await startServe(file, options, { out: () => undefined, err: (t) => (err += t) });
  if (E.isRight(r)) {
    await r.right.stop();
    return ['serving', r.right.url];
  }
  return [r.left, err];
};

describe('pointfold serve options', () => {
  it.each([[''], ['   ']])('refuses the empty host %j (it would listen on every interface)', async (host) => {
    expect(await refusal({ port: '0', host })).toEqual([2, 'pointfold serve: --host must name a host or an address, got an empty text\n']);
  });

  it.each([
    ['x', 'x'],
    ['65536', '65536'],
    ['-1', '-1'],
    ['', ''],
    ['008080', '008080'],
    ['80\u001b[2J', '80\\u001b[2J'],
  ])('refuses the port %j', async (port, shown) => {
    expect(await refusal({ port })).toEqual([2, `pointfold serve: --port must be a port number (0 to 65535), got ${shown}\n`]);
  });

  it('listens on 127.0.0.1 when no host is given', async () => {
    const [status, url] = await refusal({ port: '0' });
    expect(status).toBe('serving');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  // 192.0.2.1 (TEST-NET-1) is no address of this machine: listening on it fails at once, whatever the port.
  it('takes port 8080 by default and 65535 as given: a host it cannot listen on is then the refusal, and the history is released', async () => {
    const file = path.join(tmp.dir, 'empty.jsonl');
    for (const [port, shown] of [[undefined, 8080], ['65535', 65535]] as const) {
      const [status, err] = await refusal({ ...(port === undefined ? {} : { port }), host: '192.0.2.1' });
      expect([status, err.startsWith(`pointfold serve: cannot listen on 192.0.2.1:${shown}: `), fs.existsSync(`${file}.lock`)]).toEqual([2, true, false]);
    }
  });
});
