/**
 * Invariants of add-on delivery in the stock environments (Pulumi delivery) and in a GitOps
 * variant of production.
 */
import { SYNC_WAVE_ANNOTATION } from '../../lib/blueprint/gitops';
import { workloadRoleArn } from '../../lib/spec/naming';
import { dev, prod, staging } from '../../stacks/environments';
import { at, ofKind, ofType, synthesize, type Synthesized } from '../support/environment';
import { prodGitops } from '../support/variants';

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const CONFIG_GROUP = 'kubernetes:yaml:ConfigGroup';
const EXACT_VERSION = /^v?\d+\.\d+\.\d+$/;


const envs: Record<string, Synthesized> = {};
beforeAll(async () => {
  for (const spec of [dev, staging, prod]) envs[spec.name] = await synthesize(spec);
  envs.gitops = await synthesize(prodGitops);
});
const eachEnv = ['dev', 'staging', 'prod'];

describe('Pulumi delivery', () => {
  it.each(eachEnv)('%s: every release pins an exact chart version from the version table', (env) => {
    const releases = ofType(envs[env].plan, RELEASE);
    expect(releases.length).toBe(envs[env].platform.selection.ordered.length);
    for (const release of releases) {
      expect(String(release.inputs.version)).toMatch(EXACT_VERSION);
      const addon = envs[env].platform.selection.ordered.find((a) => a.id === release.inputs.name)!;
      expect(release.inputs.version).toBe(addon.chart.version);
    }
  });

  it.each(eachEnv)('%s: release values keep their lists as lists (no array serialized as an object)', (env) => {
    const arrayLike = (v: unknown): boolean =>
      !!v && typeof v === 'object' && (Array.isArray(v) ? v.some(arrayLike) : Object.keys(v).length > 0 && Object.keys(v).every((k) => /^\d+$/.test(k)) ? true : Object.values(v).some(arrayLike));
    for (const release of ofType(envs[env].plan, RELEASE)) expect({ release: release.name, arrayLike: arrayLike(release.inputs.values) }).toEqual({ release: release.name, arrayLike: false });
  });

  it.each(eachEnv)('%s: every release waits for the releases (or configuration) of its dependencies', (env) => {
    const { platform, plan } = envs[env];
    const releases = new Map(ofType(plan, RELEASE).map((r) => [String(r.inputs.name), r]));
    for (const addon of platform.selection.ordered) {
      const release = releases.get(addon.id)!;
      for (const dep of platform.selection.dependencies.get(addon.id) ?? []) {
        // Pulumi expands a dependency on a ConfigGroup to its children (`<addon>-config-<object>`).
        const waitsForDep = release.dependsOn.some((d) => d === `${env}-${dep}` || d.startsWith(`${dep}-config-`));
        expect({ addon: addon.id, dep, waitsForDep }).toEqual({ addon: addon.id, dep, waitsForDep: true });
      }
      expect(release.dependsOn.some((d) => d.startsWith('foundation-'))).toBe(true);
    }
  });

  it.each(eachEnv)('%s: platform components tolerate CriticalAddonsOnly and select the system pool', (env) => {
    const systemAddons = envs[env].platform.selection.ordered.filter((a) => (a.placement ?? 'system') === 'system').map((a) => a.id as string);
    expect(systemAddons.length).toBeGreaterThan(5);
    for (const release of ofType(envs[env].plan, RELEASE).filter((r) => systemAddons.includes(String(r.inputs.name)))) {
      const values = JSON.stringify(release.inputs.values);
      expect({ release: release.inputs.name, tolerates: values.includes('CriticalAddonsOnly') }).toEqual({ release: release.inputs.name, tolerates: true });
      expect({ release: release.inputs.name, selects: values.includes('"groundwork.dev/pool-role":"system"') }).toEqual({ release: release.inputs.name, selects: true });
    }
  });

  it.each(eachEnv)('%s: every configuration object is applied by a ConfigGroup after its release', (env) => {
    const { platform, plan } = envs[env];
    for (const chart of platform.manifests().charts.filter((c) => c.phase !== 'gitops-bootstrap')) {
      const [group] = ofType(plan, CONFIG_GROUP).filter((g) => g.name === `${env}-${chart.chart}`);
      expect(group).toBeDefined();
      const children = plan.filter((r) => r.parent === group.name);
      expect(children.length).toBe(chart.objects.length);
      if (chart.addon) expect(group.dependsOn).toContain(`${env}-${chart.addon}`);
    }
  });

  it('enforces STRICT mTLS mesh-wide in production', () => {
    const strict = ofKind(envs.prod.objects, 'PeerAuthentication').filter(
      (p) => p.metadata.namespace === 'istio-system' && at(p, 'spec.mtls.mode') === 'STRICT' && at(p, 'spec.selector') === undefined,
    );
    expect(strict).toHaveLength(1);
  });

  it.each(eachEnv)('%s: ACME DNS01 issuers use the cert-manager IRSA role', (env) => {
    const { platform, objects } = envs[env];
    const arn = workloadRoleArn(platform.spec, 'cert-manager');
    const acme = ofKind(objects, 'ClusterIssuer').filter((i) => at(i, 'spec.acme') !== undefined);
    expect(acme.length).toBeGreaterThanOrEqual(2);
    for (const issuer of acme) {
      const solvers = at<Array<{ dns01?: { route53?: { role?: string } } }>>(issuer, 'spec.acme.solvers');
      const route53 = solvers.filter((s) => s.dns01?.route53);
      expect(route53.length).toBeGreaterThan(0);
      for (const s of route53) expect(s.dns01!.route53!.role).toBe(arn);
    }
    const roles = ofType(envs[env].plan, 'aws:iam/role:Role').map((r) => r.inputs.name);
    expect(roles).toContain(arn.split('/').pop());
  });
});

