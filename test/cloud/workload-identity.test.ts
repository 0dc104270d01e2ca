import { useMocks, ofType, plan, promiseOf, resolved, snapshotView } from './harness';
void useMocks();
import { WorkloadIdentity } from '../../lib/cloud/workload-identity';
import type { IamPolicyDocument } from '../../lib/spec/iam';
import { workloadRoleArn } from '../../lib/spec/naming';
import { dev } from '../../stacks/environments';

const ISSUER = 'https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';
const PROVIDER = 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';
const POLICY: IamPolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['route53:ChangeResourceRecordSets'], Resource: 'arn:aws:route53:::hostedzone/Z0DEV0000000000000001' }],
};

function build(extra: Partial<ConstructorParameters<typeof WorkloadIdentity>[1]> = {}, holder?: { wi?: WorkloadIdentity }) {
  return plan(() => {
    const wi = new WorkloadIdentity('dev-external-dns', {
      spec: resolved(dev),
      workload: 'external-dns',
      oidcProviderArn: PROVIDER,
      oidcIssuerUrl: ISSUER,
      namespace: 'external-dns',
      serviceAccount: 'external-dns',
      policy: POLICY,
      ...extra,
    });
    if (holder) holder.wi = wi;
  });
}

describe('WorkloadIdentity', () => {
  it('scopes the trust to exactly one namespace/service account and the STS audience', async () => {
    const [role] = ofType(await build(), 'aws:iam/role:Role');
    const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
    expect(trust.Statement).toHaveLength(1);
    const [statement] = trust.Statement;
    expect(statement).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: PROVIDER } });
    expect(Object.keys(statement.Condition)).toEqual(['StringEquals']);
    expect(statement.Condition.StringEquals).toEqual({
      'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud': 'sts.amazonaws.com',
      'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub': 'system:serviceaccount:external-dns:external-dns',
    });
  });

  it('names the role deterministically so its ARN is known before deploy', async () => {
    const holder: { wi?: WorkloadIdentity } = {};
    const [role] = ofType(await build({}, holder), 'aws:iam/role:Role');
    expect(role.inputs.name).toBe('dev-external-dns');
    expect(await promiseOf(holder.wi!.roleArn)).toBe(workloadRoleArn({ name: 'dev', accountId: '000000000000' }, 'external-dns'));
  });

  it('attaches the document as an inline policy, and managed policies as attachments', async () => {
    const resources = await build({ managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
    const [inline] = ofType(resources, 'aws:iam/rolePolicy:RolePolicy');
    expect(JSON.parse(String(inline.inputs.policy))).toEqual(POLICY);
    const [attachment] = ofType(resources, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment');
    expect(attachment.inputs.policyArn).toBe('arn:aws:iam::aws:policy/ReadOnlyAccess');
  });

  it('matches the dev snapshot', async () => {
    expect(snapshotView(await build())).toMatchSnapshot();
  });
});
