/**
 * Invariants of add-on delivery in the stock environments (Pulumi delivery) and in a GitOps
 * variant of production.
 */
import { isChartAddon, type CatalogueAddon } from '../../lib/addons/addon';
import { SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION } from '../../lib/blueprint/gitops';
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
/** Add-ons of an environment delivered as plain manifests (no chart). */
const manifestAddons = (env: string) => envs[env].platform.selection.ordered.filter((a) => !isChartAddon(a));
/** `Kind/name` of an object, as the ConfigGroup children are named after. */
const objectKey = (o: { kind: string; metadata: { name?: string } }) => `${o.kind}/${o.metadata.name}`;

describe('Pulumi delivery', () => {
  it.each(eachEnv)('%s: every chart add-on is a release pinned to the exact chart version of the version table', (env) => {
    const releases = ofType(envs[env].plan, RELEASE);
    const charts = envs[env].platform.selection.ordered.filter(isChartAddon);
    expect(releases.map((r) => r.inputs.name).sort()).toEqual(charts.map((a) => a.id).sort());
    for (const release of releases) {
      expect(String(release.inputs.version)).toMatch(EXACT_VERSION);
      const addon = charts.find((a) => a.id === release.inputs.name)!;
      expect(release.inputs.version).toBe(addon.chart.version);
    }
  });

  it.each(eachEnv)('%s: every manifest add-on (Gateway API CRDs) is one ConfigGroup applying exactly its pinned bundle, and no release', (env) => {
    const manifest = manifestAddons(env);
    expect(manifest.map((a) => a.id)).toEqual(['gateway-api-crds']);
    for (const addon of manifest) {
      if (isChartAddon(addon)) continue;
      expect(ofType(envs[env].plan, RELEASE).map((r) => r.inputs.name)).not.toContain(addon.id);
      const children = envs[env].plan.filter((r) => r.parent === `${env}-${addon.id}`);
      // Child names are `<add-on>-<object name>`, their type token ends in the kind.
      const applied = children.map((c) => `${c.type.split(':').pop()}/${c.name.slice(`${addon.id}-`.length)}`).sort();
      expect(applied).toEqual(addon.manifests.objects().map(objectKey).sort());
      // Vendored upstream bytes: every CRD carries the bundle version the version table pins.
      const crds = addon.manifests.objects().filter((o) => o.kind === 'CustomResourceDefinition');
      expect(crds.length).toBeGreaterThan(0);
      for (const crd of crds) {
        expect((crd.metadata as { annotations?: Record<string, string> }).annotations?.['gateway.networking.k8s.io/bundle-version']).toBe(addon.manifests.version.version);
      }
    }
  });

  it.each(eachEnv)('%s: release values keep their lists as lists (no array serialized as an object)', (env) => {
    const arrayLike = (v: unknown): boolean =>
      !!v && typeof v === 'object' && (Array.isArray(v) ? v.some(arrayLike) : Object.keys(v).length > 0 && Object.keys(v).every((k) => /^\d+$/.test(k)) ? true : Object.values(v).some(arrayLike));
    for (const release of ofType(envs[env].plan, RELEASE)) expect({ release: release.name, arrayLike: arrayLike(release.inputs.values) }).toEqual({ release: release.name, arrayLike: false });
  });

  it.each(eachEnv)('%s: every release and manifest add-on waits for each object of its dependencies (release, manifests or configuration)', (env) => {
    const { platform, plan } = envs[env];
    const releases = new Map(ofType(plan, RELEASE).map((r) => [String(r.inputs.name), r]));
    const groups = new Map(ofType(plan, CONFIG_GROUP).map((g) => [g.name, g]));
    const configured = new Set(platform.manifests().charts.filter((c) => c.phase === 'addon-config').map((c) => c.addon));
    // What "ready" means for a dependency: every object of its configuration, else every object of
    // its manifests, else its release. Pulumi expands a dependency on a ConfigGroup to its children.
    const readiness = (dep: CatalogueAddon['id']): string[] => {
      const group = configured.has(dep) ? `${env}-${dep}-config` : releases.has(dep) ? undefined : `${env}-${dep}`;
      if (!group) return [`${env}-${dep}`];
      const children = plan.filter((r) => r.parent === group).map((r) => r.name);
      expect({ dep, group, children: children.length > 0 }).toEqual({ dep, group, children: true });
      return children;
    };
    let checked = 0;
    for (const addon of platform.selection.ordered) {
      const waiting = isChartAddon(addon) ? releases.get(addon.id)! : groups.get(`${env}-${addon.id}`)!;
      expect({ addon: addon.id, delivered: waiting !== undefined }).toEqual({ addon: addon.id, delivered: true });
      for (const dep of platform.selection.dependencies.get(addon.id) ?? []) {
        const missing = readiness(dep).filter((d) => !waiting.dependsOn.includes(d));
        expect({ addon: addon.id, dep, missing }).toEqual({ addon: addon.id, dep, missing: [] });
        checked += 1;
      }
      if (isChartAddon(addon)) expect({ addon: addon.id, afterFoundation: waiting.dependsOn.some((d) => d.startsWith('foundation-')) }).toEqual({ addon: addon.id, afterFoundation: true });
    }
    expect(checked).toBeGreaterThan(5);
  });

  it.each(eachEnv)('%s: everything that uses Gateway API objects is delivered after the Gateway API CRDs', (env) => {
    const { platform } = envs[env];
    for (const id of ['istio-ingressgateway', 'external-dns'] as const) {
      expect({ id, deps: platform.selection.dependencies.get(id) }).toEqual({ id, deps: expect.arrayContaining(['gateway-api-crds']) });
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

  it.each(eachEnv)('%s: every configuration object is applied by a ConfigGroup after its release, and every manifest add-on by its own ConfigGroup', (env) => {
    const { platform, plan } = envs[env];
    const charts = platform.manifests().charts.filter((c) => c.phase !== 'gitops-bootstrap');
    expect(charts.filter((c) => c.phase === 'addon-manifests').map((c) => c.addon)).toEqual(manifestAddons(env).map((a) => a.id));
    for (const chart of charts) {
      const [group] = ofType(plan, CONFIG_GROUP).filter((g) => g.name === `${env}-${chart.chart}`);
      expect(group).toBeDefined();
      const children = plan.filter((r) => r.parent === group.name);
      expect(children.length).toBe(chart.objects.length);
      // Configuration waits for its add-on's release; a manifest add-on's group is the add-on itself.
      if (chart.phase === 'addon-config') expect(group.dependsOn).toContain(`${env}-${chart.addon}`);
    }
  });

  it('enforces STRICT mTLS mesh-wide in production', () => {
    const strict = ofKind(envs.prod.objects, 'PeerAuthentication').filter(
      (p) => p.metadata.namespace === 'istio-system' && at(p, 'spec.mtls.mode') === 'STRICT' && at(p, 'spec.selector') === undefined,
    );
    expect(strict).toHaveLength(1);
  });

  it.each(eachEnv)("%s: ACME DNS01 issuers use cert-manager's own IRSA identity (no role to assume) and only DNS01", (env) => {
    const { platform, objects, plan } = envs[env];
    const arn = workloadRoleArn(platform.spec, 'cert-manager');
    const acme = ofKind(objects, 'ClusterIssuer').filter((i) => at(i, 'spec.acme') !== undefined);
    expect(acme.length).toBeGreaterThanOrEqual(2);
    expect(platform.spec.addons.tls.challenge).toBe('dns01');
    for (const issuer of acme) {
      const solvers = at<Array<{ dns01?: { route53?: { role?: string; hostedZoneID?: string } }; http01?: unknown }>>(issuer, 'spec.acme.solvers');
      const route53 = solvers.filter((s) => s.dns01?.route53);
      expect(route53.length).toBeGreaterThan(0);
      for (const s of route53) {
        // `role` would make cert-manager sts:AssumeRole from its IRSA role into itself, which the
        // web-identity-only trust policy denies: every DNS01 challenge would fail.
        expect(s.dns01!.route53!.role).toBeUndefined();
        expect(s.dns01!.route53!.hostedZoneID).toBe(platform.spec.addons.hostedZoneId);
      }
      // DNS01 environments (wildcard certificate): no HTTP01 solver.
      expect(solvers.filter((s) => s.http01 !== undefined)).toEqual([]);
    }
    // The identity the solvers use: the chart's service account, annotated with the IRSA role, which exists.
    const release = ofType(plan, RELEASE).find((r) => r.inputs.name === 'cert-manager')!;
    expect(at(release.inputs.values, 'serviceAccount.annotations')).toEqual({ 'eks.amazonaws.com/role-arn': arn });
    const roles = ofType(plan, 'aws:iam/role:Role').map((r) => r.inputs.name);
    expect(roles).toContain(arn.split('/').pop());
  });
});

describe('GitOps delivery', () => {
  it('installs Argo CD as the only Helm release', () => {
    expect(ofType(envs.gitops.plan, RELEASE).map((r) => r.inputs.name)).toEqual(['argo-cd']);
  });

  it('renders one Application per chart add-on, pinned to the exact chart version', () => {
    const { platform, objects } = envs.gitops;
    const apps = ofKind(objects, 'Application').filter((a) => at(a, 'spec.source.chart') !== undefined);
    const expected = platform.selection.ordered.filter(isChartAddon).filter((a) => a.id !== 'argo-cd');
    expect(apps.map((a) => a.metadata.name).sort()).toEqual(expected.map((a) => a.id).sort());
    for (const addon of expected) {
      const app = apps.find((a) => a.metadata.name === addon.id)!;
      expect(at(app, 'spec.source.targetRevision')).toBe(addon.chart.version);
      expect(at(app, 'spec.destination.namespace')).toBe(addon.namespace);
    }
  });

  it('writes each manifest add-on to its own file, synced by the root Application and never pruned (CRDs)', () => {
    const { platform } = envs.gitops;
    const manifest = platform.selection.ordered.filter((a) => !isChartAddon(a));
    expect(manifest.map((a) => a.id)).toEqual(['gateway-api-crds']);
    const root = ofKind(envs.gitops.objects, 'Application').find((a) => a.metadata.name === 'prod-platform')!;
    for (const addon of manifest) {
      const chart = platform.manifests().charts.find((c) => c.phase === 'addon-manifests' && c.addon === addon.id)!;
      expect(chart).toBeDefined();
      expect(at<string>(root, 'spec.source.directory.exclude')).not.toContain(chart.file);
      expect(chart.objects.length).toBeGreaterThan(0);
      // Pruning a CRD deletes every object of its kind, cluster-wide.
      for (const object of chart.objects) {
        expect((object.metadata as { annotations?: Record<string, string> }).annotations?.[SYNC_OPTIONS_ANNOTATION]).toBe('Prune=false');
      }
    }
  });

  it('orders Applications, manifest add-ons and configuration by sync waves after their dependencies', () => {
    const { platform, objects } = envs.gitops;
    const wave = (o: { metadata: Record<string, unknown> }): number => Number(at(o, `metadata.annotations`) && (o.metadata.annotations as Record<string, string>)[SYNC_WAVE_ANNOTATION]);
    const waves = new Map(ofKind(objects, 'Application').map((a) => [a.metadata.name!, wave(a)]));
    // A manifest add-on's wave is the one its objects carry (all of them the same).
    for (const chart of platform.manifests().charts.filter((c) => c.phase === 'addon-manifests')) {
      const own = new Set(chart.objects.map(wave));
      expect(own.size).toBe(1);
      waves.set(chart.addon!, [...own][0]);
    }
    let checked = 0;
    for (const addon of platform.selection.ordered.filter((a) => a.id !== 'argo-cd')) {
      expect({ addon: addon.id, wave: Number.isInteger(waves.get(addon.id)) }).toEqual({ addon: addon.id, wave: true });
      for (const dep of (platform.selection.dependencies.get(addon.id) ?? []).filter((d) => d !== 'argo-cd')) {
        expect({ addon: addon.id, dep, after: waves.get(addon.id)! > waves.get(dep)! }).toEqual({ addon: addon.id, dep, after: true });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(5);
    for (const chart of platform.manifests().charts.filter((c) => c.phase === 'addon-config')) {
      for (const object of chart.objects) expect(wave(object)).toBe(waves.get(chart.addon!)! + 1);
    }
  });

  it('bootstraps a root Application that syncs the manifests from Git but not what Pulumi applies', () => {
    const root = ofKind(envs.gitops.objects, 'Application').find((a) => a.metadata.name === 'prod-platform')!;
    expect(at(root, 'spec.source.repoURL')).toBe('https://git.example.com/platform/manifests.git');
    expect(at(root, 'spec.source.path')).toBe('dist/prod/manifests');
    expect(at<string>(root, 'spec.source.directory.exclude')).toContain('00-foundation.k8s.yaml');
  });
});
