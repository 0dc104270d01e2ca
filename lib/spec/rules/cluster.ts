/**
 * Rules for the environment's identity, network and API access.
 */
import { cidrsOverlap, parseCidr, type Cidr } from '../cidr';
import { rolePrincipalProblem } from '../iam';
import { acceptedKubernetesVersions, selectableCharts } from '../version-support';
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS } from '../versions';
import { asArray, asNumber, asRecord, asString, cidrField, duplicates, type Rule } from './context';
import { vpcCidrText } from './existing-vpc';

/** Smallest and largest VPC prefix we build subnets in (see subnets.ts). */
export const VPC_PREFIX_RANGE = { largest: 16, smallest: 20 } as const;
const MAX_AZS = 6;
const MIN_PRODUCTION_AZS = 3;

/** Environment name: a lowercase DNS label of 2–20 characters (it prefixes every AWS name, see aws-names.ts). */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,18}[a-z0-9]$/;

/** Shape of a region name; which regions exist and their zones: rules/region.ts. */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** What is wrong with an environment name (also the prefix a standalone NodePool is given), or undefined. */
export function environmentNameProblem(name: string): { problem: string; fix: string } | undefined {
  if (ENVIRONMENT_NAME.test(name)) return undefined;
  return { problem: `"${name}" is not a lowercase DNS label of 2–20 characters`, fix: 'use lowercase letters, digits and dashes, starting with a letter, e.g. "prod" or "payments-stg"' };
}

export const identityRules: Rule = ({ input, report }) => {
  const name = asString(input.name);
  const nameProblem = name === undefined ? undefined : environmentNameProblem(name);
  if (nameProblem) report('spec.name', nameProblem.problem, nameProblem.fix);
  const account = asString(input.accountId);
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    report('spec.accountId', `"${account}" is not a 12-digit AWS account id`, 'use the account id from `aws sts get-caller-identity`, as a string of 12 digits');
  }
  const region = asString(input.region);
  if (region !== undefined && !REGION_NAME.test(region)) {
    report('spec.region', `"${region}" is not an AWS region name`, 'use a region such as eu-west-1 or us-east-2');
  }
  const version = asString(input.kubernetesVersion);
  const supported: string[] = KUBERNETES_VERSIONS.map((v) => v.version);
  // Only versions the add-ons would then accept: the selection is unknown until the spec is valid,
  // so every catalogue chart the spec does not disable must accept them.
  const accepted = acceptedKubernetesVersions(selectableCharts(asArray(asRecord(input.addons)?.disabled)));
  const suggested = accepted.length > 0 ? accepted : supported;
  const omit = suggested.includes(DEFAULT_KUBERNETES_VERSION) ? ` (or omit it for ${DEFAULT_KUBERNETES_VERSION})` : '';
  // Every offered minor has its own EKS add-on pins (kube-proxy must match the minor), so being
  // in the table is the whole check; per-component support is checked on the add-on selection.
  if (version !== undefined && !supported.includes(version)) {
    report('spec.kubernetesVersion', `Kubernetes ${version} is not offered (only minors in EKS standard support, each with pinned EKS add-ons)`, `use one of ${suggested.join(', ')}${omit}`);
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
  // With an existing VPC its CIDR is the one pods and the control plane live in.
  const vpcText = vpcCidrText(input);
  const vpcParsed = typeof vpcText === 'string' ? parseCidr(vpcText) : undefined;
  const vpcForOverlap = vpcParsed?.ok ? vpcParsed.cidr : undefined;
  if (service && vpcForOverlap && cidrsOverlap(service, vpcForOverlap)) {
    report('spec.serviceCidr', `${String(input.serviceCidr)} overlaps the VPC CIDR ${String(vpcText)}`, 'use a block outside the VPC, e.g. 172.20.0.0/16');
  }
  if (service && (service.prefix < 12 || service.prefix > 24)) {
    report('spec.serviceCidr', `EKS needs a service CIDR between /12 and /24 (got /${service.prefix})`, 'use e.g. 172.20.0.0/16');
  }
};

