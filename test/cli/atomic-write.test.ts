/**
 * The writer's basic contract: each environment folder replaced as a whole, a marker listing
 * every file with its sha256, byte-identical across runs, nothing left in the output root, and
 * nothing written when staging fails.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeEnvironments } from '../../lib/cli/atomic-write';
import { MARKER_FILE, sha256 } from '../../lib/output';
import { fakeEnvironments, readTree, removeTemporaryFolders, temporaryFolder } from './fixtures/output-files';

afterAll(removeTemporaryFolders);

describe('writeEnvironments', () => {
  it('replaces an environment folder it wrote as a whole and leaves nothing else in the output root', () => {
    const out = temporaryFolder();
    writeEnvironments(out, [{ env: 'dev', files: new Map([['stale.yaml', 'old'], ['cloud.json', '[]\n']]) }]);
    writeEnvironments(out, [{ env: 'dev', files: new Map([['manifests/00-a.k8s.yaml', 'a: 1\n'], ['cloud.json', '[]\n']]) }]);
    expect(readdirSync(out)).toEqual(['dev']);
    expect(readdirSync(join(out, 'dev')).sort()).toEqual([MARKER_FILE, 'cloud.json', 'manifests']);
    expect(readFileSync(join(out, 'dev', 'manifests', '00-a.k8s.yaml'), 'utf8')).toBe('a: 1\n');
  });

  it('marks the folder with every file it wrote and its sha256, sorted', () => {
    const out = temporaryFolder();
    writeEnvironments(out, fakeEnvironments('one', ['dev']));
    const marker = JSON.parse(readFileSync(join(out, 'dev', MARKER_FILE), 'utf8'));
    expect(marker).toEqual({
      tool: 'groundwork',
      format: 1,
      files: ['cloud.json', 'manifests/00-foundation.k8s.yaml', 'manifests/10-addons.k8s.yaml'].map((path) => ({
        path,
        sha256: sha256(readFileSync(join(out, 'dev', path))),
      })),
    });
  });

  it('writes byte-identical files, marker included, on two runs', () => {
    const [first, second] = [temporaryFolder(), temporaryFolder()];
    writeEnvironments(first, fakeEnvironments('same', ['dev', 'prod']));
    writeEnvironments(second, fakeEnvironments('same', ['prod', 'dev']));
    writeEnvironments(second, fakeEnvironments('same', ['dev', 'prod']));
    expect(readTree(second)).toEqual(readTree(first));
    expect(Object.keys(readTree(first))).toContain(`dev/${MARKER_FILE}`);
  });

  it('writes nothing when staging fails', () => {
    const out = temporaryFolder();
    writeEnvironments(out, [{ env: 'dev', files: new Map([['cloud.json', 'previous']]) }]);
    const before = readTree(out);
    // A file that is also the folder of another file cannot be placed.
    const bad = new Map([['cloud.json', 'x'], ['cloud.json/inner', 'y']]);
    expect(() =>
      writeEnvironments(out, [
        { env: 'dev', files: new Map([['cloud.json', 'new']]) },
        { env: 'prod', files: bad },
      ]),
    ).toThrow('cloud.json is both a file and the folder of cloud.json/inner');
    expect(readTree(out)).toEqual(before);
  });
});
