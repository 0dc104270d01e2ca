/**
 * `existingVpc` validation: one test per message, and every problem reported at once.
 */
import type { SpecIssue } from '../../lib/spec/errors';
import { issuesOf, prod } from './helpers';

const PRIVATE = { 'eu-west-1a': 'subnet-0aaaaaaaaaaaaaaa1', 'eu-west-1b': 'subnet-0bbbbbbbbbbbbbbb2', 'eu-west-1c': 'subnet-0ccccccccccccccc3' };
const PUBLIC = { 'eu-west-1a': { id: 'subnet-0ddddddddddddddd4', cidr: '10.40.200.0/24' }, 'eu-west-1b': { id: 'subnet-0eeeeeeeeeeeeeee5', cidr: '10.40.201.0/24' } };

/** Issues of prod moved into an existing VPC, then changed by `change`. */
function vpcIssues(change: (spec: Record<string, any>) => unknown = () => undefined, base = prod): SpecIssue[] {
  return issuesOf((s) => {
    delete s.vpcCidr;
    delete s.availabilityZones;
    s.existingVpc = { vpcId: 'vpc-0123456789abcdef0', cidr: '10.40.0.0/16', privateSubnetIds: { ...PRIVATE }, publicSubnets: structuredClone(PUBLIC) };
    change(s);
  }, base);
}

