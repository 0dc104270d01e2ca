/**
 * The README's version tables must match the version table in code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE } from '../../lib/addons/catalogue';
import { EKS_ADDON_VERSIONS } from '../../lib/spec/versions';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it.each(CATALOGUE.map((a) => [a.id, a]))('lists %s with its pinned chart version and namespace', (id, addon) => {
    expect(readme).toContain(`| \`${id}\` |`);
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${id}\` |`))!;
    expect(row).toContain(`\`${addon.chart.version}\``);
    expect(row).toContain(`\`${addon.namespace}\``);
  });

  it.each(Object.entries(EKS_ADDON_VERSIONS))('lists the EKS add-on %s at its pinned version', (name, pin) => {
    expect(readme).toMatch(new RegExp(`\\| ${name} \\| \`${pin.version.replace(/\./g, '\\.')}\` \\|`));
  });

  it('gives the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm run synth');
    expect(readme).toContain('npm test');
  });
});
