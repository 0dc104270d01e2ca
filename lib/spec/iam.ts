/**
 * IAM policy documents as typed data. Add-ons declare what they need in this vocabulary and the
 * cloud layer turns it into roles, so neither imports the other.
 */

/** One statement of an IAM policy. */
export interface IamPolicyStatement {
  /** Statement id (optional, helps reviewers). */
  Sid?: string;
  /** Whether the statement grants (`Allow`) or refuses (`Deny`, which wins over any Allow) the actions. */
  Effect: 'Allow' | 'Deny';
  /** API actions covered, e.g. `route53:ChangeResourceRecordSets` (wildcards allowed). */
  Action: string | string[];
  /** ARNs the actions apply to (`*` only where the action has no resource-level permission). */
  Resource: string | string[];
  /** IAM condition block, e.g. `{ StringEquals: { 'aws:RequestTag/kubernetes.io/cluster/prod': 'owned' } }`. */
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface IamPolicyDocument {
  /** IAM policy language version; `2012-10-17` is the one that supports policy variables. */
  Version: '2012-10-17';
  /** The statements, evaluated together (an explicit Deny wins). */
  Statement: IamPolicyStatement[];
}

/**
 * An IAM role ARN as EKS access entries take it: partition, 12-digit account, `role/`, then the
 * role's path (if it has one) and name. Roles only: STS sessions are refused by EKS, and IAM users
 * (long-term keys) and groups are no principals we grant access to.
 */
export const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Path under which IAM Identity Center creates its permission-set roles (`<region>/` follows outside us-east-1). */
export const SSO_ROLE_PATH = 'aws-reserved/sso.amazonaws.com/';

/** A problem with an access-entry principal and its fix. */
export interface PrincipalProblem {
  /** What is wrong. */
  problem: string;
  /** What to write instead. */
  fix: string;
}

/** The fix for a principal that is not a role ARN, by what it is instead. */
export function roleArnFix(arn: string): string {
  const role = 'use arn:aws:iam::<account>:role/<name>';
  // EKS refuses STS session principals in access entries: a session is temporary, not an identity.
  const session = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\//.exec(arn);
  if (session) return `use the role the session assumed, arn:aws:iam::${session[1]}:role/${session[2]} (with its path, if it has one): EKS access entries take the role, never an STS session`;
  if (/^arn:aws[a-z-]*:iam::\d{12}:user\//.test(arn)) return `${role}; grant people access through a role they assume (federated or SSO), not an IAM user with long-term keys`;
  if (/^arn:aws[a-z-]*:iam::\d{12}:group\//.test(arn)) return `${role}; IAM groups cannot be EKS access-entry principals`;
  if (/^\d{12}$/.test(arn)) return `${role}: a whole account is no principal an access entry takes`;
  const account = /^arn:aws[a-z-]*:iam::([^:]*):role\//.exec(arn);
  if (account && !/^\d{12}$/.test(account[1])) return `${role}: the account id ${JSON.stringify(account[1])} is not 12 digits`;
  return `${role}; grant people access through a role, not a user`;
}

/**
 * Every problem of `arn` as an access-entry principal, or undefined for a usable role ARN. An
 * IAM Identity Center role written without its path is refused here: the aws-auth ConfigMap
 * needed the path stripped, access entries need the full ARN and refuse the stripped one
 * ("The specified principalArn is invalid: invalid principal").
 */
export function rolePrincipalProblem(arn: string): PrincipalProblem | undefined {
  if (!IAM_ROLE_ARN.test(arn)) return { problem: `"${arn}" is not an IAM role ARN`, fix: roleArnFix(arn) };
  const [, account, path] = /^arn:[a-z-]+:iam::(\d{12}):role\/(.*)$/.exec(arn)!;
  const name = path.split('/').pop()!;
  if (name.startsWith('AWSReservedSSO_') && !path.startsWith(SSO_ROLE_PATH)) {
    return {
      problem: `"${arn}" is an IAM Identity Center role without its path; EKS access entries need the full role ARN and refuse this one as an invalid principal`,
      fix: `use arn:aws:iam::${account}:role/${SSO_ROLE_PATH}<region>/${name} (no <region>/ when Identity Center is in us-east-1), as \`aws iam list-roles --path-prefix /${SSO_ROLE_PATH}\` prints it`,
    };
  }
  return undefined;
}

/** A problem when `arn` is of another AWS partition than the cluster's: access entries only take principals of its own. */
export function principalPartitionProblem(arn: string, partition: string): PrincipalProblem | undefined {
  const arnPartition = /^arn:([a-z-]+):/.exec(arn)?.[1];
  if (arnPartition === undefined || arnPartition === partition || !arnPartition.startsWith('aws')) return undefined;
  return {
    problem: `"${arn}" is a role of the ${arnPartition} partition, but the environment is in ${partition}; EKS access entries only take principals of the cluster's partition`,
    fix: `use the role's ARN in the ${partition} partition: arn:${partition}:iam::<account>:role/<name>`,
  };
}
