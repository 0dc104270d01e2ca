/**
 * One test per validation rule, asserting the message (field, problem, fix).
 */
import { SpecValidationError } from '../../lib/spec/errors';
import { resolveSpec, validateSpec } from '../../lib/spec/validate';
import { dev, staging, prod } from '../../stacks/environments';
import { issuesOf } from './helpers';

describe('stock environments', () => {
  it.each([dev, staging, prod].map((s) => [s.name, s]))('%s is valid', (_name, spec) => {
    expect(validateSpec(spec)).toMatchObject({ ok: true });
  });
});

describe('shape', () => {
  it('rejects unknown keys at any level and lists the known ones', () => {
    expect(issuesOf((s) => ((s.colour = 'blue'), (s.nodePools[0].sise = 3)))).toEqual([
      { path: 'spec.colour', problem: 'unknown key "colour"', fix: expect.stringContaining('known keys: accountId, addons, admins') },
      { path: 'spec.nodePools[0].sise', problem: 'unknown key "sise"', fix: expect.stringContaining('capacity, desiredSize, diskSizeGiB') },
    ]);
  });
  it('names a missing required field', () => {
    expect(issuesOf((s) => delete s.region)).toEqual([{ path: 'spec.region', problem: 'is required', fix: 'add region (a string)' }]);
  });
  it('names a wrong type', () => {
    expect(issuesOf((s) => (s.nodePools[0].minSize = '3'))).toEqual(
      expect.arrayContaining([{ path: 'spec.nodePools[0].minSize', problem: 'expected an integer, got "3"', fix: 'write an integer' }]),
    );
  });
  it('lists the allowed values of an enum', () => {
    expect(issuesOf((s) => (s.tier = 'prod'))).toEqual(
      expect.arrayContaining([{ path: 'spec.tier', problem: '"prod" is not allowed', fix: 'use one of "development", "staging", "production"' }]),
    );
  });
  it('rejects a spec that is not an object', () => {
    expect(validateSpec(42)).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'spec', problem: 'is not an object' })] });
  });
});

describe('identity', () => {
  it('name must be a DNS label', () => {
    expect(issuesOf((s) => (s.name = 'Prod_1'))).toEqual([expect.objectContaining({ path: 'spec.name', problem: '"Prod_1" is not a lowercase DNS label of 2–20 characters' })]);
  });
  it('accountId must be 12 digits', () => {
    expect(issuesOf((s) => (s.accountId = '1234'))).toEqual([expect.objectContaining({ path: 'spec.accountId', problem: '"1234" is not a 12-digit AWS account id' })]);
  });
  it('region must be an AWS region', () => {
    expect(issuesOf((s) => (s.region = 'europe'))).toEqual([expect.objectContaining({ path: 'spec.region', fix: 'use a region such as eu-west-1 or us-east-2' })]);
  });
  it('Kubernetes version must be one of the offered minors (1.34 was dropped before it leaves standard support)', () => {
    for (const version of ['1.29', '1.34']) {
      expect(issuesOf((s) => (s.kubernetesVersion = version))).toEqual([
        {
          path: 'spec.kubernetesVersion',
          problem: `Kubernetes ${version} is not offered (only minors in EKS standard support, each with pinned EKS add-ons)`,
          fix: 'use one of 1.36, 1.35 (or omit it for 1.36)',
        },
      ]);
    }
  });
  it.each(['1.35', '1.36'])('Kubernetes %s is offered, with its own EKS add-on pins', (version) => {
    expect(issuesOf((s) => (s.kubernetesVersion = version))).toEqual([]);
  });
  it('tags must not use the aws: prefix', () => {
    expect(issuesOf((s) => (s.tags = { 'aws:owner': 'x' }))).toEqual([expect.objectContaining({ path: 'spec.tags.aws:owner', problem: 'tag keys starting with "aws:" are reserved by AWS' })]);
  });
  it('at most 40 user tags', () => {
    const tags = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`t${i}`, 'x']));
    expect(issuesOf((s) => (s.tags = tags))).toEqual([expect.objectContaining({ path: 'spec.tags', fix: 'keep at most 40 tags' })]);
  });
  it('domain must be a DNS name', () => {
    expect(issuesOf((s) => (s.domain = 'Not A Domain'))).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'spec.domain', problem: '"Not A Domain" is not a lowercase DNS name' })]));
  });
});

