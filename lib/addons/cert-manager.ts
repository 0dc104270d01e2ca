/**
 * cert-manager: Let's Encrypt (DNS01 through Route53 with IRSA, HTTP01 through ingress-nginx),
 * an internal CA for service certificates, and the environment's wildcard certificate placed in
 * the namespace of the edge that serves it (ingress-nginx, or the Istio gateway whose Gateway API
 * listener references the Secret; the ALB edge uses ACM instead).
 */
import { Certificate, ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import type { IClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import type { Construct } from 'constructs';
import { emitModel } from '../k8s/model-object';
import type { IamPolicyDocument } from '../spec/iam';
import { workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext } from './addon';
import {
  containerResources,
  controllerReplicas,
  disruptionBudget,
  restrictedContainerSecurityContext,
  platformPriority,
  systemPlacement,
  type ContainerResources,
  type DisruptionBudget,
  type Toleration,
  type TopologySpreadConstraint,
  zoneSpread,
} from './placement';
import { edgeImplementation } from './edge-gateway';
import { wildcardCertificateName, wildcardNamespace, wildcardSecretName } from './wildcard-certificate';
import { scrapeNeed, webhookNeed, type NetworkNeed } from './network';

const ID = 'cert-manager';
const NAMESPACE = 'cert-manager';
const SERVICE_ACCOUNT = 'cert-manager';

/** ACME directories of Let's Encrypt; staging has generous rate limits for trying things out. */
export const ACME_SERVERS = {
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
  'letsencrypt-production': 'https://acme-v02.api.letsencrypt.org/directory',
} as const;

/** HA and placement values shared by the controller, webhook and cainjector. */
export interface CertManagerComponentValues {
  /** Pod count of the component's Deployment, from the tier (the controller and cainjector leader-elect). */
  replicaCount: number;
  /** `enabled` + `maxUnavailable` (declared in the chart's values.schema.json). */
  podDisruptionBudget: DisruptionBudget;
  /** Zone spread over the component's own pods. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Node labels the pods must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Container security context: restricted (no privilege escalation, all capabilities dropped, read-only root). */
  containerSecurityContext: Record<string, unknown>;
  /** Requests plus a memory limit. */
  resources: ContainerResources;
}

/** Chart values we set (cert-manager chart v1.21). */
export interface CertManagerValues extends CertManagerComponentValues {
  /** CRDs from the chart, kept on uninstall so deleting the release never deletes every Certificate. */
  crds: { enabled: boolean; keep: boolean };
  /** Priority of every cert-manager pod (the chart reads it from `global` only): platformPriority(). */
  global: { priorityClassName: string };
  /** The controller's service account, annotated with its IRSA role (Route 53 DNS-01 challenges). */
  serviceAccount: { create: boolean; name: string; annotations: Record<string, string> };
  /** Pod security context; fsGroup makes the projected IRSA token readable (cert-manager EKS docs). */
  securityContext: { runAsNonRoot: boolean; fsGroup: number; seccompProfile: { type: 'RuntimeDefault' } };
  /** The admission webhook that validates and defaults cert-manager resources. */
  webhook: CertManagerComponentValues;
  /** The CA injector: writes CA bundles into webhook configurations and CRDs. */
  cainjector: CertManagerComponentValues;
  /** The post-install Job that waits for the webhook: placement and resources like the rest. */
  startupapicheck: { nodeSelector: Record<string, string>; tolerations: Toleration[]; resources: ContainerResources };
  /** Metrics Services (controller, webhook, cainjector); the chart's own monitors stay off (lib/addons/monitors.ts). */
  prometheus: { enabled: boolean };
}

function component(spec: ResolvedSpec, name: string, componentLabel: string, resources: ContainerResources): CertManagerComponentValues {
  return {
    replicaCount: controllerReplicas(spec),
    podDisruptionBudget: disruptionBudget(spec),
    topologySpreadConstraints: zoneSpread(spec, {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/instance': ID,
      'app.kubernetes.io/component': componentLabel,
    }),
    ...systemPlacement(),
    containerSecurityContext: restrictedContainerSecurityContext(),
    resources,
  };
}

/** DNS01 needs to read the change status and write TXT records in the environment's zone only. */
export function certManagerIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  const zone = spec.addons.hostedZoneId;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'GetChange', Effect: 'Allow', Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' },
      ...(zone
        ? [{
            Sid: 'ChallengeRecords',
            Effect: 'Allow' as const,
            Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
            Resource: `arn:aws:route53:::hostedzone/${zone}`,
            // DNS01 only ever writes TXT records (cert-manager's Route53 guide); A/CNAME stay external-dns's.
            Condition: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } },
          }]
        : []),
      { Sid: 'FindZone', Effect: 'Allow', Action: 'route53:ListHostedZonesByName', Resource: '*' },
    ],
  };
}

