import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeEnvironments } from '../../lib/cli/atomic-write';

describe('writeEnvironments', () => {
  it('replaces an environment folder as a whole and leaves no staging folders', () => {
    const out = mkdtempSync(join(tmpdir(), 'gw-'));
    mkdirSync(join(out, 'dev'));
    writeFileSync(join(out, 'dev', 'stale.yaml'), 'old');
    writeEnvironments(out, [{ env: 'dev', files: new Map([['manifests/00-a.k8s.yaml', 'a: 1\n'], ['cloud.json', '[]\n']]) }]);
    expect(readdirSync(out)).toEqual(['dev']);
    expect(readdirSync(join(out, 'dev')).sort()).toEqual(['cloud.json', 'manifests']);
    expect(readFileSync(join(out, 'dev', 'manifests', '00-a.k8s.yaml'), 'utf8')).toBe('a: 1\n');
  });

  it('writes nothing when staging fails', () => {
    const out = mkdtempSync(join(tmpdir(), 'gw-'));
    mkdirSync(join(out, 'dev'));
    writeFileSync(join(out, 'dev', 'cloud.json'), 'previous');
    // A file path that cannot be created (its parent is a file) makes the second environment fail.
    const bad = new Map([['cloud.json', 'x'], ['cloud.json/inner', 'y']]);
    expect(() =>
      writeEnvironments(out, [
        { env: 'dev', files: new Map([['cloud.json', 'new']]) },
        { env: 'prod', files: bad },
      ]),
    ).toThrow();
    expect(readdirSync(out)).toEqual(['dev']);
    expect(readFileSync(join(out, 'dev', 'cloud.json'), 'utf8')).toBe('previous');
  });
});
