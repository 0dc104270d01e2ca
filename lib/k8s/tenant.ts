/**
 * A team's slice of the cluster: a `restricted` namespace, a quota with container defaults so the
 * quota can be enforced, `admin` / `edit` / `view` for the tenant's access groups (and `edit` for
 * its editor groups) bound in this namespace only, and network policies that deny everything
 * except same-namespace traffic, DNS, and traffic from the edge (the gateway or ingress pods, or
 * the load balancer's subnets when it sends straight to pod IPs). The namespace carries the
 * tenant label the edge Gateway admits `HTTPRoute`s by.
 */
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { Construct } from 'constructs';
import { parseCidr } from '../spec/cidr';
import { editorBindingName } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { addGroupRoleBinding } from './group-role-binding';
import { emitModel } from './model-object';
import { addNamespaceNetworkPolicy, type NamespaceNetworkPolicyProps, type NetworkRule } from './namespace-network-policy';
import { groundworkLabels } from './object-labels';
import { PlatformNamespace } from './platform-namespace';
import { addAccessBindings, tenantAccessProblems } from './tenant-access';
import { BUILT_IN_PRIORITY_CLASSES, PLATFORM_CRITICAL } from './priority-classes';

/** PriorityClasses a tenant's pods may not use (a zero-pod quota scoped to them in every tenant namespace). */
export const TENANT_FORBIDDEN_PRIORITY_CLASSES = [PLATFORM_CRITICAL.name, BUILT_IN_PRIORITY_CLASSES.systemClusterCritical, BUILT_IN_PRIORITY_CLASSES.systemNodeCritical] as const;

/** A tenant as resolved from the spec. */
export type TenantDefinition = ResolvedSpec['tenants'][number];

export { accessBindingName, TENANT_ACCESS_CLUSTER_ROLES } from './tenant-access';

/** A tenant as the construct takes it: `access` may be left out (no IAM roles) by team repos. */
export type TenantInput = Omit<TenantDefinition, 'access' | 'quota'> & {
  /** The namespace's ResourceQuota (a resolved spec holds the spec's, or the tier's default). */
  quota: TenantDefinition['quota'];
  /** IAM role ARNs per access level (`admins`, `developers`, `viewers`); a level left out grants nobody. @default no roles */
  access?: Partial<TenantDefinition['access']>;
};

/**
 * Label every tenant namespace carries (value: the tenant name). The edge Gateway's listeners
 * admit routes only from namespaces that have it; only cluster admins label namespaces (`edit`
 * cannot), so a tenant cannot grant it to anything else.
 */
export const TENANT_NAMESPACE_LABEL = 'groundwork.dev/tenant';

/**
 * Where north-south traffic reaches a tenant's pods from: edge proxies running as pods
 * (Istio's gateway, ingress-nginx), or a load balancer sending straight to pod IPs (an ALB with
 * IP targets), whose addresses are its subnets' CIDRs.
 */
export type IngressPeer =
  | {
      /** Namespace of the edge proxy pods. */
      readonly namespace: string;
      /** Only the pods with these labels (the proxies, not every pod of the namespace). @default every pod of `namespace` */
      readonly podLabels?: Readonly<Record<string, string>>;
    }
  | {
      /** IPv4 CIDRs the load balancer's nodes use: subnets holding no pods, never the VPC's. */
      readonly cidrs: readonly string[];
    };

/** Pods tenant workloads (and their sidecars) send OTLP telemetry to: the collector gateway. */
export interface TelemetryPeer {
  /** Namespace of the collector pods. */
  readonly namespace: string;
  /** Labels of the collector pods (not every pod of the namespace). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** TCP ports (OTLP gRPC and HTTP). */
  readonly ports: readonly number[];
}

/** Pods that scrape metrics from tenant pods (Prometheus), and the only ports they may reach. */
export interface ScrapePeer {
  /** Namespace of the scraping pods. */
  readonly namespace: string;
  /** Labels of the scraping pods (not every pod of the namespace). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** TCP ports scraped (the sidecar's envoy stats, 15090). */
  readonly ports: readonly number[];
}