describe('network', () => {
  it('production needs 3 availability zones', () => {
    expect(issuesOf((s) => (s.availabilityZones = 2))).toEqual([
      { path: 'spec.availabilityZones', problem: 'production needs at least 3 availability zones (got 2)', fix: 'set availabilityZones: 3 so losing one zone leaves a quorum' },
    ]);
  });
  it('availability zones stay within 2–6 in any tier', () => {
    expect(issuesOf((s) => (s.availabilityZones = 1), dev)).toEqual([expect.objectContaining({ path: 'spec.availabilityZones', problem: '1 availability zones is outside 2–6' })]);
  });
  it('rejects a malformed CIDR', () => {
    expect(issuesOf((s) => (s.vpcCidr = '10.0.0/16'))).toEqual([expect.objectContaining({ path: 'spec.vpcCidr', problem: '"10.0.0/16" is not an IPv4 CIDR block like 10.0.0.0/16' })]);
  });
  it('rejects host bits and suggests the network address', () => {
    expect(issuesOf((s) => (s.vpcCidr = '10.30.1.0/16'))).toEqual([{ path: 'spec.vpcCidr', problem: '"10.30.1.0/16" has host bits set', fix: 'use 10.30.0.0/16' }]);
  });
  it('rejects a VPC too small for the subnets', () => {
    expect(issuesOf((s) => (s.vpcCidr = '10.30.0.0/24'))).toEqual([
      expect.objectContaining({ path: 'spec.vpcCidr', problem: expect.stringContaining('a /24 VPC is too small for the subnets'), fix: 'use a /16 to /20 block (private subnets of /19 to /23)' }),
    ]);
  });
  it('rejects a VPC larger than AWS allows', () => {
    expect(issuesOf((s) => (s.vpcCidr = '10.0.0.0/8'))).toEqual([expect.objectContaining({ path: 'spec.vpcCidr', problem: 'a /8 VPC is larger than AWS allows (/16 at most)' })]);
  });
  it('rejects a service CIDR overlapping the VPC', () => {
    expect(issuesOf((s) => (s.serviceCidr = '10.30.128.0/20'))).toEqual([
      { path: 'spec.serviceCidr', problem: '10.30.128.0/20 overlaps the VPC CIDR 10.30.0.0/16', fix: 'use a block outside the VPC, e.g. 172.20.0.0/16' },
    ]);
  });
  it('rejects overlapping public access CIDRs', () => {
    expect(issuesOf((s) => (s.endpoint = { public: true, publicAccessCidrs: ['203.0.113.0/24', '203.0.113.128/25'] }))).toEqual([
      { path: 'spec.endpoint.publicAccessCidrs', problem: '203.0.113.0/24 and 203.0.113.128/25 overlap', fix: 'keep the larger block only' },
    ]);
  });
});

