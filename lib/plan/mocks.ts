/**
 * Deterministic stand-ins for AWS and Kubernetes, so the real Pulumi program runs with no CLI,
 * no plugin and no cloud. Ids and ARNs are derived from logical names: the same program always
 * yields the same plan.
 */
import type * as pulumi from '@pulumi/pulumi';

/** Where the mocked resources live. */
export interface MockAccount {
  /** AWS region written into mocked ARNs and endpoints (EKS API, OIDC issuer). */
  region: string;
  /** 12-digit AWS account id written into mocked ARNs. */
  accountId: string;
}

type State = Record<string, unknown>;

/** Output attributes AWS would compute, per resource type (inputs are echoed as well). */
const COMPUTED: Record<string, (name: string, inputs: State, account: MockAccount) => State> = {
  'aws:eks/cluster:Cluster': (name, inputs, { region, accountId }) => {
    const clusterName = String(inputs.name ?? name);
    return {
      arn: `arn:aws:eks:${region}:${accountId}:cluster/${clusterName}`,
      endpoint: `https://${clusterName.toUpperCase()}0000000000000000.gr7.${region}.eks.amazonaws.com`,
      certificateAuthority: { data: Buffer.from(`mock-ca-${clusterName}`).toString('base64') },
      identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/MOCK${clusterName.toUpperCase()}` }] }],
      vpcConfig: { ...(inputs.vpcConfig as State), clusterSecurityGroupId: `sg-${clusterName}-cluster` },
      status: 'ACTIVE',
    };
  },
  'aws:iam/role:Role': (name, inputs, { accountId }) => ({
    arn: `arn:aws:iam::${accountId}:role/${String(inputs.name ?? name)}`,
    name: inputs.name ?? name,
  }),
  'aws:iam/instanceProfile:InstanceProfile': (name, inputs, { accountId }) => ({
    arn: `arn:aws:iam::${accountId}:instance-profile/${String(inputs.name ?? name)}`,
  }),
  'aws:iam/policy:Policy': (name, inputs, { accountId }) => ({
    arn: `arn:aws:iam::${accountId}:policy/${String(inputs.name ?? name)}`,
  }),
  'aws:iam/openIdConnectProvider:OpenIdConnectProvider': (_name, inputs, { accountId }) => ({
    arn: `arn:aws:iam::${accountId}:oidc-provider/${String(inputs.url ?? '').replace(/^https:\/\//, '')}`,
  }),
  'aws:kms/key:Key': (name, _inputs, { region, accountId }) => ({
    arn: `arn:aws:kms:${region}:${accountId}:key/${name}`,
    keyId: name,
  }),
  'aws:sqs/queue:Queue': (name, inputs, { region, accountId }) => ({
    arn: `arn:aws:sqs:${region}:${accountId}:${String(inputs.name ?? name)}`,
    url: `https://sqs.${region}.amazonaws.com/${accountId}/${String(inputs.name ?? name)}`,
  }),
  'aws:cloudwatch/logGroup:LogGroup': (name, inputs, { region, accountId }) => ({
    arn: `arn:aws:logs:${region}:${accountId}:log-group:${String(inputs.name ?? name)}`,
  }),
  'aws:ec2/launchTemplate:LaunchTemplate': () => ({ latestVersion: 1, defaultVersion: 1 }),
  'aws:route53/record:Record': (_name, inputs) => ({ fqdn: String(inputs.name ?? '').replace(/\.$/, '') }),
  // ACM's DNS validation record (a random token in reality), derived from the name here.
  'aws:acm/certificate:Certificate': (name, inputs) => {
    const domain = String(inputs.domainName ?? name).replace(/^\*\./, '');
    return {
      domainValidationOptions: [
        { domainName: inputs.domainName, resourceRecordName: `_mock-${name}.${domain}.`, resourceRecordType: 'CNAME', resourceRecordValue: `_mock-${name}.acm-validations.aws.` },
      ],
    };
  },
};

/** A Kubernetes resource's type token: an object (`kubernetes:core/v1:Namespace`) or a Helm release (`kubernetes:helm.sh/v3:Release`). */
function isKubernetesType(type: string): boolean {
  return type.startsWith('kubernetes:');
}

/** Pulumi mocks answering for AWS and Kubernetes resources and invokes. */
export class PlanMocks implements pulumi.runtime.Mocks {
  constructor(private readonly account: MockAccount) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
    // A manifest chart's object or a Helm release: nothing in the program reads their outputs
    // (releases and objects are only waited for), and echoing each back (serialized, sent,
    // deserialized and held as outputs) was a third of the plan.
    if (isKubernetesType(args.type)) return { id: `${args.name}-id`, state: {} };
    const inputs = (args.inputs ?? {}) as State;
    const computed = COMPUTED[args.type]?.(args.name, inputs, this.account) ?? {};
    const state: State = { ...inputs, ...computed };
    if (args.type.startsWith('aws:') && state.arn === undefined) {
      const service = args.type.split(':')[1].split('/')[0];
      state.arn = `arn:aws:${service}:${this.account.region}:${this.account.accountId}:${args.name}`;
    }
    return { id: `${args.name}-id`, state };
  }

  call(args: pulumi.runtime.MockCallArgs): State {
    switch (args.token) {
      case 'aws:index/getCallerIdentity:getCallerIdentity':
        return { accountId: this.account.accountId, arn: `arn:aws:iam::${this.account.accountId}:user/plan`, userId: 'plan' };
      case 'aws:index/getRegion:getRegion':
      case 'aws:index/region:getRegion':
        return { name: this.account.region, region: this.account.region, id: this.account.region };
      case 'aws:index/getPartition:getPartition':
        return { partition: 'aws', dnsSuffix: 'amazonaws.com' };
      default:
        return args.inputs as State;
    }
  }
}