/** Props of {@link Tenant}. */
export interface TenantProps {
  /** Name, editor groups, access roles and quota of the tenant. */
  readonly tenant: TenantInput;
  /** Environment name, recorded in `groundwork.dev/environment`. */
  readonly environment: string;
  /** Label the namespace for Istio sidecar injection. */
  readonly meshInjection: boolean;
  /**
   * Where the edge reaches the tenant's pods from (`edgeIngressPeer(spec)` gives the environment's).
   * Required: a default would silently admit the wrong edge, or none.
   */
  readonly ingressFrom: IngressPeer;
  /** Where pods may send OTLP traces (egress to those pods and ports only). @default none: no telemetry egress */
  readonly telemetryTo?: TelemetryPeer;
  /** Who may scrape the pods' sidecar metrics (ingress from those pods to those ports only). @default none: no scrape ingress */
  readonly scrapedBy?: ScrapePeer;
  /** Default container requests/limits applied by the LimitRange. @default requests 100m/128Mi, limits 500m/512Mi */
  readonly containerDefaults?: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
}

/** Names of the NetworkPolicies every tenant gets. */
export const TENANT_NETWORK_POLICIES = {
  defaultDeny: 'default-deny-all',
  sameNamespace: 'allow-same-namespace',
  dns: 'allow-dns-egress',
  ingressController: 'allow-ingress-controller',
  meshControlPlane: 'allow-mesh-control-plane',
  telemetry: 'allow-telemetry-egress',
  metricsScrape: 'allow-metrics-scrape',
} as const;

const DEFAULT_CONTAINER = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const RESERVED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

function dnsLabelProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return `${field}: must be a non-empty string (got ${JSON.stringify(value)})`;
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    return `${field}: "${value}" is not a DNS label; use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit, e.g. "team-a"`;
  }
  return undefined;
}

/** Problems with an edge peer: a DNS-label namespace, or non-empty valid CIDRs that are not the whole internet. */
function ingressPeerProblems(peer: IngressPeer | undefined): string[] {
  if (peer === undefined) return ['ingressFrom: required: where the edge reaches the tenant from; pass edgeIngressPeer(spec) (lib/addons/edge-gateway.ts)'];
  if ('cidrs' in peer) {
    if (!Array.isArray(peer.cidrs) || peer.cidrs.length === 0) return ['ingressFrom.cidrs: must list at least one IPv4 CIDR (the load balancer subnets)'];
    return peer.cidrs.flatMap((cidr, i) => {
      const parsed = parseCidr(String(cidr));
      if (!parsed.ok) return [`ingressFrom.cidrs[${i}]: ${parsed.problem}${parsed.suggestion ? `; use ${parsed.suggestion}` : ''}`];
      return parsed.cidr.prefix === 0 ? [`ingressFrom.cidrs[${i}]: "${cidr}" admits every address; list the load balancer subnets`] : [];
    });
  }
  const problem = dnsLabelProblem('ingressFrom.namespace', peer.namespace);
  return problem ? [problem] : [];
}

// Shared with validation (rules/addons-tenants.ts), which reports two groups mapping to one binding.
export { editorBindingName };

