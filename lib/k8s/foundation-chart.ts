/**
 * Phase 2 of the deploy order: what every add-on and tenant assumes exists — platform namespaces
 * with Pod Security labels, native admission policies, the default StorageClass, priority classes,
 * and the tenants.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import type { ResolvedSpec } from '../spec/types';
import type { DeclaredNetworkNeed } from '../addons/network';
import { AdmissionPolicies } from './admission-policies/admission-policies';
import { PlatformNamespace, type PodSecurityLevel } from './platform-namespace';
import { PlatformNetworkPolicies } from './platform-network-policies';
import { PriorityClasses } from './priority-classes';
import { StorageClasses } from './storage-classes';
import { Tenant, type IngressPeer, type ScrapePeer, type TelemetryPeer } from './tenant';

/** A platform add-on namespace requested by the blueprint. */
export interface FoundationNamespace {
  /** Namespace name. */
  name: string;
  /** Pod Security level the add-ons in it need. */
  podSecurity: PodSecurityLevel;
  /** Why the level is looser than restricted (cited by the admission policy exemptions). @default none */
  podSecurityReason?: string;
  /** Extra labels. @default {} */
  labels?: Record<string, string>;
}

/** Props of {@link FoundationChart}. */
export interface FoundationChartProps {
  /** The validated environment. */
  readonly spec: ResolvedSpec;
  /** Platform add-on namespaces (the blueprint derives them from the enabled add-ons). */
  readonly namespaces: FoundationNamespace[];
  /** Istio is installed: tenant namespaces get sidecar injection. */
  readonly meshInjection: boolean;
  /** Where the north-south entry point reaches tenant pods from. */
  readonly ingressFrom: IngressPeer;
  /** Where tenant pods send OTLP telemetry. @default none */
  readonly telemetryTo?: TelemetryPeer;
  /** Who scrapes tenant pods' sidecar metrics. @default none */
  readonly scrapedBy?: ScrapePeer;
  /** Connections the enabled add-ons declare; every platform namespace is default-deny plus these. @default [] */
  readonly networkNeeds?: readonly DeclaredNetworkNeed[];
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Namespaces, storage and priority classes, and tenants, in a stable order. */
export class FoundationChart extends Chart {
  constructor(scope: Construct, id: string, props: FoundationChartProps) {
    super(scope, id);
    const env = props.spec.name;
    for (const ns of [...props.namespaces].sort(byName)) {
      new PlatformNamespace(this, `ns-${ns.name}`, { name: ns.name, environment: env, podSecurity: ns.podSecurity, labels: ns.labels });
    }
    // Before any add-on pod starts: the namespaces' default deny and their declared flows.
    new PlatformNetworkPolicies(this, 'platform-network', { spec: props.spec, namespaces: props.namespaces.map((n) => n.name), needs: props.networkNeeds ?? [] });
    // Before any add-on installs: the add-ons' own pods are the first the policies judge.
    new AdmissionPolicies(this, 'admission', { spec: props.spec, namespaces: props.namespaces, meshInjection: props.meshInjection });
    new StorageClasses(this, 'storage', { spec: props.spec });
    new PriorityClasses(this, 'priority', { environment: env });
    for (const tenant of [...props.spec.tenants].sort(byName)) {
      new Tenant(this, `tenant-${tenant.name}`, {
        tenant,
        environment: env,
        meshInjection: props.meshInjection,
        ingressFrom: props.ingressFrom,
        telemetryTo: props.telemetryTo,
        scrapedBy: props.scrapedBy,
      });
    }
  }
}