type Solver = NonNullable<NonNullable<IClusterIssuer['spec']['acme']>['solvers']>[number];

/**
 * ACME solvers: DNS01 for the domain via Route53 + IRSA, HTTP01 via ingress-nginx when it runs.
 * No Gateway API (`gatewayHTTPRoute`) HTTP01 solver: the edge Gateway's HTTP listener admits only
 * the platform's redirect route (a tenant route there would serve plaintext), so a challenge
 * route cert-manager creates in a tenant namespace could never attach; and every name the edge
 * serves is under `*.<domain>`, which the DNS01-issued wildcard already covers.
 */
export function acmeSolvers(spec: ResolvedSpec, enabled: ReadonlySet<string>): Solver[] {
  const solvers: Solver[] = [];
  if (spec.addons.hostedZoneId) {
    solvers.push({
      ...(spec.domain ? { selector: { dnsZones: [spec.domain] } } : {}),
      // No `role`: the controller already runs as its IRSA role (ambient credentials, on by default
      // for ClusterIssuers). `role` would make it call sts:AssumeRole from that role into the same
      // role, which the role's web-identity-only trust policy denies, so every challenge would fail.
      dns01: { route53: { region: spec.region, hostedZoneID: spec.addons.hostedZoneId } },
    });
  }
  if (enabled.has('ingress-nginx')) {
    // `class` (the kubernetes.io/ingress.class annotation, which ingress-nginx still honours) rather
    // than `ingressClassName`: the CRD schema we validate against predates that field.
    solvers.push({ http01: { ingress: { class: 'nginx' } } });
  }
  return solvers;
}