export const endpointRules: Rule = ({ input, report }) => {
  const endpoint = asRecord(input.endpoint);
  if (!endpoint) return;
  const privateAccess = asRecord(endpoint.privateAccess);
  if (privateAccess) privateAccessRules({ report }, privateAccess);
  const cidrs = asArray(endpoint.publicAccessCidrs);
  const isPublic = endpoint.public === true;
  if (isPublic && cidrs.length === 0) {
    report('spec.endpoint.publicAccessCidrs', 'a public endpoint needs the CIDRs allowed to reach it', 'list your office/VPN egress ranges, or set endpoint.public: false');
  }
  if (!isPublic && cidrs.length > 0) {
    report('spec.endpoint.publicAccessCidrs', 'CIDRs are set but the endpoint is private, so they would be ignored', 'set endpoint.public: true, or remove publicAccessCidrs');
  }
  apiAccessCidrs(report, 'spec.endpoint.publicAccessCidrs', cidrs, {
    problem: 'opens the Kubernetes API to the whole internet',
    fix: 'list only the ranges that administer the cluster (office, VPN, CI egress), or make the endpoint private; this holds in every tier',
  });
};

/**
 * A list of CIDRs allowed to reach the API: each well-formed, none of them /0 (`everything`
 * says what /0 would mean there), no two overlapping. How many addresses the list covers in
 * total (`0.0.0.0/1` + `128.0.0.0/1` is the internet too) is the `api-endpoint-exposure` guard
 * rail (lib/guard-rails), which an approved exception can waive; /0 never is.
 */
function apiAccessCidrs(report: Parameters<Rule>[0]['report'], listPath: string, values: readonly unknown[], everything: { problem: string; fix: string }): void {
  const parsed: Array<{ text: string; cidr: Cidr }> = [];
  values.forEach((value, i) => {
    const path = `${listPath}[${i}]`;
    const cidr = cidrField(report, path, value);
    if (!cidr) return;
    if (cidr.prefix === 0) {
      report(path, `${String(value)} ${everything.problem}`, everything.fix);
      return;
    }
    parsed.push({ text: String(value), cidr });
  });
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      if (cidrsOverlap(parsed[i].cidr, parsed[j].cidr)) report(listPath, `${parsed[i].text} and ${parsed[j].text} overlap`, 'keep the larger block only');
    }
  }
}

/** EC2 security group id (8 or 17 hex digits after `sg-`). */
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/** `endpoint.privateAccess`: who may reach the private API endpoint on 443 through the cluster security group. */
function privateAccessRules({ report }: Pick<Parameters<Rule>[0], 'report'>, access: Record<string, unknown>): void {
  apiAccessCidrs(report, 'spec.endpoint.privateAccess.cidrs', asArray(access.cidrs), {
    problem: 'lets every network that routes to the VPC reach the Kubernetes API',
    fix: 'list only the networks that administer the cluster (VPN, CI runner subnet, peered admin VPC)',
  });
  const groups = asArray(access.securityGroupIds);
  groups.forEach((value, i) => {
    const id = asString(value);
    if (id !== undefined && !SECURITY_GROUP_ID.test(id)) {
      report(`spec.endpoint.privateAccess.securityGroupIds[${i}]`, `"${id}" is not a security group id`, 'use the id of the runner\'s or bastion\'s security group, e.g. sg-0123456789abcdef0 (not its name)');
    }
  });
  for (const dup of duplicates(groups.filter((g): g is string => typeof g === 'string'))) {
    report('spec.endpoint.privateAccess.securityGroupIds', `"${dup}" is listed more than once`, 'list each security group once');
  }
}

export const adminRules: Rule = ({ input, report }) => {
  const admins = asArray(input.admins);
  admins.forEach((value, i) => {
    const arn = asString(value);
    const bad = arn === undefined ? undefined : rolePrincipalProblem(arn);
    if (bad) report(`spec.admins[${i}]`, bad.problem, bad.fix);
  });
  for (const dup of duplicates(admins.filter((a): a is string => typeof a === 'string'))) {
    report('spec.admins', `"${dup}" is listed more than once`, 'list each role once');
  }
};
