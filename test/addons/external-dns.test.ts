import { externalDns } from '../../lib/addons/external-dns';
import { applyDefaults } from '../../lib/spec/defaults';
import { workloadRoleArn } from '../../lib/spec/naming';
import type { AddonId } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';
import { renderedEnvironment } from '../support/rendered';

const ctx = (env: typeof dev, enabled: AddonId[] = ['external-dns', 'ingress-nginx']) => ({ spec: applyDefaults(env), enabled: new Set(enabled) });

describe('external-dns', () => {
  it.each([['dev', dev], ['prod', prod]])('values for %s match the snapshot', (_, env) => {
    expect(externalDns.values(ctx(env))).toMatchSnapshot();
  });

  // Production never deletes records (a bad source cannot take names offline); other tiers sync.
  it('is upsert-only in production and syncs in dev and staging', () => {
    expect(externalDns.values(ctx(prod)).policy).toBe('upsert-only');
    expect(externalDns.values(ctx(staging)).policy).toBe('sync');
    expect(externalDns.values(ctx(dev)).policy).toBe('sync');
  });

  it('writes only to the environment hosted zone', () => {
    const spec = applyDefaults(prod);
    const policy = externalDns.workloadIdentity!.policy(spec);
    const writes = policy.Statement.filter((s) => [s.Action].flat().includes('route53:ChangeResourceRecordSets'));
    expect(writes).toHaveLength(1);
    expect(writes[0].Resource).toBe('arn:aws:route53:::hostedzone/Z0PROD0000000000000003');
    expect(externalDns.values(ctx(prod)).extraArgs).toContain('--zone-id-filter=Z0PROD0000000000000003');
  });

  it('owns its records by environment, filtered to its domain, with the IRSA role', () => {
    const spec = applyDefaults(prod);
    const v = externalDns.values(ctx(prod));
    expect(v.txtOwnerId).toBe('prod');
    expect(v.domainFilters).toEqual(['prod.groundwork.example.com']);
    expect(v.serviceAccount.annotations['eks.amazonaws.com/role-arn']).toBe(workloadRoleArn(spec, 'external-dns'));
    expect(v.tolerations).toContainEqual(expect.objectContaining({ key: 'CriticalAddonsOnly' }));
  });

  it('publishes HTTPRoute hostnames with the Gateway API edge, Ingresses only with ingress-nginx', () => {
    expect(externalDns.values(ctx(prod, ['external-dns', 'gateway-api-crds', 'istio-ingressgateway'])).sources).toEqual(['service', 'gateway-httproute']);
    expect(externalDns.values(ctx(prod, ['external-dns', 'ingress-nginx'])).sources).toEqual(['service', 'ingress']);
  });

  it('starts after the Gateway API CRDs its route source lists', () => {
    expect(externalDns.dependsOn(ctx(prod, ['external-dns', 'gateway-api-crds']))).toEqual(['gateway-api-crds']);
    expect(externalDns.dependsOn(ctx(prod, ['external-dns', 'ingress-nginx']))).toEqual([]);
  });

  it('runs one writer in every tier (no leader election): Recreate, never two pods', () => {
    for (const env of [dev, staging, prod]) expect(externalDns.values(ctx(env)).deploymentStrategy).toEqual({ type: 'Recreate' });
  });

  it('has requests and a memory limit', () => {
    expect(externalDns.values(ctx(prod)).resources).toEqual({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.stringMatching(/Mi$/) } });
  });

  it('gets read access to routes, gateways and namespaces from the chart once the route source is on (rendered RBAC)', async () => {
    const { releases } = await renderedEnvironment(prod);
    const rendered = releases.find((r) => r.release === 'external-dns')!;
    const role = rendered.objects.find((o) => o.kind === 'ClusterRole') as unknown as { rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> };
    const can = (group: string, resource: string) => role.rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && ['get', 'list', 'watch'].every((v) => r.verbs.includes(v)));
    expect([can('gateway.networking.k8s.io', 'httproutes'), can('gateway.networking.k8s.io', 'gateways'), can('', 'namespaces')]).toEqual([true, true, true]);
    const deployment = rendered.objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { replicas: number; strategy: { type: string }; template: { spec: { containers: Array<{ args: string[] }> } } } };
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('Recreate');
    expect(deployment.spec.template.spec.containers[0].args).toEqual(expect.arrayContaining(['--source=service', '--source=gateway-httproute']));
  }, 300_000);

  it('is selected only when a hosted zone is set', () => {
    const spec = applyDefaults(prod);
    expect(externalDns.isSelected(spec)).toBe(true);
    expect(externalDns.isSelected({ ...spec, addons: { ...spec.addons, hostedZoneId: undefined } })).toBe(false);
  });
});
