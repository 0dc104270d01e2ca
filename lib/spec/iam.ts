/**
 * IAM policy documents as typed data. Add-ons declare what they need in this vocabulary and the
 * cloud layer turns it into roles, so neither imports the other.
 */

/** One statement of an IAM policy. */
export interface IamPolicyStatement {
  /** Statement id (optional, helps reviewers). */
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  /** IAM condition block, e.g. `{ StringEquals: { 'aws:RequestTag/kubernetes.io/cluster/prod': 'owned' } }`. */
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document. */
export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: IamPolicyStatement[];
}
