/**
 * External Secrets Operator: the platform's credentials (Alertmanager receivers, Grafana admin,
 * Argo CD's Git repository) and tenants' secrets come from AWS Secrets Manager below
 * `groundwork/<env>/`, never inline. The controller authenticates with its own IRSA role
 * (ambient credentials): no `jwt` store auth, so the controller needs no `serviceaccounts/token`
 * permission, which would let it mint a token for any service account — every other add-on's
 * IRSA role included. CRDs come from the chart's templates (`installCRDs`), which Helm upgrades
 * with the release (unlike a `crds/` folder, the reason karpenter-crd exists); no separate release.
 */
import type { IamPolicyDocument } from '../spec/iam';
import { workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon, AddonContext, MetricsEndpoint } from './addon';
import { scrapeNeed, webhookNeed, type NetworkNeed } from './network';
import { configureExternalSecrets, secretsPrefix } from './external-secrets-config';
import {
  containerResources,
  controllerReplicas,
  disruptionBudget,
  platformPriority,
  restrictedContainerSecurityContext,
  systemPlacement,
  zoneSpread,
  type ContainerResources,
  type DisruptionBudget,
  type Toleration,
  type TopologySpreadConstraint,
} from './placement';

const ID = 'external-secrets';
const NAMESPACE = 'external-secrets';
/** Service account of the controller (the IRSA subject). */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = 'external-secrets';
/** UID/GID the chart's containers run as. */
const RUN_AS = 1000;

/** `app.kubernetes.io/name` of each component's pods, as the chart renders them. */
export const EXTERNAL_SECRETS_COMPONENTS = {
  controller: 'external-secrets',
  webhook: 'external-secrets-webhook',
  certController: 'external-secrets-cert-controller',
} as const;

function podLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': ID };
}

/** HA, placement and security values each component (controller, webhook, cert-controller) takes. */
export interface ExternalSecretsComponentValues {
  /** Pods of the component's Deployment (from the tier). */
  replicaCount: number;
  /** `enabled` + `maxUnavailable` (the chart renders maxUnavailable when the key is present). */
  podDisruptionBudget: DisruptionBudget;
  /** Spreads the component's pods over zones: hard where the profile demands zone spread, else best effort. */
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Node labels the pods must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Rendered only with a key besides `enabled`. */
  podSecurityContext: { enabled: true; runAsNonRoot: true; runAsUser: number; runAsGroup: number; fsGroup: number; seccompProfile: { type: 'RuntimeDefault' } };
  /** Restricted container security context with the chart's uid (`enabled` makes the chart render it). */
  securityContext: Record<string, unknown> & { enabled: true };
  /** Requests plus a memory limit. */
  resources: ContainerResources;
  /** platformPriority(): preempts tenants under pressure, never the reverse. */
  priorityClassName: string;
}

/** Chart values we set (external-secrets chart 2.9). */
export interface ExternalSecretsValues extends ExternalSecretsComponentValues {
  /** CRDs from the chart's templates (upgraded with the release). */
  installCRDs: true;
  /** No PushSecret or ClusterExternalSecret CRDs (chart 2.9 installs the SecretStore CRD unconditionally). */
  crds: { createPushSecret: false; createClusterPushSecret: false; createClusterExternalSecret: false };
  /** Namespaced SecretStores are ignored: only the platform's ClusterSecretStores are served. */
  processSecretStore: false;
  /** PushSecrets are ignored: nothing writes back to Secrets Manager. */
  processPushSecret: false;
  /** ClusterPushSecrets are ignored (and their RBAC not granted). */
  processClusterPushSecret: false;
  /** ClusterExternalSecrets are ignored, dropping the namespace update/patch rights they need. */
  processClusterExternalSecret: false;
  /** Several controller replicas: one reconciles, the others wait on the lease (cert-controller too). */
  leaderElect: boolean;
  /** The Bitwarden SDK server subchart: no Bitwarden provider here. */
  'bitwarden-sdk-server': { enabled: false };
  /** The controller's service account, annotated with its IRSA role ARN. */
  serviceAccount: { create: true; name: string; annotations: Record<string, string> };
  /**
   * Ambient IRSA credentials only: no permission to mint other service accounts' tokens. No
   * aggregation into `edit`/`admin`: the chart's would let a tenant editor create SecretStores and
   * generators (an STSSessionToken generator with no auth hands out the controller's own role);
   * tenants get ExternalSecrets only, through our ClusterRole (external-secrets-config.ts).
   */
  rbac: { create: true; serviceAccountTokenCreate: false; servicebindings: { create: false }; aggregateToEdit: false; aggregateToAdmin: false };
  /** Health endpoint (`/healthz`, `/readyz` on port `live`) probed by the kubelet. */
  livenessProbe: { enabled: true };
  /** Readiness probe of the controller on that health server (`/readyz`; the chart's default is off). */
  readinessProbe: { enabled: true };
  /** HA, placement and security of the validating webhook Deployment. */
  webhook: ExternalSecretsComponentValues;
  /** HA, placement and security of the cert-controller (rotates the webhook's TLS certificate). */
  certController: ExternalSecretsComponentValues;
  /** The chart's ServiceMonitor stays off: PodMonitors come from `monitors` (lib/addons/monitors.ts). */
  serviceMonitor: { enabled: false };
}

