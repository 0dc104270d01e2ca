/**
 * external-dns: publishes Service / Ingress (and Istio Gateway) hostnames into the environment's
 * Route53 hosted zone, owning only records it created (TXT registry, owner id = environment).
 */
import type { IamPolicyDocument } from '../spec/iam';
import { workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';
import {
  restrictedContainerSecurityContext,
  systemPlacement,
  type Toleration,
} from './placement';

const ID = 'external-dns';
const SERVICE_ACCOUNT = 'external-dns';

/** Chart values we set (external-dns chart 1.22). */
export interface ExternalDnsValues {
  provider: { name: 'aws' };
  env: Array<{ name: string; value: string }>;
  domainFilters: string[];
  txtOwnerId: string;
  policy: 'upsert-only' | 'sync';
  registry: 'txt';
  sources: string[];
  extraArgs: string[];
  serviceAccount: { create: boolean; name: string; annotations: Record<string, string> };
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  podSecurityContext: Record<string, unknown>;
  securityContext: Record<string, unknown>;
  resources: { requests: { cpu: string; memory: string } };
}

function hostedZoneId(spec: ResolvedSpec): string {
  // isSelected guarantees it; fail loudly rather than emit an unscoped policy.
  if (!spec.addons.hostedZoneId) throw new Error('external-dns: spec.addons.hostedZoneId is required');
  return spec.addons.hostedZoneId;
}

/**
 * `upsert-only` where resources are protected (production): external-dns never deletes records,
 * so a mis-scoped source or a half-deleted namespace cannot take production names offline;
 * stale records are cleaned up by a human. Elsewhere `sync` keeps zones tidy automatically.
 */
export function externalDnsPolicy(spec: ResolvedSpec): 'upsert-only' | 'sync' {
  return spec.profile.protectResources ? 'upsert-only' : 'sync';
}

/** Route53 permissions: writes to the environment's zone only; listing is all Route53 offers. */
export function externalDnsIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ChangeOwnZone', Effect: 'Allow', Action: 'route53:ChangeResourceRecordSets', Resource: `arn:aws:route53:::hostedzone/${hostedZoneId(spec)}` },
      {
        Sid: 'List',
        Effect: 'Allow',
        Action: ['route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'],
        Resource: '*',
      },
    ],
  };
}

export const externalDns: Addon<ExternalDnsValues> = {
  id: ID,
  description: 'Route53 records for Services, Ingresses and Istio Gateways, scoped to the environment hosted zone',
  chart: CHART_VERSIONS[ID],
  namespace: 'external-dns',
  dependsOn: () => [],
  isSelected: (spec) => spec.addons.hostedZoneId !== undefined,
  workloadIdentity: { serviceAccount: SERVICE_ACCOUNT, policy: externalDnsIamPolicy },
  // Single replica on purpose: external-dns has no leader election (the chart bounds replicaCount
  // to 0 or 1), and a short outage only delays record updates.
  values: ({ spec, enabled }) => ({
    provider: { name: 'aws' },
    // The SDK needs the region for STS; IRSA does not inject it.
    env: [{ name: 'AWS_DEFAULT_REGION', value: spec.region }],
    domainFilters: spec.domain ? [spec.domain] : [],
    txtOwnerId: spec.name,
    policy: externalDnsPolicy(spec),
    registry: 'txt',
    sources: ['service', 'ingress', ...(enabled.has('istio-ingressgateway') ? ['istio-gateway'] : [])],
    // Belt and braces with the IAM scope: never even read other zones of the account.
    extraArgs: [`--zone-id-filter=${hostedZoneId(spec)}`],
    serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } },
    ...systemPlacement(),
    // fsGroup lets the non-root process read the projected IRSA token.
    podSecurityContext: { runAsNonRoot: true, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { ...restrictedContainerSecurityContext(), runAsUser: 65532 },
    resources: { requests: { cpu: '10m', memory: '64Mi' } },
  }),
};
