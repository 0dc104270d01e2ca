/**
 * Every applied exception is visible to a reviewer: the synth summary, a ConfigMap in the
 * manifests and the plan, annotations on the namespaces it concerns, the Helm Release
 * description (Pulumi) and the Argo CD Application (GitOps) — and nothing of it appears when a
 * spec has no exception.
 */
import { Platform } from '../../lib/blueprint/platform';
import type { KubeObject } from '../../lib/blueprint/manifests';
import { synthesizeEnvironment } from '../../lib/cli/synth';
import { EXCEPTIONS_CONFIG_MAP, GUARD_RAIL_EXCEPTIONS_ANNOTATION, OVERRIDES_ANNOTATION } from '../../lib/guard-rails';
import { planPlatform } from '../../lib/plan/plan-platform';
import { toCloudJson } from '../../lib/plan/planner';
import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev } from '../../stacks/environments';
import { changed, exception, TODAY } from './helpers';

/** dev on ingress-nginx with snippets on, and a tenant editable by every authenticated identity: both excepted. */
const excepted: EnvironmentSpec = changed((s) => {
  s.addons = { ...s.addons, ingress: 'ingress-nginx', overrides: { 'ingress-nginx': { controller: { allowSnippetAnnotations: true, replicaCount: 2 } } } };
  s.tenants[0].editors = ['team-a-developers', 'system:authenticated'];
  s.exceptions = [
    exception('ingress-snippets', 'ingress-nginx', { reason: 'legacy rewrite rules until APP-9 moves them to routes', expires: '2026-09-30' }),
    exception('identity-bindings', 'team-a/system:authenticated', { reason: 'read-mostly demo namespace for the workshop', approvedBy: 'Jane Doe' }),
  ];
}, dev);
const gitopsExcepted: EnvironmentSpec = changed((s) => ((s.addons = { ...s.addons, delivery: 'gitops', gitops: { repoURL: 'https://git.example.com/platform/manifests.git' } }), s), excepted);

