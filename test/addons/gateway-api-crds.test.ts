import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isChartAddon, pinnedVersionOf } from '../../lib/addons/addon';
import { CATALOGUE } from '../../lib/addons/catalogue';
import { GATEWAY_API_CRD_FILE, gatewayApiCrdObjects, gatewayApiCrdPath, gatewayApiCrds } from '../../lib/addons/gateway-api-crds';
import { SYNC_OPTIONS_ANNOTATION, SYNC_WAVE_ANNOTATION } from '../../lib/blueprint/gitops';
import { Platform } from '../../lib/blueprint/platform';
import { applyDefaults } from '../../lib/spec/defaults';
import { GATEWAY_API_VERSION } from '../../lib/spec/versions';
import { dev, prod } from '../../stacks/environments';
import { REPO_ROOT } from '../support/rendered';
import { validateObjects } from '../support/schema';
import { prodGitops } from '../support/variants';

const objects = gatewayApiCrdObjects();
const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition') as unknown as Array<{ metadata: { name: string; annotations: Record<string, string> }; spec: { group: string; names: { kind: string } } }>;

describe('gateway-api-crds', () => {
  it('ships the standard-channel bundle of the pinned version, byte for byte as upstream builds it', () => {
    expect(GATEWAY_API_CRD_FILE).toBe(`gateway-api-${GATEWAY_API_VERSION.version}-standard.yaml`);
    const shared = join(REPO_ROOT, '..', 'shared', 'crds', GATEWAY_API_CRD_FILE);
    if (existsSync(shared)) {
      const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
      expect(sha(gatewayApiCrdPath())).toBe(sha(shared));
    }
    for (const crd of crds) {
      expect(crd.metadata.annotations['gateway.networking.k8s.io/bundle-version']).toBe(GATEWAY_API_VERSION.version);
      expect(crd.metadata.annotations['gateway.networking.k8s.io/channel']).toBe('standard');
    }
  });

  it('holds the kinds the edge uses, plus the safe-upgrades admission policy and its binding', () => {
    expect(crds.map((c) => c.spec.names.kind).sort()).toEqual(
      ['BackendTLSPolicy', 'GRPCRoute', 'Gateway', 'GatewayClass', 'HTTPRoute', 'ListenerSet', 'ReferenceGrant', 'TLSRoute'],
    );
    expect(objects.filter((o) => o.kind !== 'CustomResourceDefinition').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ValidatingAdmissionPolicy/safe-upgrades.gateway.networking.k8s.io',
      'ValidatingAdmissionPolicyBinding/safe-upgrades.gateway.networking.k8s.io',
    ]);
  });

  it('resolves the bundle from the compiled layout too (build/lib/addons → lib/addons/crds, shipped by package.json files)', () => {
    expect(gatewayApiCrdPath(join(REPO_ROOT, 'build', 'lib', 'addons'))).toBe(join(REPO_ROOT, 'lib', 'addons', 'crds', GATEWAY_API_CRD_FILE));
    const files = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
    expect(files).toContain('lib/addons/crds/');
    expect(() => gatewayApiCrdPath('/nonexistent/dir')).toThrow(/Gateway API CRD bundle gateway-api-v1\.5\.1-standard\.yaml not found/);
  });

  it('is a manifest add-on in the catalogue: no chart, no values, pinned by the version table', () => {
    const entry = CATALOGUE.find((a) => a.id === 'gateway-api-crds')!;
    expect(isChartAddon(entry)).toBe(false);
    expect(pinnedVersionOf(entry)).toBe(GATEWAY_API_VERSION);
    expect(gatewayApiCrds.placement).toBe('none');
  });

  it('is selected with the Gateway API edge only', () => {
    expect(gatewayApiCrds.isSelected(applyDefaults(prod))).toBe(true);
    expect(gatewayApiCrds.isSelected(applyDefaults({ ...dev, addons: { ...dev.addons, ingress: 'ingress-nginx' } }))).toBe(false);
  });

  it('returns fresh copies (callers may label them without changing the bundle)', () => {
    const first = gatewayApiCrdObjects();
    first[0].metadata.name = 'changed';
    expect(gatewayApiCrdObjects()[0].metadata.name).not.toBe('changed');
  });

  it('is one manifest file of its own, labelled with the environment, in its dependency place', () => {
    const platform = Platform.fromSpec(prod);
    const chart = platform.manifests().charts.find((c) => c.chart === 'gateway-api-crds')!;
    expect(chart).toMatchObject({ phase: 'addon-manifests', addon: 'gateway-api-crds' });
    expect(chart.objects).toHaveLength(objects.length);
    expect(chart.objects.every((o) => (o.metadata as { labels?: Record<string, string> }).labels?.['groundwork.dev/environment'] === 'prod')).toBe(true);
    // Everything that reads or writes Gateway API objects waits for it.
    for (const id of ['istio-ingressgateway', 'external-dns'] as const) {
      expect({ id, deps: platform.selection.dependencies.get(id) }).toEqual({ id, deps: expect.arrayContaining(['gateway-api-crds']) });
    }
  });

  it('is never pruned by Argo CD (deleting a CRD deletes every route of its kind) and syncs in the first wave', () => {
    const chart = Platform.fromSpec(prodGitops).manifests().charts.find((c) => c.chart === 'gateway-api-crds')!;
    for (const o of chart.objects) {
      expect((o.metadata as { annotations?: Record<string, string> }).annotations).toMatchObject({
        [SYNC_OPTIONS_ANNOTATION]: 'Prune=false',
        [SYNC_WAVE_ANNOTATION]: '0',
      });
    }
    expect(gatewayApiCrds.manifests.keepOnRemoval).toBe(true);
  });

  it('validates: every CRD schema is structural and the policy objects match Kubernetes 1.36', () => {
    expect(validateObjects(objects)).toEqual([]);
  });
});