describe('existingVpc rules', () => {
  it('accepts production in an existing VPC with private subnets in 3 zones', () => {
    expect(vpcIssues()).toEqual([]);
  });

  it('refuses a VPC id that is not one', () => {
    expect(vpcIssues((s) => (s.existingVpc.vpcId = 'prod-vpc'))).toEqual([
      { path: 'spec.existingVpc.vpcId', problem: '"prod-vpc" is not a VPC id', fix: "use the VPC's id, e.g. vpc-0123456789abcdef0 (not its name)" },
    ]);
  });

  it('refuses a subnet id that is not one', () => {
    expect(vpcIssues((s) => (s.existingVpc.privateSubnetIds['eu-west-1b'] = '10.40.32.0/19'))).toEqual([
      { path: 'spec.existingVpc.privateSubnetIds.eu-west-1b', problem: '"10.40.32.0/19" is not a subnet id', fix: "use the subnet's id, e.g. subnet-0123456789abcdef0 (not its name or CIDR)" },
    ]);
  });

  it('refuses a zone key that is not a zone of the region', () => {
    expect(vpcIssues((s) => (s.existingVpc.publicSubnets['us-east-1a'] = { id: 'subnet-0fffffffffffffff6', cidr: '10.40.202.0/24' }))).toEqual([
      { path: 'spec.existingVpc.publicSubnets.us-east-1a', problem: '"us-east-1a" is not an availability zone of eu-west-1', fix: 'use one of eu-west-1a, eu-west-1b, eu-west-1c' },
    ]);
  });

  it('needs private subnets in at least 3 zones in production', () => {
    expect(vpcIssues((s) => delete s.existingVpc.privateSubnetIds['eu-west-1c'])).toEqual([
      {
        path: 'spec.existingVpc.privateSubnetIds',
        problem: 'production needs private subnets in at least 3 availability zones so losing one zone leaves a quorum (got 2)',
        fix: 'give a subnet in each of at least 3 availability zones',
      },
    ]);
  });

  it('needs private subnets in at least 2 zones outside production', () => {
    expect(vpcIssues((s) => ((s.tier = 'staging'), (s.existingVpc.privateSubnetIds = { 'eu-west-1a': PRIVATE['eu-west-1a'] })))).toContainEqual({
      path: 'spec.existingVpc.privateSubnetIds',
      problem: 'EKS needs private subnets in at least 2 availability zones (got 1)',
      fix: 'give a subnet in each of at least 2 availability zones',
    });
  });

  it('needs public subnets in at least 2 zones for the load balancers', () => {
    expect(vpcIssues((s) => delete s.existingVpc.publicSubnets['eu-west-1b'])).toEqual([
      {
        path: 'spec.existingVpc.publicSubnets',
        problem: 'internet-facing load balancers need public subnets in at least 2 availability zones (an ALB needs two) (got 1)',
        fix: 'give a subnet in each of at least 2 availability zones',
      },
    ]);
  });

  it('refuses the same subnet twice', () => {
    expect(vpcIssues((s) => (s.existingVpc.publicSubnets['eu-west-1a'].id = PRIVATE['eu-west-1a']))).toEqual([
      {
        path: 'spec.existingVpc',
        problem: 'subnet "subnet-0aaaaaaaaaaaaaaa1" is listed more than once',
        fix: 'give each subnet once: private subnets (nodes) and public subnets (load balancers) are different subnets, one per zone',
      },
    ]);
  });

  it('refuses a VPC CIDR that is not a VPC size', () => {
    expect(vpcIssues((s) => (s.existingVpc.cidr = '10.0.0.0/8'))).toContainEqual({
      path: 'spec.existingVpc.cidr',
      problem: "a /8 block cannot be a VPC's CIDR (AWS: /16 to /28)",
      fix: "give the VPC's primary IPv4 CIDR as `aws ec2 describe-vpcs` shows it",
    });
  });

  it('refuses a malformed VPC CIDR with the corrected form', () => {
    expect(vpcIssues((s) => (s.existingVpc.cidr = '10.40.0.1/16'))).toEqual([{ path: 'spec.existingVpc.cidr', problem: '"10.40.0.1/16" has host bits set', fix: 'use 10.40.0.0/16' }]);
  });

  it('refuses a public subnet outside the VPC CIDR', () => {
    expect(vpcIssues((s) => (s.existingVpc.publicSubnets['eu-west-1b'].cidr = '10.41.0.0/24'))).toEqual([
      { path: 'spec.existingVpc.publicSubnets.eu-west-1b.cidr', problem: '10.41.0.0/24 is outside the VPC CIDR 10.40.0.0/16', fix: "give the subnet's own CIDR as `aws ec2 describe-subnets` shows it" },
    ]);
  });

  it('refuses vpcCidr with an existing VPC', () => {
    expect(vpcIssues((s) => (s.vpcCidr = '10.30.0.0/16'))).toEqual([
      { path: 'spec.vpcCidr', problem: 'is meaningless with existingVpc: groundwork creates no VPC, so no CIDR to give it', fix: "remove vpcCidr; the existing VPC's CIDR goes in existingVpc.cidr" },
    ]);
  });

  it('refuses availabilityZones with an existing VPC', () => {
    expect(vpcIssues((s) => (s.availabilityZones = 3))).toEqual([
      { path: 'spec.availabilityZones', problem: 'is meaningless with existingVpc: the zones are those of its private subnets', fix: 'remove availabilityZones; list a private subnet per zone in existingVpc.privateSubnetIds' },
    ]);
  });

  it('checks the service CIDR against the existing VPC CIDR', () => {
    expect(vpcIssues((s) => (s.serviceCidr = '10.40.128.0/20'))).toContainEqual(
      expect.objectContaining({ path: 'spec.serviceCidr', problem: '10.40.128.0/20 overlaps the VPC CIDR 10.40.0.0/16' }),
    );
  });

  it('reports every problem at once', () => {
    const issues = vpcIssues((s) => {
      s.vpcCidr = '10.30.0.0/16';
      s.existingVpc.vpcId = 'vpc-1';
      s.existingVpc.privateSubnetIds = { 'eu-west-1a': 'subnet-x' };
      s.existingVpc.publicSubnets['eu-west-1a'].cidr = '192.168.0.0/24';
    });
    expect(issues.map((i) => i.path)).toEqual([
      'spec.existingVpc.privateSubnetIds',
      'spec.existingVpc.privateSubnetIds.eu-west-1a',
      'spec.existingVpc.publicSubnets.eu-west-1a.cidr',
      'spec.existingVpc.vpcId',
      'spec.vpcCidr',
    ]);
  });
});