describe('API endpoint', () => {
  it('a public endpoint needs CIDRs', () => {
    expect(issuesOf((s) => (s.endpoint = { public: true }))).toEqual([expect.objectContaining({ path: 'spec.endpoint.publicAccessCidrs', problem: 'a public endpoint needs the CIDRs allowed to reach it' })]);
  });
  it.each([prod, dev].map((s) => [s.tier, s]))('never opens the API to 0.0.0.0/0 (%s)', (_tier, base) => {
    expect(issuesOf((s) => (s.endpoint = { public: true, publicAccessCidrs: ['0.0.0.0/0'] }), base)).toEqual([
      expect.objectContaining({ path: 'spec.endpoint.publicAccessCidrs[0]', problem: '0.0.0.0/0 opens the Kubernetes API to the whole internet' }),
    ]);
  });
  it('private-endpoint CIDRs must be well-formed', () => {
    expect(issuesOf((s) => (s.endpoint = { public: false, privateAccess: { cidrs: ['10.100.0/20', '10.100.1.0/20'] } }))).toEqual([
      { path: 'spec.endpoint.privateAccess.cidrs[0]', problem: '"10.100.0/20" is not an IPv4 CIDR block like 10.0.0.0/16', fix: 'write an IPv4 block such as 10.0.0.0/16' },
      { path: 'spec.endpoint.privateAccess.cidrs[1]', problem: '"10.100.1.0/20" has host bits set', fix: 'use 10.100.0.0/20' },
    ]);
  });
  it.each([prod, dev].map((s) => [s.tier, s]))('never lets 0.0.0.0/0 reach the private endpoint (%s)', (_tier, base) => {
    expect(issuesOf((s) => (s.endpoint = { ...s.endpoint, privateAccess: { cidrs: ['0.0.0.0/0'] } }), base)).toEqual([
      {
        path: 'spec.endpoint.privateAccess.cidrs[0]',
        problem: '0.0.0.0/0 lets every network that routes to the VPC reach the Kubernetes API',
        fix: 'list only the networks that administer the cluster (VPN, CI runner subnet, peered admin VPC)',
      },
    ]);
  });
  it('private-endpoint CIDRs must not overlap', () => {
    expect(issuesOf((s) => (s.endpoint = { public: false, privateAccess: { cidrs: ['10.100.0.0/20', '10.100.8.0/24'] } }))).toEqual([
      { path: 'spec.endpoint.privateAccess.cidrs', problem: '10.100.0.0/20 and 10.100.8.0/24 overlap', fix: 'keep the larger block only' },
    ]);
  });
  it('private-endpoint security groups must be security group ids', () => {
    expect(issuesOf((s) => (s.endpoint = { public: false, privateAccess: { securityGroupIds: ['ci-runners', 'sg-12345', 'sg-0a1b2c3d4e5f60718'] } }))).toEqual([
      {
        path: 'spec.endpoint.privateAccess.securityGroupIds[0]',
        problem: '"ci-runners" is not a security group id',
        fix: "use the id of the runner's or bastion's security group, e.g. sg-0123456789abcdef0 (not its name)",
      },
      expect.objectContaining({ path: 'spec.endpoint.privateAccess.securityGroupIds[1]', problem: '"sg-12345" is not a security group id' }),
    ]);
  });
  it('private-endpoint security groups are listed once', () => {
    expect(issuesOf((s) => (s.endpoint = { public: false, privateAccess: { securityGroupIds: ['sg-0a1b2c3d', 'sg-0a1b2c3d'] } }))).toEqual([
      { path: 'spec.endpoint.privateAccess.securityGroupIds', problem: '"sg-0a1b2c3d" is listed more than once', fix: 'list each security group once' },
    ]);
  });
  it('accepts CIDRs and security groups for the private endpoint', () => {
    expect(issuesOf((s) => (s.endpoint = { public: false, privateAccess: { cidrs: ['10.100.0.0/20'], securityGroupIds: ['sg-0a1b2c3d4e5f60718'] } }))).toEqual([]);
  });
  it('rejects unknown keys in privateAccess', () => {
    expect(issuesOf((s) => (s.endpoint = { public: false, privateAccess: { cidr: ['10.100.0.0/20'] } }))).toEqual([
      expect.objectContaining({ path: 'spec.endpoint.privateAccess.cidr', problem: 'unknown key "cidr"', fix: expect.stringContaining('known keys: cidrs, securityGroupIds') }),
    ]);
  });
  it('CIDRs on a private endpoint are a mistake', () => {
    expect(issuesOf((s) => (s.endpoint = { public: false, publicAccessCidrs: ['203.0.113.0/24'] }))).toEqual([
      expect.objectContaining({ problem: 'CIDRs are set but the endpoint is private, so they would be ignored' }),
    ]);
  });
  it('admins must be IAM role ARNs, once each', () => {
    expect(issuesOf((s) => (s.admins = ['arn:aws:iam::333333333333:user/alice', s.admins[0], s.admins[0]]))).toEqual([
      expect.objectContaining({ path: 'spec.admins', problem: `"${prod.admins![0]}" is listed more than once` }),
      expect.objectContaining({ path: 'spec.admins[0]', problem: '"arn:aws:iam::333333333333:user/alice" is not an IAM role ARN' }),
    ]);
  });
});

