/**
 * Rules for the environment's identity, network and API access.
 */
import { cidrsOverlap, parseCidr, type Cidr } from '../cidr';
import { EKS_ADDONS_PINNED_FOR, KUBERNETES_VERSIONS } from '../versions';
import { asArray, asNumber, asRecord, asString, duplicates, type Rule } from './context';

/** Smallest and largest VPC prefix we build subnets in (see subnets.ts). */
export const VPC_PREFIX_RANGE = { largest: 16, smallest: 20 } as const;
const MAX_AZS = 6;
const MIN_PRODUCTION_AZS = 3;

/** Parse a CIDR field, reporting what is wrong with it. */
function cidrField(report: (p: string, problem: string, fix: string) => void, path: string, value: unknown): Cidr | undefined {
  const text = asString(value);
  if (text === undefined) return undefined;
  const parsed = parseCidr(text);
  if (parsed.ok) return parsed.cidr;
  report(path, parsed.problem, parsed.suggestion ? `use ${parsed.suggestion}` : 'write an IPv4 block such as 10.0.0.0/16');
  return undefined;
}

export const identityRules: Rule = ({ input, report }) => {
  const name = asString(input.name);
  if (name !== undefined && !/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/.test(name)) {
    report('spec.name', `"${name}" is not a lowercase DNS label of 2–20 characters`, 'use lowercase letters, digits and dashes, starting with a letter, e.g. "prod" or "payments-stg"');
  }
  const account = asString(input.accountId);
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    report('spec.accountId', `"${account}" is not a 12-digit AWS account id`, 'use the account id from `aws sts get-caller-identity`, as a string of 12 digits');
  }
  const region = asString(input.region);
  if (region !== undefined && !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) {
    report('spec.region', `"${region}" is not an AWS region name`, 'use a region such as eu-west-1 or us-east-2');
  }
  const version = asString(input.kubernetesVersion);
  const supported = KUBERNETES_VERSIONS.map((v) => v.version);
  if (version !== undefined && !supported.includes(version)) {
    report('spec.kubernetesVersion', `Kubernetes ${version} is not in EKS standard support`, `use one of ${supported.join(', ')} (or omit it for ${supported[0]})`);
  } else if (version !== undefined && version !== EKS_ADDONS_PINNED_FOR) {
    // kube-proxy and the other managed add-ons are pinned per Kubernetes minor; running 1.36 pins on
    // an older control plane would break kube-proxy's version skew policy.
    report(
      'spec.kubernetesVersion',
      `the EKS managed add-ons are pinned for Kubernetes ${EKS_ADDONS_PINNED_FOR} only (got ${version})`,
      `use ${EKS_ADDONS_PINNED_FOR} (omit the field), or add pins for ${version} to lib/spec/versions.ts (aws eks describe-addon-versions --kubernetes-version ${version})`,
    );
  }
  const domain = asString(input.domain);
  if (domain !== undefined && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) {
    report('spec.domain', `"${domain}" is not a lowercase DNS name`, 'use a domain you control, e.g. prod.example.com');
  }
  const tags = asRecord(input.tags) ?? {};
  for (const key of Object.keys(tags).filter((k) => k.toLowerCase().startsWith('aws:'))) {
    report(`spec.tags.${key}`, 'tag keys starting with "aws:" are reserved by AWS', 'rename the tag');
  }
  if (Object.keys(tags).length > 40) {
    report('spec.tags', `${Object.keys(tags).length} tags leave no room for groundwork's own (AWS allows 50 per resource)`, 'keep at most 40 tags');
  }
};

