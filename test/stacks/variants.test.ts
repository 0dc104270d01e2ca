/**
 * The spec's alternative choices synthesize into a coherent, valid platform.
 */
import { toCanonicalJson } from '../../lib/blueprint/canonical';
import { toCloudJson } from '../../lib/plan/planner';
import { at, ofKind, ofType, synthesize, type Synthesized } from '../support/environment';
import { validateObjects } from '../support/schema';
import { hashCrdSchemas } from '../support/snapshot-serializer';
import { prodAlternatives } from '../support/variants';

let env: Synthesized;
beforeAll(async () => {
  env = await synthesize(prodAlternatives);
});
const releases = (): string[] => ofType(env.plan, 'kubernetes:helm.sh/v3:Release').map((r) => String(r.inputs.name)).sort();

describe('prod with Cilium, cluster-autoscaler and the Istio gateway', () => {
  it('installs the chosen alternatives instead of the defaults', () => {
    expect(releases()).toEqual(expect.arrayContaining(['cilium', 'cluster-autoscaler', 'istio-ingressgateway']));
    expect(releases()).not.toContain('karpenter');
    expect(releases()).not.toContain('ingress-nginx');
  });

  it('hands network policy enforcement from the VPC CNI to Cilium', () => {
    const cni = ofType(env.plan, 'aws:eks/addon:Addon').find((a) => a.inputs.addonName === 'vpc-cni')!;
    expect(JSON.parse(String(cni.inputs.configurationValues)).enableNetworkPolicy).toBe('false');
  });

  it('creates no Karpenter cloud resources without Karpenter', () => {
    expect(ofType(env.plan, 'aws:sqs/queue:Queue')).toHaveLength(0);
    expect(ofType(env.plan, 'groundwork:cloud:KarpenterInfra')).toHaveLength(0);
  });

  it('serves the wildcard certificate from the Gateway API edge Gateway in the gateway namespace', () => {
    const cert = ofKind(env.objects, 'Certificate').find((c) => c.metadata.name === 'prod-wildcard')!;
    expect(cert.metadata.namespace).toBe('istio-system');
    const gateways = ofKind(env.objects, 'Gateway');
    expect(gateways).toHaveLength(1);
    const [gateway] = gateways;
    expect(gateway.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gateway.metadata.namespace).toBe(cert.metadata.namespace);
    expect(at(gateway, 'spec.gatewayClassName')).toBe('istio');
    const https = at<Array<{ protocol: string; tls?: { mode: string; certificateRefs: Array<{ kind: string; name: string }> } }>>(gateway, 'spec.listeners').filter((l) => l.protocol === 'HTTPS');
    expect(https).toHaveLength(1);
    expect(https[0].tls).toMatchObject({ mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: at(cert, 'spec.secretName') }] });
  });

  it('validates every object and matches the plan snapshot', () => {
    expect(validateObjects(env.objects)).toEqual([]);
    expect(toCanonicalJson(hashCrdSchemas(toCloudJson(env.plan)))).toMatchSnapshot();
  });
});
