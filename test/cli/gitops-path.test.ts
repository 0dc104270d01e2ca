/**
 * Under GitOps the root Application syncs `addons.gitops.path`: a synth that writes the
 * manifests somewhere else says so (a warning on stderr; files stay deterministic).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Platform } from '../../lib/blueprint/platform';
import { gitopsPathWarning, main } from '../../lib/cli';
import { dev } from '../../stacks/environments';
import { prodGitops } from '../support/variants';

describe('GitOps manifests path', () => {
  it('warns when --out writes the manifests outside the path the root Application syncs, with both fixes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'groundwork-gitops-'));
    const specFile = join(dir, 'prod.json');
    writeFileSync(specFile, JSON.stringify(prodGitops));
    const err: string[] = [];
    const code = await main(['synth', '--spec', specFile, '--out', join(dir, 'out')], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(0);
    const written = relative(process.cwd(), join(dir, 'out', 'prod', 'manifests'));
    expect(err).toContain(
      `warning: prod: addons.gitops.path: the root Application syncs "dist/prod/manifests" of ${prodGitops.addons!.gitops!.repoURL}, but this run writes the manifests to "${written}"; ` +
        `fix: commit them at "dist/prod/manifests", or set addons.gitops.path: "${written}"`,
    );
  }, 120_000);

  it('says nothing when the paths agree, or without GitOps', () => {
    expect(gitopsPathWarning(Platform.fromSpec(prodGitops), 'dist')).toBeUndefined();
    const elsewhere = { ...prodGitops, addons: { ...prodGitops.addons, gitops: { ...prodGitops.addons!.gitops!, path: 'out/prod/manifests' } } };
    expect(gitopsPathWarning(Platform.fromSpec(elsewhere), 'out')).toBeUndefined();
    expect(gitopsPathWarning(Platform.fromSpec(dev), '/tmp/x')).toBeUndefined();
  });
});
