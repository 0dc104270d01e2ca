/**
 * What an add-on's pods need from the network, declared next to the add-on (its `network` field).
 * One generator (lib/k8s/platform-network-policies.ts) turns every declaration into the
 * NetworkPolicies of both ends' platform namespaces, on top of each namespace's default deny, DNS
 * and API-server rules; the expected-flows table gains a row per declaration, checked against the
 * pods that really render (lib/readiness/declared-flows.ts).
 */
import type { ResolvedSpec } from '../spec/types';
import type { AddonContext } from './addon';
import { PROMETHEUS_POD_LABELS } from './kube-prometheus-stack-components';

/** One end of a connection. */
export type NetworkPeer =
  | {
      /** Pods of one namespace. */
      readonly namespace: string;
      /** Only the pods with these labels. @default every pod of `namespace` */
      readonly podLabels?: Readonly<Record<string, string>>;
    }
  | {
      /** Every pod of every namespace (e.g. meshed pods anywhere reaching istiod). */
      readonly anyPod: true;
      /** Only pods with these labels. @default every pod */
      readonly podLabels?: Readonly<Record<string, string>>;
    }
  | {
      /** Every tenant namespace (by the tenant namespace label), every pod. */
      readonly tenants: true;
    }
  | {
      /** An address range (the VPC, where the control plane's ENIs are; the internet). */
      readonly cidr: string;
      /** Sub-ranges left out. @default [] */
      readonly except?: readonly string[];
      /** What the range stands for, for the expected-flows row. */
      readonly description: string;
    };

/** A port of a connection. */
export interface NetworkPort {
  /** Destination (container) port. */
  readonly port: number;
  /** Protocol. @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** One connection an add-on's components open or accept. */
export interface NetworkNeed {
  /** Why it exists (shown in the expected-flows table and on the policy). */
  readonly purpose: string;
  /** Who opens the connection. */
  readonly from: NetworkPeer;
  /** Who accepts it. */
  readonly to: NetworkPeer;
  /** Destination ports. */
  readonly ports: readonly NetworkPort[];
  /**
   * The destination admits the connection itself, per workload (a tenant's ProductionService
   * admits Prometheus on its metrics port): only the source's egress is opened, and no flow is
   * expected to reach every destination pod. @default false
   */
  readonly admittedByDestination?: boolean;
}

/** A declared need with the add-on that declared it. */
export interface DeclaredNetworkNeed extends NetworkNeed {
  /** Add-on id. */
  readonly addon: string;
}

/** The Prometheus pods of the metrics stack (operator-managed StatefulSet in `monitoring`). */
export const PROMETHEUS_PEER: NetworkPeer = { namespace: 'monitoring', podLabels: { ...PROMETHEUS_POD_LABELS } };

/** The EKS control plane: webhook calls come from its cross-account ENIs in the VPC. */
export function controlPlanePeer(spec: Pick<ResolvedSpec, 'vpcCidr'>): NetworkPeer {
  return { cidr: spec.vpcCidr, description: `EKS control plane (VPC ${spec.vpcCidr})` };
}

/**
 * AWS public service endpoints (STS, Route53, EC2, S3, SQS, Secrets Manager, CloudWatch Logs). Without
 * VPC endpoints their addresses are AWS's public ranges, which change: 443 to the internet minus the
 * VPC (pods, control plane) and the Service range is the honest rule. With VPC endpoints this would
 * narrow to their subnets.
 */
export function awsApiPeer(spec: Pick<ResolvedSpec, 'vpcCidr' | 'serviceCidr'>): NetworkPeer {
  return { cidr: '0.0.0.0/0', except: [spec.vpcCidr, spec.serviceCidr], description: 'AWS public service endpoints (no VPC endpoints)' };
}

/** `from` → AWS APIs on 443 (IRSA workloads). */
export function awsApiNeed(spec: Pick<ResolvedSpec, 'vpcCidr' | 'serviceCidr'>, from: NetworkPeer, purpose: string): NetworkNeed {
  return { purpose, from, to: awsApiPeer(spec), ports: [{ port: 443 }] };
}

/** Prometheus → `to` on `ports` (the monitors' container ports). */
export function scrapeNeed(to: NetworkPeer, ports: readonly number[], what: string): NetworkNeed {
  return { purpose: `metrics scrape of ${what}`, from: PROMETHEUS_PEER, to, ports: ports.map((port) => ({ port })) };
}

/** Control plane → `to` on the webhook's target port. */
export function webhookNeed(spec: Pick<ResolvedSpec, 'vpcCidr'>, to: NetworkPeer, port: number, what: string): NetworkNeed {
  return { purpose: `admission webhook ${what} (called by the API server)`, from: controlPlanePeer(spec), to, ports: [{ port }] };
}

/** Whether a peer is pods of one namespace. */
export function isNamespacePeer(p: NetworkPeer): p is Extract<NetworkPeer, { namespace: string }> {
  return (p as { namespace?: string }).namespace !== undefined;
}

/**
 * Every need the enabled add-ons declare, in dependency order, each with its add-on. An add-on with
 * workload identity also gets AWS API egress for its namespace's pods: IRSA exists to call AWS.
 */
export function declaredNetworkNeeds(ctx: AddonContext): DeclaredNetworkNeed[] {
  return (ctx.addons ?? []).flatMap((a) => {
    const declared = (a.network?.(ctx) ?? []).map((n) => ({ ...n, addon: a.id }));
    const irsa = a.workloadIdentity && (a.workloadIdentity.when?.(ctx.spec) ?? true);
    return irsa ? [...declared, { ...awsApiNeed(ctx.spec, { namespace: a.namespace }, `AWS APIs of ${a.id} (IRSA: STS and its service)`), addon: a.id }] : declared;
  });
}
