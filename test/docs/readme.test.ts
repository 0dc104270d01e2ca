/**
 * The README's version tables must match the version table in code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pinnedVersionOf } from '../../lib/addons/addon';
import { CATALOGUE } from '../../lib/addons/catalogue';
import { EKS_ADDON_NAMES, EKS_ADDON_VERSIONS_BY_KUBERNETES, KUBERNETES_VERSIONS } from '../../lib/spec/versions';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it.each(CATALOGUE.map((a) => [a.id, a]))('lists %s with its pinned version (chart or manifest bundle) and namespace', (id, addon) => {
    expect(readme).toContain(`| \`${id}\` |`);
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${id}\` |`))!;
    expect(row).toContain(`\`${pinnedVersionOf(addon).version}\``);
    expect(row).toContain(`\`${addon.namespace}\``);
  });

  // One column per Kubernetes minor, in the version table's order (the default first).
  const eksHeader = `| add-on | ${KUBERNETES_VERSIONS.map((k) => `Kubernetes ${k.version}`).join(' | ')} |`;
  it('has one EKS add-on column per offered Kubernetes minor, the default first', () => {
    expect(readme).toContain(eksHeader);
  });

  it.each([...EKS_ADDON_NAMES])('lists the EKS add-on %s at its pinned version for every Kubernetes minor', (name) => {
    const pins = KUBERNETES_VERSIONS.map((k) => EKS_ADDON_VERSIONS_BY_KUBERNETES[k.version][name].version);
    const cells = pins.map((v) => `\`${v.replace(/\./g, '\\.')}\``).join(' \\| ');
    expect(readme).toMatch(new RegExp(`\\| ${name} \\| ${cells} \\|`));
  });

  it('gives the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm test');
  });
});
