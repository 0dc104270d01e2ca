/**
 * User overrides are recorded where a reviewer looks in each delivery mode: the Helm Release
 * description (Pulumi) and the `groundwork.dev/overrides` annotation of the add-on's Argo CD
 * Application (GitOps), sorted dotted paths, team add-ons included; nothing without overrides.
 */
import type { Addon } from '../../lib/addons/addon';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { Platform } from '../../lib/blueprint/platform';
import { OVERRIDES_ANNOTATION } from '../../lib/guard-rails';
import { planPlatform } from '../../lib/plan/plan-platform';
import { toCloudJson } from '../../lib/plan/planner';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev } from '../../stacks/environments';
import { prodGitops } from '../support/variants';

const TODAY = '2026-06-01';
const GITOPS = { delivery: 'gitops', gitops: { repoURL: 'https://git.example.com/platform/manifests.git' } } as const;

/** A team add-on with its own chart (not cached: its override keys are only warned about). */
const teamWeb = {
  id: 'team-web',
  description: 'The team web service',
  chart: { chart: 'team-web', version: '1.0.0', repository: 'https://charts.example.com/team', checked: 'unverified' },
  namespace: 'team-web',
  dependsOn: () => [],
  isSelected: () => true,
  values: () => ({ replicaCount: 1, ui: { message: 'hi' } }),
} as unknown as Addon;

/** Overrides given out of order, nested and top-level, on a stock and a team add-on. */
const overrides = { 'team-web': { ui: { message: 'hello' }, replicaCount: 2 }, 'metrics-server': { replicas: 2, podDisruptionBudget: { enabled: true } } };
const spec = (delivery: 'pulumi' | 'gitops'): EnvironmentSpec =>
  ({ ...dev, addons: { ...dev.addons, ...(delivery === 'gitops' ? GITOPS : {}), overrides } }) as EnvironmentSpec;

const annotationsOf = (o: KubeObject | undefined): Record<string, string> => ((o?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {});
const applications = (platform: Platform): KubeObject[] => platform.manifests().charts.flatMap((c) => c.objects).filter((o) => o.kind === 'Application');

describe('overrides recorded under GitOps', () => {
  it('annotates the Application of each overridden add-on, team add-ons too, with its sorted paths, and no other', () => {
    const apps = applications(Platform.fromSpec(spec('gitops'), { today: TODAY, addons: [teamWeb] }));
    const marked = apps.filter((a) => OVERRIDES_ANNOTATION in annotationsOf(a)).map((a) => `${a.metadata.name}: ${annotationsOf(a)[OVERRIDES_ANNOTATION]}`);
    expect(marked.sort()).toEqual(['metrics-server: podDisruptionBudget.enabled, replicas', 'team-web: replicaCount, ui.message']);
  });

  it('leaves the stock GitOps variant, which has no overrides, without the annotation', () => {
    const apps = applications(Platform.fromSpec(prodGitops, { today: TODAY }));
    expect(apps.length).toBeGreaterThan(5);
    expect(apps.filter((a) => OVERRIDES_ANNOTATION in annotationsOf(a)).map((a) => a.metadata.name)).toEqual([]);
  });
});

describe('overrides recorded under Pulumi delivery', () => {
  it('puts the same sorted paths in the Release description, and no Application is emitted', async () => {
    const platform = Platform.fromSpec(spec('pulumi'), { today: TODAY, addons: [teamWeb] });
    expect(applications(platform)).toEqual([]);
    const releases = (toCloudJson(await planPlatform(platform)) as Array<{ type: string; inputs: Record<string, any> }>).filter((r) => r.type === 'kubernetes:helm.sh/v3:Release');
    const description = (name: string): unknown => releases.find((r) => r.inputs.name === name)?.inputs.description;
    expect(description('metrics-server')).toBe('groundwork: user overrides at podDisruptionBudget.enabled, replicas');
    expect(description('team-web')).toBe('groundwork: user overrides at replicaCount, ui.message');
    expect(description('cert-manager')).toBe('groundwork: blueprint values');
  });
});