describe('node pools', () => {
  it('min must not exceed max', () => {
    expect(issuesOf((s) => Object.assign(s.nodePools[1], { minSize: 5, desiredSize: 5, maxSize: 4 }))).toEqual([
      { path: 'spec.nodePools[1].minSize', problem: 'minSize 5 is greater than maxSize 4', fix: 'lower minSize or raise maxSize to at least 5' },
    ]);
  });
  it('desired must be within [min, max]', () => {
    expect(issuesOf((s) => (s.nodePools[1].desiredSize = 40))).toEqual([
      { path: 'spec.nodePools[1].desiredSize', problem: 'desiredSize 40 is outside [minSize 3, maxSize 30]', fix: 'set desiredSize between 3 and 30' },
    ]);
  });
  it('spot pools need at least 3 instance types', () => {
    expect(issuesOf((s) => (s.nodePools[1].instanceTypes = ['m6i.xlarge']))).toEqual([
      {
        path: 'spec.nodePools[1].instanceTypes',
        problem: 'spot pools need at least 3 instance types (got 1)',
        fix: 'add types of the same size, e.g. m6i.xlarge, m5.xlarge, m6a.xlarge',
      },
    ]);
  });
  it('spot pools use one size', () => {
    expect(issuesOf((s) => (s.nodePools[1].instanceTypes = ['m6i.xlarge', 'm5.2xlarge', 'm6a.xlarge']))).toEqual([
      expect.objectContaining({ path: 'spec.nodePools[1].instanceTypes', problem: 'spot pool mixes sizes 2xlarge, xlarge' }),
    ]);
  });
  it('Karpenter pools use sizes with a known vCPU count (their NodePool is capped at maxSize through CPU)', () => {
    expect(issuesOf((s) => (s.nodePools[1].instanceTypes = ['m6i.metal', 'm5.metal', 'm6a.metal']))).toEqual([
      {
        path: 'spec.nodePools[1].instanceTypes[0]',
        problem: 'the vCPU count of "m6i.metal" is not known, so its Karpenter NodePool cannot be capped at maxSize',
        fix: 'use large, xlarge or <N>xlarge types, or set addons.autoscaler: "cluster-autoscaler"',
      },
      expect.objectContaining({ path: 'spec.nodePools[1].instanceTypes[1]' }),
      expect.objectContaining({ path: 'spec.nodePools[1].instanceTypes[2]' }),
    ]);
    // Node groups scaled by cluster-autoscaler, and the system pool, need no vCPU count.
    expect(issuesOf((s) => ((s.nodePools[1].instanceTypes = ['m6i.metal', 'm5.metal', 'm6a.metal']), (s.addons.autoscaler = 'cluster-autoscaler')))).toEqual([]);
    expect(issuesOf((s) => (s.nodePools[0].instanceTypes = ['m6i.metal']))).toEqual([]);
  });
  it('instance types must look like EC2 types', () => {
    expect(issuesOf((s) => (s.nodePools[0].instanceTypes = ['large']))).toEqual([expect.objectContaining({ path: 'spec.nodePools[0].instanceTypes[0]', problem: '"large" is not an EC2 instance type' })]);
  });
  it('needs an on-demand system pool', () => {
    expect(issuesOf((s) => (s.nodePools = s.nodePools.slice(1)))).toEqual([expect.objectContaining({ path: 'spec.nodePools', problem: 'no system pool' })]);
    expect(issuesOf((s) => (s.nodePools[0].capacity = 'spot'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'spec.nodePools[0].capacity', problem: 'the system pool is on spot capacity' })]),
    );
  });
  it('production system pool has a node per AZ', () => {
    expect(issuesOf((s) => Object.assign(s.nodePools[0], { minSize: 2, desiredSize: 2 }))).toEqual([
      { path: 'spec.nodePools[0].minSize', problem: 'the system pool needs at least 3 nodes (got 2)', fix: 'set minSize: 3 (one node per availability zone)' },
    ]);
  });
  it('pool names are unique', () => {
    expect(issuesOf((s) => (s.nodePools[2].name = 'spot-general'))).toEqual([
      { path: 'spec.nodePools', problem: 'pool name "spot-general" is used more than once', fix: 'give every pool a unique name' },
    ]);
  });
  it('disk size within 20–16384 GiB', () => {
    expect(issuesOf((s) => (s.nodePools[0].diskSizeGiB = 8))).toEqual([expect.objectContaining({ path: 'spec.nodePools[0].diskSizeGiB', problem: '8 GiB is outside 20–16384 (the image needs 20; gp3 volumes stop at 16 TiB)' })]);
  });
  it('pool labels must not use groundwork pool keys', () => {
    expect(issuesOf((s) => (s.nodePools[1].labels = { 'groundwork.dev/pool-role': 'system' }))).toEqual([
      expect.objectContaining({ path: 'spec.nodePools[1].labels.groundwork.dev/pool-role', problem: '"groundwork.dev/pool-role" is set by groundwork itself' }),
    ]);
  });
});