export const networkRules: Rule = ({ input, report }) => {
  const tier = asString(input.tier);
  const azs = asNumber(input.availabilityZones);
  if (azs !== undefined && (azs < 2 || azs > MAX_AZS)) {
    report('spec.availabilityZones', `${azs} availability zones is outside 2–${MAX_AZS}`, 'use 3 (2 is the minimum for any tier)');
  } else if (azs !== undefined && tier === 'production' && azs < MIN_PRODUCTION_AZS) {
    report('spec.availabilityZones', `production needs at least ${MIN_PRODUCTION_AZS} availability zones (got ${azs})`, `set availabilityZones: ${MIN_PRODUCTION_AZS} so losing one zone leaves a quorum`);
  }
  const vpc = cidrField(report, 'spec.vpcCidr', input.vpcCidr);
  if (vpc && vpc.prefix < VPC_PREFIX_RANGE.largest) {
    report('spec.vpcCidr', `a /${vpc.prefix} VPC is larger than AWS allows (/16 at most)`, 'use a /16 to /20 block, e.g. 10.0.0.0/16');
  } else if (vpc && vpc.prefix > VPC_PREFIX_RANGE.smallest) {
    report(
      'spec.vpcCidr',
      `a /${vpc.prefix} VPC is too small for the subnets: each AZ's private subnet would be a /${vpc.prefix + 3}, and with the VPC CNI every pod takes a VPC address`,
      'use a /16 to /20 block (private subnets of /19 to /23)',
    );
  }
  const service = cidrField(report, 'spec.serviceCidr', input.serviceCidr);
  const vpcForOverlap = vpc ?? (input.vpcCidr === undefined ? (parseCidr('10.0.0.0/16') as { cidr: Cidr }).cidr : undefined);
  if (service && vpcForOverlap && cidrsOverlap(service, vpcForOverlap)) {
    report('spec.serviceCidr', `${String(input.serviceCidr)} overlaps the VPC CIDR ${String(input.vpcCidr ?? '10.0.0.0/16')}`, 'use a block outside the VPC, e.g. 172.20.0.0/16');
  }
  if (service && (service.prefix < 12 || service.prefix > 24)) {
    report('spec.serviceCidr', `EKS needs a service CIDR between /12 and /24 (got /${service.prefix})`, 'use e.g. 172.20.0.0/16');
  }
};

export const endpointRules: Rule = ({ input, report }) => {
  const endpoint = asRecord(input.endpoint);
  if (!endpoint) return;
  const cidrs = asArray(endpoint.publicAccessCidrs);
  const isPublic = endpoint.public === true;
  if (isPublic && cidrs.length === 0) {
    report('spec.endpoint.publicAccessCidrs', 'a public endpoint needs the CIDRs allowed to reach it', 'list your office/VPN egress ranges, or set endpoint.public: false');
  }
  if (!isPublic && cidrs.length > 0) {
    report('spec.endpoint.publicAccessCidrs', 'CIDRs are set but the endpoint is private, so they would be ignored', 'set endpoint.public: true, or remove publicAccessCidrs');
  }
  const parsed: Array<{ text: string; cidr: Cidr }> = [];
  cidrs.forEach((value, i) => {
    const path = `spec.endpoint.publicAccessCidrs[${i}]`;
    const cidr = cidrField(report, path, value);
    if (!cidr) return;
    if (cidr.prefix === 0) {
      report(path, `${String(value)} opens the Kubernetes API to the whole internet`, 'list only the ranges that administer the cluster (office, VPN, CI egress), or make the endpoint private; this holds in every tier');
      return;
    }
    parsed.push({ text: String(value), cidr });
  });
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      if (cidrsOverlap(parsed[i].cidr, parsed[j].cidr)) {
        report('spec.endpoint.publicAccessCidrs', `${parsed[i].text} and ${parsed[j].text} overlap`, 'keep the larger block only');
      }
    }
  }
};

export const adminRules: Rule = ({ input, report }) => {
  const admins = asArray(input.admins);
  admins.forEach((value, i) => {
    const arn = asString(value);
    if (arn !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(arn)) {
      report(`spec.admins[${i}]`, `"${arn}" is not an IAM role ARN`, 'use arn:aws:iam::<account>:role/<name>; grant people access through a role, not a user');
    }
  });
  for (const dup of duplicates(admins.filter((a): a is string => typeof a === 'string'))) {
    report('spec.admins', `"${dup}" is listed more than once`, 'list each role once');
  }
};
