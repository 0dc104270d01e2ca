import { externalDns } from '../../lib/addons/external-dns';
import { applyDefaults } from '../../lib/spec/defaults';
import { workloadRoleArn } from '../../lib/spec/naming';
import type { AddonId } from '../../lib/spec/types';
import { dev, prod, staging } from '../../stacks/environments';

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

  it('watches Istio gateways only when the Istio ingress gateway is enabled', () => {
    expect(externalDns.values(ctx(prod)).sources).toEqual(['service', 'ingress']);
    expect(externalDns.values(ctx(prod, ['external-dns', 'istio-ingressgateway'])).sources).toEqual(['service', 'ingress', 'istio-gateway']);
  });

  it('is selected only when a hosted zone is set', () => {
    const spec = applyDefaults(prod);
    expect(externalDns.isSelected(spec)).toBe(true);
    expect(externalDns.isSelected({ ...spec, addons: { ...spec.addons, hostedZoneId: undefined } })).toBe(false);
  });
});