describe('add-ons', () => {
  it('unknown add-on in disabled or overrides', () => {
    expect(issuesOf((s) => ((s.addons.disabled = ['nginx']), (s.addons.overrides = { traefik: {} })))).toEqual([
      expect.objectContaining({ path: 'spec.addons.disabled[0]', problem: 'unknown add-on "nginx"', fix: expect.stringContaining('cert-manager') }),
      expect.objectContaining({ path: 'spec.addons.overrides.traefik', problem: 'unknown add-on "traefik"' }),
    ]);
  });
  it('TLS needs a domain', () => {
    expect(issuesOf((s) => ((s.addons.tls = { enabled: true }), delete s.domain, delete s.addons.hostedZoneId))).toEqual([
      expect.objectContaining({ path: 'spec.domain', problem: 'TLS is on but spec.domain is missing' }),
    ]);
  });
  it('DNS01 needs a hosted zone', () => {
    expect(issuesOf((s) => delete s.addons.hostedZoneId)).toEqual([
      {
        path: 'spec.addons.hostedZoneId',
        problem: 'DNS01 challenges need a Route53 hosted zone',
        fix: 'set addons.hostedZoneId to the Route53 zone of spec.domain, or set addons.tls.enabled: false',
      },
    ]);
  });
  it('the wildcard certificate cannot be issued over HTTP01', () => {
    expect(issuesOf((s) => (s.addons.tls = { challenge: 'http01' }))).toEqual([
      {
        path: 'spec.addons.tls.challenge',
        problem: 'the wildcard certificate *.prod.groundwork.example.com can never be issued over HTTP01 (ACME validates wildcard names only through DNS01)',
        fix: "set addons.tls.challenge: 'dns01' with addons.hostedZoneId (the Route53 zone of spec.domain); the HTTP01 solver stays available to non-wildcard Certificates",
      },
    ]);
    // Without a domain there is no wildcard certificate, so the challenge does not matter.
    const noDomain = issuesOf((s) => ((s.addons.tls = { challenge: 'http01' }), delete s.domain, delete s.addons.hostedZoneId));
    expect(noDomain).not.toContainEqual(expect.objectContaining({ path: 'spec.addons.tls.challenge' }));
  });
  it('ingress-nginx (retired upstream) is refused in production, allowed elsewhere', () => {
    expect(issuesOf((s) => (s.addons.ingress = 'ingress-nginx'))).toEqual([
      {
        path: 'spec.addons.ingress',
        problem: 'ingress-nginx is retired upstream (4.15.1 is its final release, with no further security fixes) and is not allowed in production',
        fix: "use the Gateway API edge: set addons.ingress: 'gateway-api' (the default) or remove the field",
      },
    ]);
    expect(issuesOf((s) => (s.addons.ingress = 'ingress-nginx'), dev)).toEqual([]);
  });
  it('hosted zone id must look like one', () => {
    expect(issuesOf((s) => (s.addons.hostedZoneId = 'zone-1'))).toEqual([expect.objectContaining({ path: 'spec.addons.hostedZoneId', problem: '"zone-1" is not a Route53 hosted zone id' })]);
  });
  it('ingress is the Gateway API edge or ingress-nginx (the old istio-gateway choice is gone)', () => {
    expect(issuesOf((s) => (s.addons.ingress = 'istio-gateway'))).toEqual([
      { path: 'spec.addons.ingress', problem: '"istio-gateway" is not allowed', fix: 'use one of "gateway-api", "ingress-nginx"' },
    ]);
    expect(issuesOf((s) => Object.assign(s.addons, { ingress: 'gateway-api', mesh: false }))).toEqual([]);
  });
  it('the Gateway API edge with the mesh serves the wildcard certificate, so TLS must stay on', () => {
    expect(issuesOf((s) => (s.addons.tls = { enabled: false }))).toEqual([
      {
        path: 'spec.addons.tls.enabled',
        problem: 'the Gateway API edge serves *.<domain> over HTTPS with the wildcard certificate, but TLS is off',
        fix: 'remove addons.tls.enabled: false (TLS is on by default with a domain), or remove spec.domain',
      },
    ]);
    expect(issuesOf((s) => Object.assign(s.addons, { tls: { enabled: false }, ingress: 'ingress-nginx' }), dev)).toEqual([]);
  });
  it('without the mesh the ALB edge needs the hosted zone its ACM certificate is validated in', () => {
    expect(issuesOf((s) => ((s.addons.mesh = false), (s.addons.tls = { enabled: false }), delete s.addons.hostedZoneId))).toEqual([
      {
        path: 'spec.addons.hostedZoneId',
        problem: 'without the mesh the Gateway API edge is an ALB whose ACM certificate is validated through records in a Route53 hosted zone, and none is set',
        fix: 'set addons.hostedZoneId to the Route53 zone of spec.domain, or turn the mesh on (addons.mesh: true)',
      },
    ]);
  });
  it('GitOps delivery needs a repository', () => {
    expect(issuesOf((s) => (s.addons.delivery = 'gitops'))).toEqual([expect.objectContaining({ path: 'spec.addons.gitops', problem: 'GitOps delivery needs the Git repository Argo CD syncs from' })]);
  });
  it('ACME e-mail must be an address', () => {
    expect(issuesOf((s) => (s.addons.tls = { acmeEmail: 'ops' }))).toEqual([expect.objectContaining({ path: 'spec.addons.tls.acmeEmail', problem: '"ops" is not an e-mail address' })]);
  });
});

