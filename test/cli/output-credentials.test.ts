/**
 * The writer's last gate: a file that holds a credential is never written, whatever produced it.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputError, writeEnvironments } from '../../lib/output';

describe('output credential gate', () => {
  const token = ['ghp', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('');

  it('refuses files holding a credential, naming file and line with the value masked, and writes nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'groundwork-gate-'));
    const files = new Map([
      ['cloud.json', '[]\n'],
      ['manifests/00-foundation.k8s.yaml', `kind: ConfigMap\ndata:\n  token: ${token}\n`],
    ]);
    let error: unknown;
    try {
      writeEnvironments(out, [{ env: 'dev', files }], { lockWaitSeconds: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutputError);
    const message = (error as Error).message;
    expect(message).toContain('refusing to write output that holds a credential');
    expect(message).toMatch(/dev\/manifests\/00-foundation\.k8s\.yaml:3: .*ghp_…/);
    expect(message).not.toContain(token);
    expect(existsSync(join(out, 'dev'))).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });

  it('writes files without credentials', () => {
    const out = mkdtempSync(join(tmpdir(), 'groundwork-gate-'));
    writeEnvironments(out, [{ env: 'dev', files: new Map([['cloud.json', '[{"kubeconfig":"[secret]"}]\n']]) }], { lockWaitSeconds: 0 });
    expect(readdirSync(join(out, 'dev')).sort()).toEqual(['.groundwork-output.json', 'cloud.json']);
  });
});