/** Every problem with tenant props, empty when valid. Props come from team repos, so check them here. */
export function tenantPropsProblems(props: TenantProps): string[] {
  const problems: string[] = [];
  const t = props.tenant as Partial<TenantDefinition> | undefined;
  const name = dnsLabelProblem('tenant.name', t?.name);
  if (name) problems.push(name);
  else if (RESERVED_NAMESPACES.has(t!.name!) || t!.name!.startsWith('kube-')) {
    problems.push(`tenant.name: "${t!.name}" is a system namespace; pick a team name, e.g. "team-a"`);
  }
  const env = dnsLabelProblem('environment', props.environment);
  if (env) problems.push(env);
  problems.push(...ingressPeerProblems(props.ingressFrom));
  if (!Array.isArray(t?.editors)) {
    problems.push('tenant.editors: must be an array of group names (use [] for none)');
  } else {
    const seen = new Map<string, string>();
    t!.editors!.forEach((group, i) => {
      if (typeof group !== 'string' || group.trim() === '' || editorBindingName(group) === 'edit') {
        problems.push(`tenant.editors[${i}]: must be a group name with at least one letter or digit (got ${JSON.stringify(group)})`);
        return;
      }
      const binding = editorBindingName(group);
      const other = seen.get(binding);
      if (other !== undefined) problems.push(`tenant.editors[${i}]: "${group}" maps to the same RoleBinding "${binding}" as "${other}"; list each group once`);
      seen.set(binding, group);
    });
  }
  problems.push(...tenantAccessProblems(t?.access));
  const quota = t?.quota;
  if (!quota || typeof quota !== 'object') {
    problems.push('tenant.quota: required ({ cpu, memory, pods })');
  } else {
    for (const key of ['cpu', 'memory'] as const) {
      const value = quota[key];
      if (typeof value !== 'string' || !QUANTITY.test(value)) {
        problems.push(`tenant.quota.${key}: "${String(value)}" is not a Kubernetes quantity; use e.g. ${key === 'cpu' ? '"8" or "500m"' : '"16Gi"'}`);
      }
    }
    if (!Number.isInteger(quota.pods) || quota.pods <= 0) {
      problems.push(`tenant.quota.pods: must be a positive integer (got ${JSON.stringify(quota.pods)})`);
    }
  }
  return problems;
}