describe('GitOps delivery', () => {
  it('installs Argo CD as the only Helm release', () => {
    expect(ofType(envs.gitops.plan, RELEASE).map((r) => r.inputs.name)).toEqual(['argo-cd']);
  });

  it('renders one Application per add-on, pinned to the exact chart version', () => {
    const { platform, objects } = envs.gitops;
    const apps = ofKind(objects, 'Application').filter((a) => at(a, 'spec.source.chart') !== undefined);
    const expected = platform.selection.ordered.filter((a) => a.id !== 'argo-cd');
    expect(apps.map((a) => a.metadata.name).sort()).toEqual(expected.map((a) => a.id).sort());
    for (const addon of expected) {
      const app = apps.find((a) => a.metadata.name === addon.id)!;
      expect(at(app, 'spec.source.targetRevision')).toBe(addon.chart.version);
      expect(at(app, 'spec.destination.namespace')).toBe(addon.namespace);
    }
  });

  it('orders Applications and configuration by sync waves after their dependencies', () => {
    const { platform, objects } = envs.gitops;
    const wave = (o: { metadata: Record<string, unknown> }): number => Number(at(o, `metadata.annotations`) && (o.metadata.annotations as Record<string, string>)[SYNC_WAVE_ANNOTATION]);
    const apps = new Map(ofKind(objects, 'Application').map((a) => [a.metadata.name!, wave(a)]));
    for (const addon of platform.selection.ordered.filter((a) => a.id !== 'argo-cd')) {
      for (const dep of (platform.selection.dependencies.get(addon.id) ?? []).filter((d) => d !== 'argo-cd')) {
        expect(apps.get(addon.id)!).toBeGreaterThan(apps.get(dep)!);
      }
    }
    for (const chart of platform.manifests().charts.filter((c) => c.phase === 'addon-config')) {
      for (const object of chart.objects) expect(wave(object)).toBe(apps.get(chart.addon!)! + 1);
    }
  });

  it('bootstraps a root Application that syncs the manifests from Git but not what Pulumi applies', () => {
    const root = ofKind(envs.gitops.objects, 'Application').find((a) => a.metadata.name === 'prod-platform')!;
    expect(at(root, 'spec.source.repoURL')).toBe('https://git.example.com/platform/manifests.git');
    expect(at(root, 'spec.source.path')).toBe('dist/prod/manifests');
    expect(at<string>(root, 'spec.source.directory.exclude')).toContain('00-foundation.k8s.yaml');
  });
});