describe('tenants and observability', () => {
  it('tenant names are unique, valid and not reserved', () => {
    expect(issuesOf((s) => (s.tenants = [{ name: 'kube-system' }, { name: 'Team' }, { name: 'a' }, { name: 'a' }]))).toEqual([
      expect.objectContaining({ path: 'spec.tenants', problem: 'tenant "a" is defined more than once' }),
      expect.objectContaining({ path: 'spec.tenants[0].name', problem: '"kube-system" is a system or platform namespace' }),
      expect.objectContaining({ path: 'spec.tenants[1].name', problem: '"Team" is not a namespace name (lowercase DNS label)' }),
    ]);
  });
  it('tenant quotas are Kubernetes quantities', () => {
    expect(issuesOf((s) => (s.tenants[0].quota = { cpu: 'lots' }))).toEqual([expect.objectContaining({ path: 'spec.tenants[0].quota.cpu', problem: '"lots" is not a Kubernetes quantity' })]);
  });
  it('log retention must be a CloudWatch value', () => {
    expect(issuesOf((s) => (s.observability = { ...s.observability, logRetentionDays: 100 }))).toEqual([
      expect.objectContaining({ path: 'spec.observability.logRetentionDays', problem: 'CloudWatch does not accept a retention of 100 days' }),
    ]);
  });
});

describe('reporting', () => {
  it('reports every problem at once, sorted, in one error without a stack in the message', () => {
    const bad = { ...structuredClone(prod), availabilityZones: 2, colour: 'x', nodePools: [{ ...prod.nodePools[1], instanceTypes: ['m5.large'] }] };
    expect(() => resolveSpec(bad)).toThrow(SpecValidationError);
    try {
      resolveSpec(bad);
    } catch (e) {
      const error = e as SpecValidationError;
      expect(error.issues.length).toBeGreaterThanOrEqual(4);
      expect(error.message.split('\n')[0]).toBe(`Invalid environment spec "prod": ${error.issues.length} problems`);
      expect(error.message).toContain('  spec.availabilityZones: production needs at least 3 availability zones (got 2); fix: set availabilityZones: 3');
      expect(error.message).toContain('spec.nodePools: no system pool');
      expect(error.message).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});
