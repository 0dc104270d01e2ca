/**
 * The spec's alternative choices synthesize into a coherent, valid platform.
 */
import { toCanonicalJson } from '../../lib/blueprint/canonical';
import { toCloudJson } from '../../lib/plan/planner';
import { at, ofKind, ofType, synthesize, type Synthesized } from '../support/environment';
import { validateObjects } from '../support/schema';
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

  it('serves the wildcard certificate from the gateway namespace', () => {
    const cert = ofKind(env.objects, 'Certificate').find((c) => c.metadata.name === 'prod-wildcard')!;
    expect(cert.metadata.namespace).toBe('istio-system');
    expect(ofKind(env.objects, 'Gateway')).toHaveLength(1);
    expect(at(ofKind(env.objects, 'Gateway')[0], 'spec.servers')).toBeDefined();
  });

  it('validates every object and matches the plan snapshot', () => {
    expect(validateObjects(env.objects)).toEqual([]);
    expect(toCanonicalJson(toCloudJson(env.plan))).toMatchSnapshot();
  });
});