/** Issuers, the internal CA and the wildcard certificate (needs the chart's CRDs). */
export function configureCertManager(scope: Construct, { spec, enabled }: AddonContext): void {
  const labels = { 'app.kubernetes.io/managed-by': 'groundwork', 'groundwork.dev/environment': spec.name };
  for (const [name, server] of Object.entries(ACME_SERVERS)) {
    emitModel(scope, `cluster-issuer-${name}`, new ClusterIssuer({
      metadata: { name, labels },
      spec: {
        acme: {
          server,
          ...(spec.addons.tls.acmeEmail ? { email: spec.addons.tls.acmeEmail } : {}),
          privateKeySecretRef: { name: `${name}-account-key` },
          solvers: acmeSolvers(spec, enabled),
        },
      },
    }));
  }
  // Self-signed root → CA issuer: mTLS and internal endpoints get certificates without ACME.
  emitModel(scope, 'cluster-issuer-selfsigned-root', new ClusterIssuer({ metadata: { name: 'selfsigned-root', labels }, spec: { selfSigned: {} } }));
  emitModel(scope, 'certificate-internal-root-ca', new Certificate({
    metadata: { name: 'internal-root-ca', namespace: NAMESPACE, labels },
    spec: {
      isCA: true,
      commonName: `${spec.name} internal root CA`,
      secretName: 'internal-root-ca',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      duration: '87600h', // 10 years: rotating a root means re-trusting every client.
      renewBefore: '720h',
      issuerRef: { name: 'selfsigned-root', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    },
  }));
  emitModel(scope, 'cluster-issuer-internal-ca', new ClusterIssuer({
    metadata: { name: 'internal-ca', labels },
    spec: { ca: { secretName: 'internal-root-ca' } },
  }));
  // The ALB edge terminates TLS with ACM: a wildcard Secret would have no reader (nor a namespace).
  if (spec.domain && edgeImplementation(spec) !== 'alb') {
    emitModel(scope, 'certificate-wildcard', new Certificate({
      metadata: { name: wildcardCertificateName(spec), namespace: wildcardNamespace(spec), labels },
      spec: {
        secretName: wildcardSecretName(spec),
        dnsNames: [`*.${spec.domain}`, spec.domain],
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        issuerRef: { name: 'letsencrypt-production', kind: 'ClusterIssuer', group: 'cert-manager.io' },
      },
    }));
  }
}

export const certManager: Addon<CertManagerValues> = {
  network: certManagerNetwork,
  id: ID,
  description: "X.509 certificates: Let's Encrypt (Route53 DNS01 via IRSA), internal CA, environment wildcard",
  chart: CHART_VERSIONS[ID],
  namespace: NAMESPACE,
  dependsOn: () => [],
  // The Istio gateway also serves the wildcard, so the mesh needs certificates even without `tls`.
  isSelected: (spec) => spec.addons.tls.enabled || spec.addons.mesh,
  workloadIdentity: { serviceAccount: SERVICE_ACCOUNT, policy: certManagerIamPolicy },
  values: ({ spec, enabled }) => {
    const placement = systemPlacement();
    return {
      crds: { enabled: true, keep: true },
      global: platformPriority(),
      // Controller and cainjector cache Certificates and Secrets cluster-wide: memory grows with them.
      ...component(spec, 'cert-manager', 'controller', containerResources({ cpu: '50m', memory: '128Mi' }, '512Mi')),
      serviceAccount: { create: true, name: SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } },
      securityContext: { runAsNonRoot: true, fsGroup: 1001, seccompProfile: { type: 'RuntimeDefault' } },
      webhook: component(spec, 'webhook', 'webhook', containerResources({ cpu: '20m', memory: '64Mi' }, '128Mi')),
      cainjector: component(spec, 'cainjector', 'cainjector', containerResources({ cpu: '20m', memory: '128Mi' }, '512Mi')),
      startupapicheck: {
        nodeSelector: placement.nodeSelector,
        tolerations: placement.tolerations,
        resources: containerResources({ cpu: '10m', memory: '32Mi' }, '64Mi'),
      },
      // With the metrics stack: the metrics Services (and the webhook/cainjector metrics listeners,
      // which the chart turns off otherwise); our ServiceMonitors scrape them (monitors below).
      prometheus: { enabled: enabled.has('kube-prometheus-stack') },
    };
  },
  configure: configureCertManager,
  // Services the chart renders with `prometheus.enabled`: `cert-manager` (controller) and
  // `cert-manager-cainjector` on port http-metrics, the webhook's own Service on port metrics.
  monitors: () => [
    { name: 'controller', kind: 'service', selector: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/instance': ID, 'app.kubernetes.io/component': 'controller' }, port: 'http-metrics' },
    { name: 'cainjector', kind: 'service', selector: { 'app.kubernetes.io/name': 'cainjector', 'app.kubernetes.io/instance': ID, 'app.kubernetes.io/component': 'cainjector' }, port: 'http-metrics' },
    { name: 'webhook', kind: 'service', selector: { 'app.kubernetes.io/name': 'webhook', 'app.kubernetes.io/instance': ID, 'app.kubernetes.io/component': 'webhook' }, port: 'metrics' },
  ],
};

/** Connections of cert-manager: its webhook, its metrics, ACME and DNS-01 propagation checks. */
function certManagerNetwork({ spec, enabled }: AddonContext): NetworkNeed[] {
  const pods = (name: string) => ({ namespace: NAMESPACE, podLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': ID } });
  return [
    webhookNeed(spec, pods('webhook'), 10250, 'webhook.cert-manager.io'),
    ...(enabled.has('kube-prometheus-stack') ? [scrapeNeed({ namespace: NAMESPACE }, [9402], 'cert-manager (controller, cainjector, webhook)')] : []),
    // DNS-01: the controller checks propagation against the zone's authoritative servers, outside the cluster.
    { purpose: 'DNS-01 propagation checks against authoritative name servers', from: pods('cert-manager'), to: { cidr: '0.0.0.0/0', except: [spec.vpcCidr, spec.serviceCidr], description: 'public DNS servers' }, ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }] },
  ];
}