const objectsOf = (platform: Platform): KubeObject[] => platform.manifests().charts.flatMap((c) => c.objects);
const find = (objects: readonly KubeObject[], kind: string, name: string): KubeObject | undefined => objects.find((o) => o.kind === kind && o.metadata.name === name);
const annotations = (o: KubeObject | undefined): Record<string, string> => ((o?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {});

describe('recording applied exceptions', () => {
  const platform = Platform.fromSpec(excepted, { today: TODAY });

  it('lists them on the platform, sorted by guard rail', () => {
    expect(platform.exceptions.map((e) => `${e.guardRail} ${e.target}: ${e.violations.map((v) => v.path).join(', ')}`)).toEqual([
      'identity-bindings team-a/system:authenticated: spec.tenants[0].editors[1]',
      'ingress-snippets ingress-nginx: spec.addons.overrides.ingress-nginx.controller.allowSnippetAnnotations',
    ]);
  });

  it('prints one summary line per exception', async () => {
    const { summary } = await synthesizeEnvironment(platform);
    expect(summary.filter((l) => l.startsWith('  exception: '))).toEqual([
      '  exception: identity-bindings team-a/system:authenticated: read-mostly demo namespace for the workshop (approved by Jane Doe, no expiry)',
      '  exception: ingress-snippets ingress-nginx: legacy rewrite rules until APP-9 moves them to routes (approved by SEC-123, expires 2026-09-30)',
    ]);
  });

  it('writes the ConfigMap in the foundation manifests, one canonical JSON entry per exception', () => {
    const foundation = platform.manifests().charts.find((c) => c.phase === 'foundation')!;
    const map = find(foundation.objects, 'ConfigMap', EXCEPTIONS_CONFIG_MAP.name)!;
    expect(map.metadata.namespace).toBe('kube-system');
    expect(map.data).toEqual({
      'identity-bindings.team-a_system_authenticated':
        '{"guardRail":"identity-bindings","target":"team-a/system:authenticated","reason":"read-mostly demo namespace for the workshop","approvedBy":"Jane Doe","covers":["spec.tenants[0].editors[1]"]}',
      'ingress-snippets.ingress-nginx':
        '{"guardRail":"ingress-snippets","target":"ingress-nginx","reason":"legacy rewrite rules until APP-9 moves them to routes","approvedBy":"SEC-123","expires":"2026-09-30","covers":["spec.addons.overrides.ingress-nginx.controller.allowSnippetAnnotations"]}',
    });
  });

  it('annotates the namespaces the exceptions concern, and no other', () => {
    const namespaces = objectsOf(platform).filter((o) => o.kind === 'Namespace');
    const annotated = namespaces.filter((n) => GUARD_RAIL_EXCEPTIONS_ANNOTATION in annotations(n)).map((n) => n.metadata.name);
    expect(annotated).toEqual(['ingress-nginx', 'team-a']);
    expect(JSON.parse(annotations(find(namespaces, 'Namespace', 'team-a'))[GUARD_RAIL_EXCEPTIONS_ANNOTATION])).toEqual([
      expect.objectContaining({ guardRail: 'identity-bindings', approvedBy: 'Jane Doe' }),
    ]);
  });

  it('reaches cloud.json (the foundation ConfigGroup) and the Release description', async () => {
    const cloud = toCloudJson(await planPlatform(platform)) as Array<{ type: string; name: string; inputs: Record<string, any> }>;
    const map = cloud.find((r) => r.type === 'kubernetes:core/v1:ConfigMap' && r.inputs.metadata?.name === EXCEPTIONS_CONFIG_MAP.name);
    expect(Object.keys(map?.inputs.data ?? {})).toEqual(['identity-bindings.team-a_system_authenticated', 'ingress-snippets.ingress-nginx']);
    const release = cloud.find((r) => r.type === 'kubernetes:helm.sh/v3:Release' && r.inputs.name === 'ingress-nginx');
    expect(release?.inputs.description).toBe(
      'groundwork: user overrides at controller.allowSnippetAnnotations, controller.replicaCount; guard-rail exceptions: ingress-snippets ingress-nginx (approved by SEC-123, expires 2026-09-30)',
    );
    const other = cloud.find((r) => r.type === 'kubernetes:helm.sh/v3:Release' && r.inputs.name === 'cert-manager');
    expect(other?.inputs.description).toBe('groundwork: blueprint values');
  });
});

describe('recording under GitOps', () => {
  const objects = objectsOf(Platform.fromSpec(gitopsExcepted, { today: TODAY }));

  it('annotates the Application of the add-on with its exceptions and overridden value paths', () => {
    const app = annotations(find(objects, 'Application', 'ingress-nginx'));
    expect(JSON.parse(app[GUARD_RAIL_EXCEPTIONS_ANNOTATION])).toEqual([
      {
        guardRail: 'ingress-snippets',
        target: 'ingress-nginx',
        reason: 'legacy rewrite rules until APP-9 moves them to routes',
        approvedBy: 'SEC-123',
        expires: '2026-09-30',
        covers: ['spec.addons.overrides.ingress-nginx.controller.allowSnippetAnnotations'],
      },
    ]);
    expect(app[OVERRIDES_ANNOTATION]).toBe('controller.allowSnippetAnnotations, controller.replicaCount');
  });

  it('records overrides without an exception too, and leaves Applications without either unannotated', () => {
    const spec = changed((s) => ((s.addons = { ...s.addons, delivery: 'gitops', gitops: { repoURL: 'https://git.example.com/platform/manifests.git' }, overrides: { 'cert-manager': { replicaCount: 2 } } }), s), dev);
    const apps = objectsOf(Platform.fromSpec(spec, { today: TODAY })).filter((o) => o.kind === 'Application');
    const marked = apps.filter((a) => Object.keys(annotations(a)).some((k) => k.startsWith('groundwork.dev/'))).map((a) => [a.metadata.name, annotations(a)[OVERRIDES_ANNOTATION]]);
    expect(marked).toEqual([['cert-manager', 'replicaCount']]);
  });
});

describe('without exceptions', () => {
  it('emits no exception ConfigMap and no exception annotation', () => {
    const objects = objectsOf(Platform.fromSpec(dev, { today: TODAY }));
    expect(find(objects, 'ConfigMap', EXCEPTIONS_CONFIG_MAP.name)).toBeUndefined();
    expect(objects.filter((o) => GUARD_RAIL_EXCEPTIONS_ANNOTATION in annotations(o))).toEqual([]);
  });
});
