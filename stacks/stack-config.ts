/**
 * Per-stack configuration (Pulumi.<stack>.yaml) laid over the stock environment of the same
 * name. Only what differs per installation lives in stack config: region, account, who
 * administers the cluster and who may reach its API (public CIDRs, private-endpoint networks). Everything else is reviewed code.
 */
import { cloneData } from '../lib/spec/defaults';
import type { EnvironmentSpec } from '../lib/spec/types';
import { STOCK_ENVIRONMENTS } from './environments';

/** Values read from `aws:*` and `groundwork:*` stack config. Absent values keep the stock spec's. */
export interface StackConfig {
  /** `aws:region`. */
  region?: string;
  /** `groundwork:accountId`. */
  accountId?: string;
  /** `groundwork:adminRoleArns` (list). */
  adminRoleArns?: string[];
  /** `groundwork:publicAccessCidrs` (list); an empty list makes the endpoint private-only. */
  publicAccessCidrs?: string[];
  /** `groundwork:privateAccessCidrs` (list): networks let in to the private endpoint on 443; `[]` clears the stock list. */
  privateAccessCidrs?: string[];
  /** `groundwork:privateAccessSecurityGroupIds` (list): security groups (CI runner, bastion) let in to the private endpoint. */
  privateAccessSecurityGroupIds?: string[];
}

/** The spec of stack `stack`: the stock environment with the stack's configuration applied. */
export function specForStack(stack: string, config: StackConfig): EnvironmentSpec {
  const stock = STOCK_ENVIRONMENTS[stack];
  if (!stock) {
    throw new Error(
      `no stock environment named "${stack}"; name the stack one of ${Object.keys(STOCK_ENVIRONMENTS).join(', ')}, or write your own program around Platform.fromSpec`,
    );
  }
  const spec: EnvironmentSpec = cloneData(stock);
  if (config.region !== undefined) spec.region = config.region;
  if (config.accountId !== undefined) spec.accountId = config.accountId;
  if (config.adminRoleArns !== undefined) spec.admins = [...config.adminRoleArns];
  if (config.publicAccessCidrs !== undefined) {
    // Only the public fields change: a stock privateAccess list survives a public-endpoint override.
    const { public: _public, publicAccessCidrs: _cidrs, ...rest } = spec.endpoint ?? {};
    spec.endpoint =
      config.publicAccessCidrs.length > 0 ? { ...rest, public: true, publicAccessCidrs: [...config.publicAccessCidrs] } : { ...rest, public: false };
  }
  if (config.privateAccessCidrs !== undefined || config.privateAccessSecurityGroupIds !== undefined) {
    const stock = spec.endpoint?.privateAccess ?? {};
    spec.endpoint = {
      ...spec.endpoint,
      privateAccess: {
        ...stock,
        ...(config.privateAccessCidrs !== undefined ? { cidrs: [...config.privateAccessCidrs] } : {}),
        ...(config.privateAccessSecurityGroupIds !== undefined ? { securityGroupIds: [...config.privateAccessSecurityGroupIds] } : {}),
      },
    };
  }
  return spec;
}
