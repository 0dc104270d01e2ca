/**
 * Enforcement of the version table: synthesis refuses a component its project does not support on
 * the environment's Kubernetes minor (with every other selection problem), and warns, with the
 * fix, about untested combinations and about anything past its end of life on an injectable date.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isChartAddon, type Addon } from '../../lib/addons/addon';
import { CATALOGUE } from '../../lib/addons/catalogue';
import { Platform } from '../../lib/blueprint/platform';
import { main } from '../../lib/cli/main';
import { SpecValidationError } from '../../lib/spec/errors';
import type { AddonId } from '../../lib/spec/types';
import {
  compareMinor,
  describeRange,
  endOfLifeWarning,
  kubernetesEndOfSupportWarning,
  kubernetesVerdict,
  unsupportedKubernetesIssue,
  untestedKubernetesWarning,
  versionWarnings,
} from '../../lib/spec/version-support';
import { CHART_VERSIONS, type KubernetesSupport, type PinnedChart } from '../../lib/spec/versions';
import { dev, prod } from '../../stacks/environments';

const support = (k: Partial<KubernetesSupport>): KubernetesSupport => ({ basis: 'supported', source: 'example.com/compat', checked: '2026-12-01', ...k });
// Karpenter 1.10's real range (karpenter.sh compatibility matrix): it never supported 1.36.
const karpenter110: PinnedChart = { ...CHART_VERSIONS.karpenter, version: '1.10.0', kubernetes: support({ min: '1.29', max: '1.35', source: 'karpenter.sh compatibility matrix' }) };
const fake = (id: AddonId, chart: PinnedChart, deps: AddonId[] = []): Addon => ({
  id, description: id, chart, namespace: id, dependsOn: () => deps, isSelected: () => true, values: () => ({}),
});

describe('range arithmetic', () => {
  it('orders minors numerically, not as text', () => {
    expect(compareMinor('1.9', '1.10')).toBeLessThan(0);
    expect(compareMinor('1.36', '1.36')).toBe(0);
  });
  it('describes ranges as people write them', () => {
    expect(describeRange(support({ min: '1.32', max: '1.36' }))).toBe('1.32–1.36');
    expect(describeRange(support({ min: '1.22' }))).toBe('1.22+');
    expect(describeRange(support({ max: '1.35' }))).toBe('up to 1.35');
  });
  it('refuses outside a supported range, and only warns beyond a tested one', () => {
    expect(kubernetesVerdict(support({ min: '1.32', max: '1.35' }), '1.36')).toBe('unsupported');
    expect(kubernetesVerdict(support({ min: '1.32', max: '1.35' }), '1.31')).toBe('unsupported');
    expect(kubernetesVerdict(support({ min: '1.32', max: '1.35', basis: 'tested' }), '1.36')).toBe('untested');
    expect(kubernetesVerdict(support({ min: '1.32', max: '1.35', basis: 'tested' }), '1.31')).toBe('unsupported');
    expect(kubernetesVerdict(support({ min: '1.22' }), '1.36')).toBe('supported');
    expect(kubernetesVerdict(undefined, '1.36')).toBe('supported');
  });
});

describe('refusing an unsupported Kubernetes version', () => {
  it('names the component, its range, the version and the fix', () => {
    expect(unsupportedKubernetesIssue('karpenter', karpenter110, '1.36')).toEqual({
      path: 'spec.kubernetesVersion',
      problem: 'karpenter 1.10.0 supports Kubernetes 1.29–1.35 (got 1.36)',
      fix: 'set kubernetesVersion to 1.35, or pin a karpenter release that supports Kubernetes 1.36 in lib/spec/versions.ts (see karpenter.sh compatibility matrix)',
    });
    expect(unsupportedKubernetesIssue('karpenter', karpenter110, '1.35')).toBeUndefined();
  });

  it('synthesis refuses it, reported together with the other selection problems', () => {
    const istio129 = { ...CHART_VERSIONS.istiod, version: '1.29.2', kubernetes: support({ min: '1.31', max: '1.35', source: 'istio.io supported releases' }) };
    const catalogue = [fake('karpenter', karpenter110), fake('istiod', istio129, ['istio-base'])];
    let error: unknown;
    try {
      Platform.fromSpec(dev, { catalogue });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpecValidationError);
    const message = (error as SpecValidationError).message;
    expect(message).toContain('spec.kubernetesVersion: karpenter 1.10.0 supports Kubernetes 1.29–1.35 (got 1.36); fix: set kubernetesVersion to 1.35');
    expect(message).toContain('spec.kubernetesVersion: istiod 1.29.2 supports Kubernetes 1.31–1.35 (got 1.36); fix: set kubernetesVersion to 1.35');
    expect(message).toContain('addons.istiod.dependsOn: depends on unknown add-on "istio-base"');
    expect((error as SpecValidationError).issues).toHaveLength(3);
  });

  it('lets the same catalogue through on a version every component supports', () => {
    expect(() => Platform.fromSpec({ ...dev, kubernetesVersion: '1.35' }, { catalogue: [fake('karpenter', karpenter110)] })).not.toThrow();
  });

  it('refuses no component of the real catalogue on either offered minor', () => {
    for (const kubernetesVersion of ['1.35', '1.36']) {
      for (const addon of CATALOGUE.filter(isChartAddon)) expect(unsupportedKubernetesIssue(addon.id, addon.chart, kubernetesVersion)).toBeUndefined();
    }
  });
});

describe('warnings', () => {
  it('warns when upstream only tests a component on older minors', () => {
    expect(untestedKubernetesWarning('argo-cd', CHART_VERSIONS['argo-cd'], '1.36')).toEqual({
      path: 'spec.kubernetesVersion',
      problem: "argo-cd 10.1.1 is tested upstream on Kubernetes 1.32–1.35 only (got 1.36); beyond that it relies on Kubernetes' backward compatibility",
      fix: expect.stringMatching(/^set kubernetesVersion to 1\.35, or pin a argo-cd release that is tested on Kubernetes 1\.36 in lib\/spec\/versions\.ts \(see .*tested-kubernetes-versions/),
    });
    expect(untestedKubernetesWarning('argo-cd', CHART_VERSIONS['argo-cd'], '1.35')).toBeUndefined();
  });

  it('warns about a release past its end of life from the day after, with the fix', () => {
    const nginx = CHART_VERSIONS['ingress-nginx'];
    expect(endOfLifeWarning('ingress-nginx', nginx, '2026-03-31')).toBeUndefined();
    expect(endOfLifeWarning('ingress-nginx', nginx, '2026-04-01')).toEqual({
      path: 'addons.ingress-nginx',
      problem: expect.stringMatching(/^ingress-nginx 4\.15\.1 reached end of life on 2026-03-31 \(kubernetes\.io\/blog/),
      fix: 'use the Gateway API edge (spec.addons.ingress); ingress-nginx gets no security fixes',
    });
  });

  it('warns about a Kubernetes minor past EKS standard support', () => {
    expect(kubernetesEndOfSupportWarning('1.35', '2027-03-27')).toBeUndefined();
    expect(kubernetesEndOfSupportWarning('1.35', '2027-03-28')).toEqual({
      path: 'spec.kubernetesVersion',
      problem: 'Kubernetes 1.35 left EKS standard support on 2027-03-27, so EKS upgrades the control plane on its own schedule',
      fix: 'upgrade to Kubernetes 1.36 (spec.kubernetesVersion) and move the table\'s pins with it',
    });
    expect(kubernetesEndOfSupportWarning('1.36', '2030-01-01')).toBeUndefined(); // no exact date published yet
  });

  it('formats warnings like validation issues, sorted', () => {
    const charts = [{ id: 'karpenter', chart: CHART_VERSIONS.karpenter }, { id: 'argo-cd', chart: CHART_VERSIONS['argo-cd'] }];
    const warnings = versionWarnings('1.36', charts, '2027-08-01');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^addons\.karpenter: karpenter 1\.14\.1 reached end of life on 2027-07-11 .*; fix: pin the next Karpenter LTS/);
    expect(warnings[1]).toMatch(/^spec\.kubernetesVersion: argo-cd 10\.1\.1 is tested upstream on Kubernetes 1\.32–1\.35 only \(got 1\.36\).*; fix: /);
  });

  it('Platform.warnings judges end of life on the injected date, and the output does not depend on it', () => {
    const catalogue = [fake('karpenter', CHART_VERSIONS.karpenter)];
    const now = Platform.fromSpec(prod, { catalogue, today: '2026-12-01' });
    const later = Platform.fromSpec(prod, { catalogue, today: '2027-08-01' });
    expect(now.warnings).toEqual([]);
    expect(later.warnings).toEqual([expect.stringMatching(/^addons\.karpenter: karpenter 1\.14\.1 reached end of life on 2027-07-11/)]);
    expect(later.manifests().charts.map((c) => c.file)).toEqual(now.manifests().charts.map((c) => c.file));
    expect(() => Platform.fromSpec(prod, { catalogue, today: '1 Aug 2027' })).toThrow('PlatformOptions.today must be a YYYY-MM-DD date (got "1 Aug 2027")');
  });

  it('warns about the real catalogue after Karpenter LTS ends', () => {
    expect(Platform.fromSpec(prod, { today: '2027-08-01' }).warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^addons\.karpenter: karpenter 1\.14\.1 reached end of life on 2027-07-11/)]),
    );
  });
});

describe('groundwork synth', () => {
  it('prints warnings to stderr and still writes the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'groundwork-versions-'));
    const specFile = join(dir, 'nginx.json');
    writeFileSync(specFile, JSON.stringify({ ...dev, name: 'nginx', addons: { ...dev.addons, ingress: 'ingress-nginx' } }));
    const err: string[] = [];
    const code = await main(['synth', '--spec', specFile, '--out', join(dir, 'out')], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(0);
    // ingress-nginx's end of life (2026-03-31) is in the past whenever this runs.
    expect(err.join('\n')).toMatch(/^warning: nginx: addons\.ingress-nginx: ingress-nginx 4\.15\.1 reached end of life on 2026-03-31 .*; fix: use the Gateway API edge/m);
  }, 60_000);
});
