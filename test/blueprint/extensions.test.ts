/**
 * Extension points without forks: a team add-on with its own id (the spec may override and disable
 * it), refused when it takes a catalogue id; team charts or manifests composed in at their phase,
 * in Pulumi releases mode (ConfigGroups ordered by dependsOn) and in GitOps mode (an Argo CD
 * Application per team chart in its phase's sync wave, excluded from the root Application).
 */
import { Chart } from 'cdk8s';
import { ConfigMap } from 'cdk8s-plus-28';
import type { Addon } from '../../lib/addons/addon';
import { SYNC_WAVE_ANNOTATION, TEAM_PROJECT } from '../../lib/blueprint/gitops';
import { Platform, type PlatformOptions } from '../../lib/blueprint/platform';
import { planPlatform } from '../../lib/plan/plan-platform';
import { SpecValidationError } from '../../lib/spec/errors';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev } from '../../stacks/environments';
import { prodGitops } from '../support/variants';

/** A team add-on, built with the same mechanism as the catalogue's. */
const podinfo: Addon<{ replicaCount: number; ui: { message: string } }> = {
  id: 'podinfo',
  description: 'Team demo service',
  chart: { chart: 'podinfo', version: '6.7.1', repository: 'https://stefanprodan.github.io/podinfo', checked: 'unverified' },
  namespace: 'podinfo',
  dependsOn: () => ['cert-manager'],
  isSelected: () => true,
  values: ({ spec }) => ({ replicaCount: spec.profile.replicas, ui: { message: spec.name } }),
};

const withAddons = (spec: EnvironmentSpec, addons: NonNullable<EnvironmentSpec['addons']>): EnvironmentSpec => ({ ...spec, addons: { ...spec.addons, ...addons } });

function issuesOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SpecValidationError) return error.message;
    throw error;
  }
  throw new Error('expected a SpecValidationError');
}

describe('team add-ons with their own ids', () => {
  it('are selected and ordered like catalogue add-ons, and take spec overrides without a cast', () => {
    const platform = Platform.fromSpec(withAddons(dev, { overrides: { podinfo: { ui: { message: 'hello' } } } }), { addons: [podinfo] });
    const ids = platform.selection.ordered.map((a) => a.id);
    expect(ids).toContain('podinfo');
    expect(ids.indexOf('podinfo')).toBeGreaterThan(ids.indexOf('cert-manager'));
    const merged = platform.valuesOf(platform.selection.ordered.find((a) => a.id === 'podinfo') as Addon);
    expect(merged.values).toEqual({ replicaCount: platform.spec.profile.replicas, ui: { message: 'hello' } });
    expect(merged.overriddenPaths).toEqual(['ui.message']);
    // Its namespace comes from the foundation phase, with Pod Security labels, like every add-on's.
    const foundation = platform.manifests().charts.find((c) => c.phase === 'foundation')!;
    expect(foundation.objects.some((o) => o.kind === 'Namespace' && o.metadata.name === 'podinfo')).toBe(true);
  });

  it('can be disabled by the spec', () => {
    const platform = Platform.fromSpec(withAddons(dev, { disabled: ['podinfo'] }), { addons: [podinfo] });
    expect(platform.selection.ordered.map((a) => a.id)).not.toContain('podinfo');
  });

  it('are unknown to a spec built without them, and a typo gets the closest id as the fix', () => {
    expect(issuesOf(() => Platform.fromSpec(withAddons(dev, { overrides: { podinfo: {} } })))).toContain('spec.addons.overrides.podinfo: unknown add-on "podinfo"');
    expect(issuesOf(() => Platform.fromSpec(withAddons(dev, { disabled: ['podinfp'] }), { addons: [podinfo] }))).toContain(
      'spec.addons.disabled[0]: unknown add-on "podinfp"; fix: use "podinfo" (the closest) or another of',
    );
    expect(issuesOf(() => Platform.fromSpec(withAddons(dev, { overrides: { 'cert-manger': {} } })))).toContain('fix: use "cert-manager" (the closest)');
  });

  it('may not take the id of a catalogue add-on, nor one twice, nor a non-DNS id', () => {
    const message = issuesOf(() => Platform.fromSpec(dev, { addons: [{ ...podinfo, id: 'cert-manager' }, podinfo, podinfo, { ...podinfo, id: 'Bad_Id' }] }));
    expect(message).toContain(
      'options.addons[0].id: "cert-manager" is the id of a catalogue add-on; a team add-on cannot replace it; fix: give the team add-on its own id (e.g. "team-cert-manager"), or change the stock add-on with spec.addons.overrides["cert-manager"]',
    );
    expect(message).toContain('options.addons[2].id: "podinfo" is the id of an earlier entry too');
    expect(message).toContain('options.addons[3].id: "Bad_Id" is not an add-on id (a lowercase DNS label of at most 28 characters)');
  });
});

const teamConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'team-settings', namespace: 'team-a' }, data: { mode: 'blue' } };
const extraCharts: PlatformOptions['extraCharts'] = [
  {
    name: 'team-a-apps',
    phase: 'workloads',
    namespace: 'team-a',
    chart: (scope) => {
      // A team's own Chart class inside the scope sets its own namespace; objects built in the scope get the team chart's.
      const own = new Chart(scope, 'own', { namespace: 'team-a' });
      new ConfigMap(own, 'apps', { metadata: { name: 'apps' }, data: { ready: 'yes' } });
      new ConfigMap(scope, 'flags', { metadata: { name: 'flags' }, data: { canary: 'off' } });
    },
  },
  { name: 'team-a-base', phase: 'foundation', manifests: [teamConfig] },
];
const withTenant = (spec: EnvironmentSpec): EnvironmentSpec => ({ ...spec, tenants: [...(spec.tenants ?? []), { name: 'team-a' }].filter((t, i, all) => all.findIndex((u) => u.name === t.name) === i) });

describe('team charts at a chosen phase', () => {
  it('are refused with every problem named: clashing or bad names, unknown phases, neither or both sources, unaddressable objects', () => {
    const message = issuesOf(() =>
      Platform.fromSpec(dev, {
        extraCharts: [
          { name: 'foundation', phase: 'workloads', manifests: [] },
          { name: 'x', phase: 'later' as 'workloads', manifests: [{ kind: 'ConfigMap', metadata: {} }] },
          { name: 'y', phase: 'foundation' },
          { name: 'cert-manager-config', phase: 'foundation', manifests: [], chart: () => undefined },
        ],
      }),
    );
    expect(message).toContain('options.extraCharts[0].name: "foundation" is the name of a platform chart of this environment; fix: rename it, e.g. "team-foundation"');
    expect(message).toContain('options.extraCharts[1].phase: "later" is not a phase; fix: use one of foundation, workloads');
    expect(message).toContain('options.extraCharts[1].manifests[0].apiVersion: is required');
    expect(message).toContain('options.extraCharts[1].manifests[0].metadata.name: is required');
    expect(message).toContain('options.extraCharts[2]: gives neither chart nor manifests');
    expect(message).toContain('options.extraCharts[3]: gives both chart and manifests');
    expect(message).toContain('options.extraCharts[3].name: "cert-manager-config" is the name of a platform chart');
  });

  it('Pulumi mode: foundation charts right after the foundation and before every add-on, workloads charts after every add-on and its configuration', async () => {
    const platform = Platform.fromSpec(withTenant(dev), { extraCharts });
    const charts = platform.manifests().charts;
    expect(charts.map((c) => c.phase).indexOf('team-foundation')).toBe(1);
    expect(charts[charts.length - 1]).toMatchObject({ chart: 'team-a-apps', phase: 'team-workloads' });
    expect(charts[1].file).toBe('01-team-a-base.k8s.yaml');
    // A cdk8s Chart built inside the scope is included; the environment label is applied as to every object.
    const apps = charts[charts.length - 1].objects;
    expect(apps.map((o) => [o.kind, o.metadata.name, o.metadata.namespace]).sort()).toEqual([['ConfigMap', 'apps', 'team-a'], ['ConfigMap', 'flags', 'team-a']]);
    expect((apps[0].metadata as { labels: Record<string, string> }).labels['groundwork.dev/environment']).toBe('dev');

    const plan = await planPlatform(platform);
    const group = (chart: string) => plan.find((r) => r.type === 'kubernetes:yaml:ConfigGroup' && r.name === `dev-${chart}`)!;
    // The planner records dependsOn as the resources waited for (a group's children).
    const childrenOf = (chart: string) => plan.filter((r) => r.parent === `dev-${chart}`).map((r) => r.name);
    const foundationObjects = childrenOf('foundation');
    expect(foundationObjects.length).toBeGreaterThan(10);
    expect(group('team-a-base').dependsOn).toEqual(expect.arrayContaining(foundationObjects));
    const [teamObject] = childrenOf('team-a-base');
    expect(plan.find((r) => r.name === teamObject)!.inputs.data).toEqual({ mode: 'blue' });
    const releases = plan.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release');
    expect(releases.length).toBeGreaterThan(5);
    for (const release of releases) expect({ release: release.name, waits: release.dependsOn.includes(teamObject) }).toEqual({ release: release.name, waits: true });
    const workloads = group('team-a-apps').dependsOn;
    // Each add-on is waited for as a whole: its configuration when it has some (applied after its release), else its release.
    const configured = new Set(charts.filter((c) => c.phase === 'addon-config').map((c) => `dev-${c.addon}`));
    for (const release of releases.filter((r) => !configured.has(r.name))) expect(workloads).toContain(release.name);
    for (const config of charts.filter((c) => c.phase === 'addon-config')) expect(workloads).toEqual(expect.arrayContaining(childrenOf(config.chart)));
  }, 120_000);

  it('GitOps mode: one Application per team chart in its phase wave, in a least-privilege team project, excluded from the root Application', () => {
    const platform = Platform.fromSpec(withTenant(prodGitops), { extraCharts });
    const charts = platform.manifests().charts;
    const objects = charts.flatMap((c) => c.objects);
    const app = (name: string) => objects.find((o) => o.kind === 'Application' && o.metadata.name === name) as unknown as {
      metadata: { annotations: Record<string, string> };
      spec: { project: string; source: { path: string; directory: { include?: string; exclude?: string } }; destination: { namespace?: string } };
    };
    const files = Object.fromEntries(charts.map((c) => [c.chart, c.file]));
    const waveOf = (o: (typeof objects)[number]): string | undefined => (o.metadata as { annotations?: Record<string, string> }).annotations?.[SYNC_WAVE_ANNOTATION];
    const platformObjects = objects.filter((o) => !String(o.metadata.name).startsWith('team-') && waveOf(o) !== undefined);
    const waves = platformObjects.filter((o) => o.kind === 'Application').map((o) => Number(waveOf(o)));
    const configWaves = platformObjects.filter((o) => o.kind !== 'Application').map((o) => Number(waveOf(o)));
    expect(waves.length).toBeGreaterThan(5);
    expect(configWaves.length).toBeGreaterThan(5);
    const base = app('team-team-a-base');
    expect(base.spec.project).toBe(TEAM_PROJECT);
    expect(base.spec.source).toMatchObject({ path: 'dist/prod/manifests', directory: { include: files['team-a-base'] } });
    expect(Number(base.metadata.annotations[SYNC_WAVE_ANNOTATION])).toBeLessThan(Math.min(...waves));
    const apps = app('team-team-a-apps');
    expect(apps.spec.destination.namespace).toBe('team-a');
    expect(Number(apps.metadata.annotations[SYNC_WAVE_ANNOTATION])).toBeGreaterThan(Math.max(...waves, ...configWaves));
    const root = app('prod-platform');
    for (const chart of ['team-a-base', 'team-a-apps']) expect(root.spec.source.directory.exclude).toContain(files[chart]);
    const project = objects.find((o) => o.kind === 'AppProject' && o.metadata.name === TEAM_PROJECT) as unknown as { spec: { destinations: Array<{ namespace: string }>; clusterResourceWhitelist: unknown[] } };
    expect(project.spec.destinations.map((d) => d.namespace)).toEqual(['team-a']);
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
  });
});
