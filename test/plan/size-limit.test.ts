/**
 * An environment too big for the process fails in seconds with exit 2, naming its size, the
 * limit and how to raise it, and writes nothing — instead of a V8 "heap out of memory" crash.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../lib/cli/main';
import { BYTES_PER_OBJECT, maxObjects } from '../../lib/plan/size-limit';
import { prod } from '../../stacks/environments';
import { TS_REGISTER } from '../support/ts-child';

const root = resolve(__dirname, '..', '..');
const folders: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'groundwork-size-limit-'));
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** prod with `count` generated tenants, as a JSON spec file. */
function specWithTenants(count: number): string {
  const tenants = Array.from({ length: count }, (_, i) => {
    const name = `team-${String(i + 1).padStart(4, '0')}`;
    return { name, editors: [`${name}-developers`] };
  });
  const file = join(tmp(), 'big.json');
  writeFileSync(file, JSON.stringify({ ...prod, tenants }));
  return file;
}

describe('size limit', () => {
  it('GROUNDWORK_MAX_OBJECTS below the objects of the input: exit 2, the size and the way out, nothing written', async () => {
    const out = tmp();
    const err: string[] = [];
    process.env.GROUNDWORK_MAX_OBJECTS = '300';
    let code: number;
    try {
      code = await main(['synth', '--spec', specWithTenants(20), '--out', out], { out: () => {}, err: (l) => err.push(l) });
    } finally {
      delete process.env.GROUNDWORK_MAX_OBJECTS;
    }
    expect(code).toBe(2);
    const message = err.join('\n');
    expect(message).toMatch(/^Invalid environment spec "prod": 1 problem\n {2}tenants: 20 tenants make \d+ Kubernetes objects, over the limit of 300 for one run \(GROUNDWORK_MAX_OBJECTS=300\); nothing was written; fix: split the tenants across environments, or raise the limit: GROUNDWORK_MAX_OBJECTS=\d+ with a heap of at least \d+ MiB \(NODE_OPTIONS=--max-old-space-size=\d+\)$/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('without GROUNDWORK_MAX_OBJECTS the limit follows the heap: a small heap exits 2 with the message, not a V8 crash', () => {
    // --max-old-space-size=420 is a 468 MiB heap: (468 - 400) MiB / 24 KiB = 2901 objects; 200 tenants make ~3 600.
    const out = tmp();
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '--max-old-space-size=420', TS_NODE_PROJECT: join(root, 'tsconfig.json') };
    delete env.GROUNDWORK_MAX_OBJECTS;
    const run = spawnSync(process.execPath, ['-r', TS_REGISTER, join(root, 'lib', 'cli', 'main.ts'), 'synth', '--spec', specWithTenants(200), '--out', out], {
      cwd: root,
      encoding: 'utf8',
      env,
    });
    expect(run.stderr).toMatch(/tenants: 200 tenants make \d+ Kubernetes objects, over the limit of \d+ for one run \(what a 4\d\d MiB heap holds at ~24 KiB per object\); nothing was written/);
    expect(run.stderr).not.toMatch(/heap out of memory/);
    expect(run.status).toBe(2);
    expect(readdirSync(out)).toEqual([]);
  });

  it('derives the limit from the heap, and names a bad GROUNDWORK_MAX_OBJECTS', () => {
    expect(maxObjects({}, 4096 * 1048576)).toBe(Math.floor((4096 - 400) * 1048576 / BYTES_PER_OBJECT));
    expect(maxObjects({ GROUNDWORK_MAX_OBJECTS: '500000' }, 1)).toBe(500000);
    expect(() => maxObjects({ GROUNDWORK_MAX_OBJECTS: 'lots' })).toThrow(
      'GROUNDWORK_MAX_OBJECTS: must be a positive whole number of Kubernetes objects (got "lots"); fix: set GROUNDWORK_MAX_OBJECTS=200000, or unset it to derive the limit from the heap size',
    );
  });
});