/** Namespace + ResourceQuota + LimitRange + RoleBindings + default-deny NetworkPolicies for one team. */
export class Tenant extends Construct {
  /** The tenant namespace name. */
  public readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: TenantProps) {
    super(scope, id);
    const problems = tenantPropsProblems(props);
    if (problems.length > 0) {
      throw new Error(`Invalid Tenant "${String(props.tenant?.name)}":\n  - ${problems.join('\n  - ')}`);
    }
    const { tenant, environment } = props;
    const ns = tenant.name;
    const labels = groundworkLabels(environment);
    const defaults = props.containerDefaults ?? DEFAULT_CONTAINER;
    this.namespaceName = ns;

    new PlatformNamespace(this, 'Namespace', {
      name: ns,
      environment,
      podSecurity: 'restricted',
      labels: { [TENANT_NAMESPACE_LABEL]: ns, ...(props.meshInjection ? { 'istio-injection': 'enabled' } : {}) },
    });

    emitModel(
      this,
      'Quota',
      new ResourceQuota({
        metadata: { name: 'tenant-quota', namespace: ns, labels },
        spec: {
          hard: {
            'requests.cpu': tenant.quota.cpu,
            'requests.memory': tenant.quota.memory,
            // Limits capped at the same totals: a tenant cannot overcommit its nodes' share.
            'limits.cpu': tenant.quota.cpu,
            'limits.memory': tenant.quota.memory,
            pods: String(tenant.quota.pods),
          },
        },
      }),
    );
    // No tenant pod may run at platform (or built-in system) priority: with a zero pod quota for
    // those classes, admission refuses such a pod instead of letting it preempt the platform's.
    emitModel(
      this,
      'PriorityQuota',
      new ResourceQuota({
        metadata: { name: 'platform-priority', namespace: ns, labels },
        spec: {
          hard: { pods: '0' },
          scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: [...TENANT_FORBIDDEN_PRIORITY_CLASSES] }] },
        },
      }),
    );
    // A quota on requests/limits rejects pods that omit them; these defaults make such pods admissible.
    emitModel(
      this,
      'Limits',
      new LimitRange({
        metadata: { name: 'container-defaults', namespace: ns, labels },
        spec: { limits: [{ type: 'Container', defaultRequest: { ...defaults.requests }, default: { ...defaults.limits } }] },
      }),
    );

    [...tenant.editors].sort().forEach((group) => {
      const name = editorBindingName(group);
      addGroupRoleBinding(this, `Binding-${name}`, { name, namespace: ns, labels, clusterRole: 'edit', group });
    });
    addAccessBindings(this, ns, labels, tenant.access ?? {});

    this.addNetworkPolicies(ns, labels, props.ingressFrom, props.meshInjection);
    if (props.telemetryTo) this.addTelemetryEgress(ns, labels, props.telemetryTo);
    if (props.scrapedBy) this.addScrapeIngress(ns, labels, props.scrapedBy);
  }

  /** Prometheus to the sidecars' envoy stats only: the application's own ports stay closed to it. */
  private addScrapeIngress(ns: string, labels: Record<string, string>, from: ScrapePeer): void {
    addNamespaceNetworkPolicy(this, 'MetricsScrape', {
      name: TENANT_NETWORK_POLICIES.metricsScrape,
      namespace: ns,
      labels,
      policyTypes: ['Ingress'],
      ingress: [{ peer: { namespace: from.namespace, podLabels: from.podLabels }, ports: tcp(from.ports) }],
    });
  }

  /** OTLP to the collector gateway only: application SDKs and the sidecars' span export. */
  private addTelemetryEgress(ns: string, labels: Record<string, string>, to: TelemetryPeer): void {
    addNamespaceNetworkPolicy(this, 'Telemetry', {
      name: TENANT_NETWORK_POLICIES.telemetry,
      namespace: ns,
      labels,
      policyTypes: ['Egress'],
      egress: [{ peer: { namespace: to.namespace, podLabels: to.podLabels }, ports: tcp(to.ports) }],
    });
  }

  private addNetworkPolicies(ns: string, labels: Record<string, string>, ingressFrom: IngressPeer, meshInjection: boolean): void {
    const policy = (id: string, name: string, rest: Pick<NamespaceNetworkPolicyProps, 'policyTypes' | 'ingress' | 'egress'>) =>
      addNamespaceNetworkPolicy(this, id, { name, namespace: ns, labels, ...rest });
    // No rules: both directions denied for every pod.
    policy('DefaultDeny', TENANT_NETWORK_POLICIES.defaultDeny, { policyTypes: ['Egress', 'Ingress'] });

    // Default-deny covers egress too: a team's services must still reach each other.
    const self = { peer: { namespace: ns } };
    policy('SameNamespace', TENANT_NETWORK_POLICIES.sameNamespace, { policyTypes: ['Ingress', 'Egress'], ingress: [self], egress: [self] });

    if (meshInjection) {
      // Sidecars fetch configuration and certificates from istiod (xDS + CA on 15012).
      policy('MeshControlPlane', TENANT_NETWORK_POLICIES.meshControlPlane, {
        policyTypes: ['Egress'],
        egress: [{ peer: { namespace: 'istio-system', podLabels: { app: 'istiod' } }, ports: tcp([15012]) }],
      });
    }

    policy('Dns', TENANT_NETWORK_POLICIES.dns, {
      policyTypes: ['Egress'],
      egress: [{ peer: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } }, ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }],
    });

    policy('IngressController', TENANT_NETWORK_POLICIES.ingressController, {
      policyTypes: ['Ingress'],
      // One rule per load balancer subnet, or one for the edge proxy pods.
      ingress: 'cidrs' in ingressFrom ? [...ingressFrom.cidrs].sort().map((cidr) => ({ peer: { cidr } })) : [{ peer: { namespace: ingressFrom.namespace, podLabels: ingressFrom.podLabels } }],
    });
  }
}

/** TCP on each of `ports`, lowest first. */
function tcp(ports: readonly number[]): NetworkRule['ports'] {
  return [...ports].sort((a, b) => a - b).map((port) => ({ port, protocol: 'TCP' as const }));
}