/**
 * Read (never write, never list) secrets below `groundwork/<env>/` in the environment's account
 * and region; decrypt with KMS only when Secrets Manager asks on the caller's behalf, for a
 * secret of that prefix (customer-managed keys; the AWS-managed key needs no grant).
 */
export function externalSecretsIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  const secrets = `arn:aws:secretsmanager:${spec.region}:${spec.accountId}:secret:${secretsPrefix(spec)}*`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadEnvironmentSecrets', Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds'], Resource: secrets },
      {
        Sid: 'DecryptThroughSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: `arn:aws:kms:${spec.region}:${spec.accountId}:key/*`,
        Condition: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${spec.region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:SecretARN': secrets },
        },
      },
    ],
  };
}

function component(spec: ResolvedSpec, name: string, resources: ContainerResources): ExternalSecretsComponentValues {
  return {
    replicaCount: controllerReplicas(spec),
    podDisruptionBudget: disruptionBudget(spec),
    topologySpreadConstraints: zoneSpread(spec, podLabels(name)),
    ...systemPlacement(),
    ...platformPriority(),
    // fsGroup: the projected IRSA token is readable by the non-root user.
    podSecurityContext: { enabled: true, runAsNonRoot: true, runAsUser: RUN_AS, runAsGroup: RUN_AS, fsGroup: RUN_AS, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { enabled: true, ...restrictedContainerSecurityContext(), runAsUser: RUN_AS },
    resources,
  };
}

export const externalSecrets: Addon<ExternalSecretsValues> = {
  id: ID,
  description: 'External Secrets Operator: platform and tenant Secrets from AWS Secrets Manager (`groundwork/<env>/*`, IRSA read-only), one ClusterSecretStore per audience',
  chart: CHART_VERSIONS[ID],
  namespace: NAMESPACE,
  dependsOn: () => [],
  isSelected: (spec) => spec.security.externalSecrets,
  workloadIdentity: { serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT, policy: externalSecretsIamPolicy },
  values: ({ spec }) => ({
    installCRDs: true,
    crds: { createPushSecret: false, createClusterPushSecret: false, createClusterExternalSecret: false },
    processSecretStore: false,
    processPushSecret: false,
    processClusterPushSecret: false,
    processClusterExternalSecret: false,
    leaderElect: controllerReplicas(spec) >= 2,
    'bitwarden-sdk-server': { enabled: false },
    // The controller caches every ExternalSecret and the Secrets it owns: memory grows with them.
    ...component(spec, EXTERNAL_SECRETS_COMPONENTS.controller, containerResources({ cpu: '50m', memory: '128Mi' }, '512Mi')),
    serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } },
    rbac: { create: true, serviceAccountTokenCreate: false, servicebindings: { create: false }, aggregateToEdit: false, aggregateToAdmin: false },
    livenessProbe: { enabled: true },
    readinessProbe: { enabled: true },
    webhook: component(spec, EXTERNAL_SECRETS_COMPONENTS.webhook, containerResources({ cpu: '20m', memory: '64Mi' }, '128Mi')),
    certController: component(spec, EXTERNAL_SECRETS_COMPONENTS.certController, containerResources({ cpu: '20m', memory: '64Mi' }, '256Mi')),
    serviceMonitor: { enabled: false },
  }),
  configure: configureExternalSecrets,
  // The cert-controller writes the webhook's CA into its ValidatingWebhookConfigurations.
  runtimeManagedFields: [
    { group: '', kind: 'Secret', name: 'external-secrets-webhook', jqPathExpressions: ['.data'], reason: 'the cert-controller writes and rotates the webhook serving certificate into this Secret' },
    { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', name: 'externalsecret-validate', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'], reason: 'the cert-controller injects the CA of the webhook certificate it rotates' },
    { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', name: 'secretstore-validate', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'], reason: 'the cert-controller injects the CA of the webhook certificate it rotates' },
  ],
  monitors: () => externalSecretsMonitors(),
  network: externalSecretsNetwork,
};

/** PodMonitors on each component's `metrics` container port (the chart's metrics Services stay off). */
export function externalSecretsMonitors(): MetricsEndpoint[] {
  return (Object.entries(EXTERNAL_SECRETS_COMPONENTS) as Array<[string, string]>).map(([key, name]) => ({
    name: key === 'controller' ? 'controller' : key === 'webhook' ? 'webhook' : 'cert-controller',
    kind: 'pod' as const,
    selector: podLabels(name),
    port: 'metrics',
  }));
}

/** Container port of every component's metrics listener and of the webhook server (chart defaults). */
const METRICS_PORT = 8080;
const WEBHOOK_PORT = 10250;

/** The API server calls the webhook; Prometheus scrapes all three (AWS API egress comes with `workloadIdentity`). */
export function externalSecretsNetwork({ spec, enabled }: AddonContext): NetworkNeed[] {
  const pods = (name: string) => ({ namespace: NAMESPACE, podLabels: podLabels(name) });
  return [
    webhookNeed(spec, pods(EXTERNAL_SECRETS_COMPONENTS.webhook), WEBHOOK_PORT, 'of External Secrets (ExternalSecret and store validation)'),
    ...(enabled.has('kube-prometheus-stack')
      ? Object.values(EXTERNAL_SECRETS_COMPONENTS).map((name) => scrapeNeed(pods(name), [METRICS_PORT], name))
      : []),
  ];
}
