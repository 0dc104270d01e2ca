/**
 * The spec's alternative choices synthesize into a coherent, valid platform.
 */
import { toCanonicalJson } from '../../lib/blueprint/canonical';
import { toCloudJson } from '../../lib/plan/planner';
import { at, ofKind, ofType, synthesize, type Synthesized } from '../support/environment';
import { EKS_ADDON_CRDS, withoutChartOnlyCrdProblems } from '../support/chart-crd-groups';
import { validateObjects } from '../support/schema';
import { hashCrdSchemas } from '../support/snapshot-serializer';
import { prodAlternatives, prodMeshOff } from '../support/variants';

let env: Synthesized;
let meshOff: Synthesized;
beforeAll(async () => {
  env = await synthesize(prodAlternatives);
  meshOff = await synthesize(prodMeshOff);
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
    expect(withoutChartOnlyCrdProblems(validateObjects(env.objects, { crds: EKS_ADDON_CRDS }))).toEqual([]);
    expect(toCanonicalJson(hashCrdSchemas(toCloudJson(env.plan)))).toMatchSnapshot();
  });
});

describe('prod without the mesh: the AWS Load Balancer Controller serves the Gateway API edge as an ALB', () => {
  const meshReleases = (): string[] => ofType(meshOff.plan, 'kubernetes:helm.sh/v3:Release').map((r) => String(r.inputs.name));

  it('installs no Istio component and no mesh policy', () => {
    expect(meshReleases().filter((r) => r.startsWith('istio'))).toEqual([]);
    expect(ofKind(meshOff.objects, 'PeerAuthentication')).toEqual([]);
    expect(ofKind(meshOff.objects, 'AuthorizationPolicy')).toEqual([]);
  });

  it('runs one ALB Gateway, in the controller\'s namespace, after the Gateway API CRDs with the ALB gateway controller on', () => {
    const gateways = ofKind(meshOff.objects, 'Gateway');
    expect(gateways).toHaveLength(1);
    expect(gateways[0].apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(at(gateways[0], 'spec.gatewayClassName')).toBe('alb');
    expect(gateways[0].metadata.namespace).toBe('kube-system');
    expect(meshOff.platform.selection.dependencies.get('aws-load-balancer-controller')).toEqual(expect.arrayContaining(['gateway-api-crds']));
    const controller = ofType(meshOff.plan, 'kubernetes:helm.sh/v3:Release').find((r) => r.inputs.name === 'aws-load-balancer-controller')!;
    expect(at(controller.inputs.values, 'controllerConfig.featureGates.ALBGatewayAPI')).toBe(true);
  });

  it('terminates TLS at the ALB with an ACM certificate for the wildcard (no in-cluster wildcard certificate)', () => {
    const acm = ofType(meshOff.plan, 'aws:acm/certificate:Certificate');
    expect(acm.map((c) => [c.inputs.domainName, c.inputs.validationMethod])).toEqual([[`*.${meshOff.platform.spec.domain}`, 'DNS']]);
    expect(ofKind(meshOff.objects, 'Certificate').filter((c) => c.metadata.name === 'prod-wildcard')).toEqual([]);
  });

  it('lets tenants be reached only from the public subnets the ALB runs in (ALB targets are pod IPs)', () => {
    const publicSubnets = ofType(meshOff.plan, 'aws:ec2/subnet:Subnet')
      .filter((s) => (s.inputs.tags as Record<string, string>)['kubernetes.io/role/elb'] === '1')
      .map((s) => String(s.inputs.cidrBlock))
      .sort();
    expect(publicSubnets).toHaveLength(3);
    for (const { name } of meshOff.platform.spec.tenants) {
      const edge = ofKind(meshOff.objects, 'NetworkPolicy').find((n) => n.metadata.namespace === name && n.metadata.name === 'allow-ingress-controller')!;
      const peers = at<Array<{ from: Array<{ ipBlock?: { cidr: string } }> }>>(edge, 'spec.ingress').flatMap((rule) => rule.from);
      expect(peers.map((p) => p.ipBlock?.cidr).sort()).toEqual(publicSubnets);
    }
  });
  // Schema validation of this variant needs the controller chart's own CRDs (gateway.k8s.aws
  // LoadBalancerConfiguration, TargetGroupConfiguration): test/schema/environments.test.ts renders
  // the chart and validates every object of prod-mesh-off against them.
});
