/**
 * external-dns: publishes the hostnames of tenant `HTTPRoute`s on the edge Gateway (and of
 * annotated Services, and Ingresses with ingress-nginx) into the environment's Route53 hosted
 * zone, owning only records it created (TXT registry, owner id = environment). The chart derives
 * its RBAC from `sources` (gateway-httproute: httproutes, gateways, namespaces).
 */
import type { IamPolicyDocument } from '../spec/iam';
import { workloadRoleArn } from '../spec/naming';
import type { AddonId, ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import { scrapeNeed, type NetworkNeed } from './network';
import {
  containerResources,
  platformPriority,
  restrictedContainerSecurityContext,
  singletonFindings,
  systemPlacement,
  type ContainerResources,
  type Toleration,
} from './placement';

const ID = 'external-dns';
const SERVICE_ACCOUNT = 'external-dns';

/** Chart values we set (external-dns chart 1.21). */
export interface ExternalDnsValues {
  /** DNS provider: Route 53. */
  provider: { name: 'aws' };
  /** Environment of the container: `AWS_DEFAULT_REGION` for the AWS SDK. */
  env: Array<{ name: string; value: string }>;
  /** Only names under these domains are managed (the spec's `domain`). */
  domainFilters: string[];
  /** Owner id written into the TXT ownership records: records another owner created are left alone. */
  txtOwnerId: string;
  /** `upsert-only` never deletes records (protected environments); `sync` deletes records whose source is gone. */
  policy: 'upsert-only' | 'sync';
  /** Ownership registry: TXT records beside each managed record. */
  registry: 'txt';
  /** The Kubernetes objects whose hostnames become records (Services, Ingresses, Gateway API routes). */
  sources: string[];
  /** Extra flags: `--zone-id-filter` pins writes to the environment's hosted zone. */
  extraArgs: string[];
  /** The controller's service account, annotated with its IRSA role (Route 53 writes). */
  serviceAccount: { create: boolean; name: string; annotations: Record<string, string> };
  /** `Recreate`: never two writers, not even during a rollout. */
  deploymentStrategy: { type: 'Recreate' };
  /** Node labels the pod must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Scheduling priority of the pods: platformPriority(). */
  priorityClassName: string;
  /** Pod security context: non-root, RuntimeDefault seccomp; `fsGroup` makes the projected IRSA token readable. */
  podSecurityContext: Record<string, unknown>;
  /** Container security context: restricted (no privilege escalation, all capabilities dropped, read-only root). */
  securityContext: Record<string, unknown>;
  /** Requests plus a memory limit. */
  resources: ContainerResources;
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

/**
 * What external-dns watches: annotated Services always; HTTPRoutes (hostnames of routes accepted
 * by the edge Gateway, pointed at the Gateway's load balancer) when the Gateway API edge is
 * installed; Ingresses only with ingress-nginx, the one add-on that serves them.
 */
export function externalDnsSources(enabled: ReadonlySet<AddonId>): string[] {
  return [
    'service',
    ...(enabled.has('ingress-nginx') ? ['ingress'] : []),
    ...(enabled.has('gateway-api-crds') ? ['gateway-httproute'] : []),
  ];
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
  network: externalDnsNetwork,
  id: ID,
  description: 'Route53 records for the HTTPRoutes on the edge Gateway (and annotated Services, Ingresses), scoped to the environment hosted zone',
  chart: CHART_VERSIONS[ID],
  namespace: 'external-dns',
  // Its gateway sources list HTTPRoutes and Gateways at start-up and fail without their CRDs.
  dependsOn: ({ enabled }) => (enabled.has('gateway-api-crds') ? (['gateway-api-crds'] as AddonId[]) : []),
  isSelected: (spec) => spec.addons.hostedZoneId !== undefined,
  // Service `external-dns`, port http (7979) serves /metrics next to the health check.
  monitors: () => [{ name: ID, kind: 'service', selector: { 'app.kubernetes.io/name': ID, 'app.kubernetes.io/instance': ID }, port: 'http' }],
  workloadIdentity: { serviceAccount: SERVICE_ACCOUNT, policy: externalDnsIamPolicy },
  // Single replica on purpose, in every tier: external-dns has no leader election, so two replicas
  // would race on the same records and TXT ownership (the chart hard-codes `replicas: 1`), and a
  // short outage only delays record updates; live traffic never passes through it. No PDB (one
  // that allows no eviction would block drains; one that allows it protects nothing) and no zone
  // spread for the same reason: the production HA rule needs a recorded exception for it.
  acceptedFindings: ({ spec }) => {
    const object = 'Deployment/external-dns/external-dns';
    const reason = 'external-dns has no leader election: a second replica would race on the same Route53 records and TXT ownership; an outage only delays record updates, no traffic passes through it';
    return singletonFindings(spec, object, reason);
  },
  values: ({ spec, enabled }) => ({
    provider: { name: 'aws' },
    // The SDK needs the region for STS; IRSA does not inject it.
    env: [{ name: 'AWS_DEFAULT_REGION', value: spec.region }],
    domainFilters: spec.domain ? [spec.domain] : [],
    txtOwnerId: spec.name,
    policy: externalDnsPolicy(spec),
    registry: 'txt',
    sources: externalDnsSources(enabled),
    // Belt and braces with the IAM scope: never even read other zones of the account.
    extraArgs: [`--zone-id-filter=${hostedZoneId(spec)}`],
    serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } },
    deploymentStrategy: { type: 'Recreate' },
    ...systemPlacement(),
    ...platformPriority(),
    // fsGroup lets the non-root process read the projected IRSA token.
    podSecurityContext: { runAsNonRoot: true, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { ...restrictedContainerSecurityContext(), runAsUser: 65532 },
    // It caches the watched Services, Ingresses and routes: memory grows with the cluster.
    resources: containerResources({ cpu: '10m', memory: '64Mi' }, '256Mi'),
  }),
};

/** Connections of external-dns beyond its AWS APIs (from its workload identity): its metrics. */
function externalDnsNetwork({ enabled }: AddonContext): NetworkNeed[] {
  return enabled.has('kube-prometheus-stack') ? [scrapeNeed({ namespace: 'external-dns' }, [7979], 'external-dns')] : [];
}
