/**
 * The typed description of one environment. This file is the contract between the spec layer
 * and everything that consumes it; the zod schema in `schema.ts` mirrors it exactly.
 *
 * `EnvironmentSpec` is what a user writes (most fields optional, tier decides defaults);
 * `ResolvedSpec` is what constructs receive (every default applied, validated, trusted).
 */
import type { AddonId, StockAddonId } from './addon-ids';
import type { AmiType } from './ami';
import type { GuardRailId } from './guard-rail-ids';

export type { AddonId, AmiType, GuardRailId, StockAddonId };

/** Decides size and cost, never security. */
export type Tier = 'development' | 'staging' | 'production';

/** How the nodes of a pool are bought. */
export type CapacityType = 'on-demand' | 'spot';

/** `system` runs platform add-ons (on-demand, tainted CriticalAddonsOnly); `general` runs workloads. */
export type NodePoolRole = 'system' | 'general' | 'custom';

/** A Kubernetes node taint. */
export interface Taint {
  /** Taint key, e.g. `CriticalAddonsOnly`: a qualified name (`[prefix/]name`, name ≤ 63), ≤ 63 characters in all on node groups; not in the kubernetes.io, k8s.io or karpenter.sh domains. */
  key: string;
  /** Taint value: ≤ 63 letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit. @default '' (no value) */
  value?: string;
  /** What the scheduler does with pods that do not tolerate it. */
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** One EKS managed node group. */
export interface NodePoolSpec {
  /**
   * Pool name, unique in the environment: a lowercase DNS label. A node-group pool (the system
   * pool, or every pool without Karpenter) names the node group and launch template `<env>-<name>`
   * (EKS: ≤ 63) and the node role `<env>-nodes-<name>` (IAM: ≤ 64), so it has at most
   * 57 − length of the environment name characters (37 for a 20-character environment name);
   * a Karpenter pool at most 63 (a label value).
   */
  name: string;
  /** What the pool is for. */
  role: NodePoolRole;
  /** On-demand or spot. */
  capacity: CapacityType;
  /** EC2 instance types; spot pools need ≥ 3 of one size for diversification. */
  instanceTypes: string[];
  /** Minimum node count. */
  minSize: number;
  /** Desired node count at creation (the autoscaler moves it afterwards). */
  desiredSize: number;
  /** Maximum node count; ≤ 450 on a node-group pool (EKS quota "Nodes per managed node group"). */
  maxSize: number;
  /**
   * Extra node labels. Keys are qualified names (`[prefix/]name`, name ≤ 63, prefix a DNS
   * subdomain ≤ 253; ≤ 63 characters in all and non-empty values on node groups), outside the
   * kubernetes.io / k8s.io domains (except `node.kubernetes.io/*`), karpenter.sh,
   * karpenter.k8s.aws and eks.amazonaws.com; values ≤ 63 characters. @default {}
   */
  labels?: Record<string, string>;
  /** Extra node taints, unique by key and effect, ≤ 50 on node groups (the system pool always gets CriticalAddonsOnly). @default [] */
  taints?: Taint[];
  /** Root volume size in GiB (gp3, encrypted), 20–16384 (Bottlerocket: its data volume). @default 50 */
  diskSizeGiB?: number;
  /**
   * Node image (EKS AMI type): Amazon Linux 2023 standard / NVIDIA / Neuron, or Bottlerocket; must
   * match the instance types' architecture and accelerator. With Karpenter its OS family picks the
   * EC2NodeClass alias (`al2023@latest`, `bottlerocket@latest`). @default from the instance types:
   * NVIDIA GPU families (g4dn, g5, g6, p4d, p5…) → AL2023 NVIDIA, Inferentia/Trainium → AL2023
   * Neuron, Graviton → ARM, else AL2023_x86_64_STANDARD
   */
  amiType?: AmiType;
}

/**
 * A VPC the environment runs in instead of creating its own (bring your own VPC): no VPC, subnets,
 * NAT, internet gateway or route tables are created; egress, routing and the default security
 * group stay the VPC owner's. `vpcCidr` and `availabilityZones` are then refused (they describe
 * the VPC groundwork would build): the zones are the keys of `privateSubnetIds`.
 */
export interface ExistingVpcSpec {
  /** VPC id, e.g. `vpc-0123456789abcdef0`. */
  vpcId: string;
  /** The VPC's IPv4 CIDR (/16–/28): network policies admit the control plane from it and keep pods' internet egress out of it. */
  cidr: string;
  /** Private subnets by availability zone (`{ 'eu-west-1a': 'subnet-…' }`): nodes, control-plane ENIs, Karpenter; production needs 3 zones. Their internet egress (NAT, TGW) is the VPC owner's. */
  privateSubnetIds: Record<string, string>;
  /** Public subnets by zone with their CIDRs: the internet-facing load balancers (≥ 2 zones, an ALB needs two); network policies admit the ALB from these CIDRs. */
  publicSubnets: Record<string, { id: string; cidr: string }>;
  /**
   * Tag the given subnets with `aws.ec2.Tag` resources (one per subnet and key: removed again on
   * destroy, nothing else of the subnet touched): `kubernetes.io/role/internal-elb` /
   * `kubernetes.io/role/elb` and `kubernetes.io/cluster/<env>: shared`, which the load balancer
   * controller discovers subnets by. `false`: the VPC owner tags them. Karpenter needs no tag:
   * its EC2NodeClass selects the private subnets by id. @default true
   */
  tagSubnets?: boolean;
}

/** An existing VPC with defaults applied, subnets in zone order. */
export interface ResolvedExistingVpc {
  /** VPC id. */
  vpcId: string;
  /** The VPC's IPv4 CIDR. */
  cidr: string;
  /** Private subnets, sorted by zone name. */
  privateSubnets: Array<{ availabilityZone: string; id: string }>;
  /** Public subnets with their CIDRs, sorted by zone name. */
  publicSubnets: Array<{ availabilityZone: string; id: string; cidr: string }>;
  /** Whether groundwork adds the load balancer discovery tags to the subnets. */
  tagSubnets: boolean;
}

/**
 * Networks allowed to reach the private API endpoint on 443: ingress rules on the EKS cluster
 * security group (nodes already reach it through that group). This is how a CI runner, VPN or
 * bastion inside (or routed to) the VPC runs `pulumi up` against a private-only cluster.
 */
export interface PrivateEndpointAccessSpec {
  /** IPv4 CIDRs (VPN, peered admin VPC, CI runner subnet); never /0. @default [] */
  cidrs?: string[];
  /** Security groups of machines in the VPC (CI runner, SSM bastion), e.g. `sg-0123456789abcdef0`. @default [] */
  securityGroupIds?: string[];
}

/** Who can reach the Kubernetes API. */
export interface EndpointAccessSpec {
  /** Expose a public endpoint (restricted to `publicAccessCidrs`). @default false */
  public?: boolean;
  /** CIDRs allowed to reach the public endpoint; required when `public` is true. @default [] */
  publicAccessCidrs?: string[];
  /** Networks allowed to reach the private endpoint (always on) on 443. @default none beyond the cluster's own nodes */
  privateAccess?: PrivateEndpointAccessSpec;
}

/** Endpoint access with every default applied. */
export interface ResolvedEndpointAccess {
  /** Whether the API server has a public endpoint at all (false in production unless the spec opts in). */
  public: boolean;
  /** Networks allowed to the public endpoint; empty when `public` is false. */
  publicAccessCidrs: string[];
  /** Who reaches the private endpoint on 443 besides the cluster's own nodes. */
  privateAccess: Required<PrivateEndpointAccessSpec>;
}

/** How add-ons reach the cluster. */
export type DeliveryMode = 'pulumi' | 'gitops';

/** The edge API tenants publish services through. */
export type IngressChoice = 'gateway-api' | 'ingress-nginx';


/** Platform add-on choices. */
export interface AddonsSpec {
  /** Pulumi Helm releases, or Argo CD Applications written for a Git repository. @default 'pulumi' */
  delivery?: DeliveryMode;
  /** Pod network: the EKS VPC CNI (network policies on), or Cilium chained on it. @default 'vpc-cni' */
  cni?: 'vpc-cni' | 'cilium';
  /**
   * North-south traffic. `gateway-api`: tenants attach `HTTPRoute`s to the environment's edge
   * `Gateway`, served by Istio's gateway when the mesh is on and by an ALB (AWS Load Balancer
   * Controller) when it is off. `ingress-nginx`: the retired ingress-nginx (final release, no
   * security fixes), outside production only. @default 'gateway-api'
   */
  ingress?: IngressChoice;
  /** Node autoscaling. @default 'karpenter' */
  autoscaler?: 'karpenter' | 'cluster-autoscaler';
  /** Install the Istio service mesh (mTLS STRICT). @default true */
  mesh?: boolean;
  /** TLS certificates from cert-manager. @default { enabled: true } when `domain` is set */
  tls?: {
    /** Issue certificates (wildcard for `domain`). @default true */
    enabled?: boolean;
    /** ACME account e-mail for Let's Encrypt. @default `platform@<domain>` */
    acmeEmail?: string;
    /** ACME challenge used by the wildcard certificate. @default 'dns01' */
    challenge?: 'dns01' | 'http01';
  };
  /** Route53 hosted zone that external-dns and DNS01 challenges manage. @default none (external-dns off) */
  hostedZoneId?: string;
  /** Git repository Argo CD syncs the rendered manifests from; required when delivery is 'gitops'. @default none (required only with `delivery: 'gitops'`) */
  gitops?: {
    /** Repository URL, e.g. `https://github.com/acme/platform-manifests.git`. */
    repoURL: string;
    /** Branch, tag or commit. @default 'main' */
    targetRevision?: string;
    /** Folder holding this environment's manifests. @default `dist/<env>/manifests` */
    path?: string;
  };
  /** Add-ons switched off although the choices above would enable them. @default [] */
  disabled?: AddonId[];
  /** Typed Helm value overrides per add-on, deep-merged last and recorded in the plan. @default {} */
  overrides?: Partial<Record<AddonId, Record<string, unknown>>>;
}

/**
 * IAM roles that log in to a tenant's namespace, by what they may do there: each level is a
 * Kubernetes group (`groundwork:tenant:<name>:<level>`) that EKS access entries put the roles in
 * and RoleBindings in the namespace only bind (`admin`, `edit`, `view`). Roles only (no IAM users,
 * STS sessions or groups); a role of another account is accepted (EKS STANDARD entries allow it);
 * a role in several tenants gets one access entry with every group. Give the full ARN with its
 * path, e.g. an IAM Identity Center role
 * `arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/<region>/AWSReservedSSO_<set>_<id>`.
 */
export interface TenantAccessSpec {
  /** Role ARNs with `admin` in the namespace: edit plus its Roles and RoleBindings; never quotas, the namespace or anything cluster-wide. @default [] */
  admins?: string[];
  /** Role ARNs with `edit` in the namespace: deploy and operate workloads, read Secrets; no RBAC. @default [] */
  developers?: string[];
  /** Role ARNs with `view` in the namespace: read everything but Secrets. @default [] */
  viewers?: string[];
}

/** A team's slice of the cluster. */
export interface TenantSpec {
  /** Namespace name: a lowercase DNS label of at most 63 characters, not a system or platform namespace. */
  name: string;
  /**
   * Groups bound to the namespace's `edit` role (EKS access-entry / OIDC group names), each at
   * most 248 characters, no control characters or surrounding spaces, each mapping to its own
   * RoleBinding `edit-<lowercased group>`: groups an external identity provider sends, bound
   * like `access.developers`; IAM roles go in `access`. @default []
   */
  editors?: string[];
  /** IAM roles that log in to the namespace as admin, developer or viewer (EKS access entries). @default none */
  access?: TenantAccessSpec;
  /** Namespace requests quota: non-zero cpu and memory quantities, pods 1–150000. @default by tier */
  quota?: { cpu?: string; memory?: string; pods?: number };
}

/** Alert severities the platform's rules use; Alertmanager routes on them. */
export type AlertSeverity = 'critical' | 'warning' | 'info';

/**
 * A Kubernetes Secret holding a credential, by reference only: the value never enters the spec
 * or the output. The Secret lives in the `monitoring` namespace (created by the team or by
 * External Secrets) and is mounted read-only into Alertmanager.
 */
export interface SecretKeyReference {
  /** Secret name, a DNS subdomain, e.g. `alertmanager-pagerduty`. */
  name: string;
  /** Key inside the Secret (letters, digits, `-`, `_`, `.`; at most 253), e.g. `routing-key`. */
  key: string;
}

/** Where one Alertmanager receiver delivers; its credential comes from a Secret. */
export interface AlertReceiverSpec {
  /** Receiver name, unique: a lowercase DNS label, not `null` or `discard` (the platform's own), e.g. `platform-oncall`. */
  name: string;
  /** Delivery channel. `pagerduty`: Events API v2 routing key; `slack`: incoming-webhook URL; `webhook`: any HTTPS endpoint URL; `opsgenie`: API key. */
  type: 'pagerduty' | 'slack' | 'webhook' | 'opsgenie';
  /** The Secret key holding the routing key / webhook URL / API key. */
  secret: SecretKeyReference;
  /** Slack channel `#name` or channel id, e.g. `#platform-alerts` (slack only; not `@user`). @default the webhook's own channel */
  channel?: string;
  /** Send a notification when the alert resolves. @default true */
  sendResolved?: boolean;
}

/** One Alertmanager route: alerts matching every given label go to `receiver`. */
export interface AlertRouteSpec {
  /** Receiver name from `alerting.receivers`. */
  receiver: string;
  /** Only alerts of this severity. @default every severity */
  severity?: AlertSeverity;
  /** Only alerts carrying this `team` label, a label value (tenant alerts carry their namespace's team). @default every team */
  team?: string;
  /** Keep matching later routes after this one (Alertmanager `continue`). @default false */
  continue?: boolean;
}

/** Alert delivery and the platform's service-level objective; needs the metrics stack (refused when metrics are off). */
export interface AlertingSpec {
  /** Receivers alerts can go to. @default [] (production with metrics on needs at least one) */
  receivers?: AlertReceiverSpec[];
  /** Routes, tried in order before the default receiver; one matching every alert (no severity, no team, no continue) must be last. @default [] */
  routes?: AlertRouteSpec[];
  /** Receiver of every alert no route takes; production needs one (never a null receiver). @default the first receiver, or none outside production */
  defaultReceiver?: string;
  /** Availability objective of the edge (share of non-5xx requests), percent, 90–99.999. @default 99.9 */
  edgeAvailabilityPercent?: number;
  /**
   * Receiver of the always-firing `Watchdog` alert, re-sent every 5 minutes: a dead-man's switch
   * (e.g. a webhook receiver to a heartbeat service that pages when the pings stop), so a dead
   * Prometheus or Alertmanager is noticed. @default none: Watchdog is discarded
   */
  heartbeatReceiver?: string;
}

/** Metrics: Prometheus (operator), Alertmanager, Grafana, node-exporter, kube-state-metrics. */
export interface MetricsSpec {
  /** Run the metrics stack. @default true */
  enabled?: boolean;
  /** Prometheus retention in days, 1–365. @default by tier (development 3, staging 15, production 30) */
  retentionDays?: number;
  /** Prometheus volume per replica (gp3) in GiB, 10–16384. @default by tier (development 20, staging 50, production 200) */
  storageGiB?: number;
}

/** Logs: container, node and Kubernetes event logs with Kubernetes metadata. */
export interface LogsSpec {
  /** Collect logs. @default true */
  enabled?: boolean;
  /** `loki`: Loki in the cluster on S3 (queried from Grafana); `cloudwatch`: CloudWatch Logs log groups. @default 'loki' */
  sink?: 'loki' | 'cloudwatch';
  /** Days logs are kept (S3 lifecycle or CloudWatch retention), 1–3653; CloudWatch accepts only its own values. @default by tier (development 7, staging 14, production 30) */
  retentionDays?: number;
}

/** Traces: an OpenTelemetry Collector gateway (OTLP) in front of Tempo on S3; mesh spans from Istio. */
export interface TracesSpec {
  /** Collect traces. @default true */
  enabled?: boolean;
  /** Share of requests the mesh traces, percent, 0–100. @default by tier (development 100, staging 10, production 1) */
  samplingPercent?: number;
  /** Days traces are kept (S3 lifecycle), 1–365. @default by tier (development 3, staging 7, production 14) */
  retentionDays?: number;
}

/** Observability: what is collected, kept how long, and who is alerted. */
export interface ObservabilitySpec {
  /** CloudWatch retention in days for control-plane and VPC flow logs, one of CloudWatch's values. @default by tier (development 30, staging 90, production 365) */
  logRetentionDays?: number;
  /** Metrics, alerts and dashboards. @default see MetricsSpec */
  metrics?: MetricsSpec;
  /** Logs. @default see LogsSpec */
  logs?: LogsSpec;
  /** Traces. @default see TracesSpec */
  traces?: TracesSpec;
  /** Alert routing and the edge SLO. @default see AlertingSpec */
  alerting?: AlertingSpec;
}

/** Observability with every default applied. */
export interface ResolvedObservability {
  /** Days control-plane and node log groups in CloudWatch keep their events (the tier's default unless set). */
  logRetentionDays: number;
  /** Prometheus: on or off, retention and storage, as resolved for the tier. */
  metrics: Required<MetricsSpec>;
  /** Log collection: on or off, the sink (Loki or CloudWatch) and retention. */
  logs: Required<LogsSpec>;
  /** Tracing: on or off, sampling and retention of the Tempo store. */
  traces: Required<TracesSpec>;
  /** Alertmanager receivers and routes, each with its defaults filled in. */
  alerting: {
    receivers: Array<Required<Omit<AlertReceiverSpec, 'channel'>> & { channel: string | undefined }>;
    routes: Array<Omit<AlertRouteSpec, 'continue'> & { continue: boolean }>;
    defaultReceiver: string | undefined;
    edgeAvailabilityPercent: number;
    heartbeatReceiver: string | undefined;
  };
}

/** Admission policy, runtime and image security. */
export interface SecuritySpec {
  /**
   * Image registries workloads may pull from, as prefixes ending in `/` (e.g.
   * `123456789012.dkr.ecr.eu-west-1.amazonaws.com/`). The platform's own chart registries are always
   * allowed for platform namespaces. @default the environment account's ECR in its region
   */
  allowedRegistries?: string[];
  /** Labels every tenant workload must carry (admission policy). @default ['app.kubernetes.io/name', 'groundwork.dev/team', 'groundwork.dev/cost-center'] */
  requiredLabels?: string[];
  /** Falco runtime detection, alerts into Alertmanager. @default on in production, off elsewhere */
  runtimeDetection?: boolean;
  /** Continuous image vulnerability scanning (Trivy Operator). @default on in production, off elsewhere */
  imageScanning?: boolean;
  /** External Secrets Operator syncing `groundwork/<env>/*` from AWS Secrets Manager. @default true */
  externalSecrets?: boolean;
}

/** Velero backups to S3 (versioned, KMS, replicated to the DR region in production) with EBS snapshots. */
export interface BackupSpec {
  /** Run Velero. @default true */
  enabled?: boolean;
  /** Region the backup bucket replicates to and the environment is rebuilt in; required in production, never the primary region. @default none (no replication) */
  drRegion?: string;
  /** Days the daily cluster-wide backups are kept, 1–3650. @default by tier (development 7, staging 14, production 30) */
  dailyRetentionDays?: number;
  /** Hours the hourly backups of namespaces labelled `groundwork.dev/stateful=true` are kept (production only), 1–720. @default 48 */
  hourlyRetentionHours?: number;
}

/** What a user writes. */
export interface EnvironmentSpec {
  /** Environment name: lowercase DNS label of 2–20 characters, prefixes every resource (`prod-vpc`, IAM role `prod-aws-load-balancer-controller`). */
  name: string;
  /** Size and cost profile. */
  tier: Tier;
  /** AWS account the environment lives in (12 digits); makes IAM ARNs deterministic. */
  accountId: string;
  /** AWS region of the `aws` partition, e.g. `eu-west-1` (lib/spec/regions.ts lists them; `cn-*` and `us-gov-*` are refused). */
  region: string;
  /** Number of availability zones, 2–6 and at most the region's usable zones (lib/spec/regions.ts). @default 3 (production needs 3) */
  availabilityZones?: number;
  /** VPC CIDR (/16 – /20); refused with `existingVpc` (its `cidr` says it). @default '10.0.0.0/16' */
  vpcCidr?: string;
  /** Run in an existing VPC instead of creating one. @default none: the environment creates its VPC */
  existingVpc?: ExistingVpcSpec;
  /** Kubernetes Service CIDR; must not overlap the VPC. @default '172.20.0.0/16' */
  serviceCidr?: string;
  /** Kubernetes minor version, e.g. '1.35'. @default newest offered (versions table: 1.36) */
  kubernetesVersion?: string;
  /** API endpoint access. @default private only */
  endpoint?: EndpointAccessSpec;
  /** IAM role ARNs granted cluster-admin through EKS access entries. @default [] */
  admins?: string[];
  /** Node pools; one on-demand `system` pool is required. */
  nodePools: NodePoolSpec[];
  /** DNS domain of the environment, e.g. `prod.example.com`. @default none */
  domain?: string;
  /** Tags on every AWS resource (merged with groundwork's own). @default {} */
  tags?: Record<string, string>;
  /** Add-on choices. @default see AddonsSpec */
  addons?: AddonsSpec;
  /** Observability choices. @default see ObservabilitySpec */
  observability?: ObservabilitySpec;
  /** Tenant namespaces. @default [] */
  tenants?: TenantSpec[];
  /** Admission policy, runtime and image security. @default see SecuritySpec */
  security?: SecuritySpec;
  /** Backup and disaster recovery. @default see BackupSpec */
  backup?: BackupSpec;
  /** Deliberate, approved weakenings of the security baseline, each printed and recorded in the output. @default [] */
  exceptions?: GuardRailExceptionSpec[];
}

/**
 * A deliberate, approved weakening of one guard rail (lib/guard-rails). Without one, a spec that
 * weakens the security baseline is refused; with one, the synth summary prints it and the output
 * records it (a ConfigMap, annotations, the Release description or Argo CD Application).
 */
export interface GuardRailExceptionSpec {
  /** Which guard rail (`GUARD_RAIL_IDS`), e.g. `mesh-mtls`. */
  guardRail: GuardRailId;
  /**
   * What it covers, as the guard rail's message names it: a spec path for spec settings
   * (`spec.endpoint.publicAccessCidrs`, `spec.endpoint.privateAccess.cidrs`, `spec.addons.mesh`),
   * an add-on id for its values or its removal (`ingress-nginx`, `istiod`, `cilium`), or
   * `<tenant>/<group>` for a tenant editor (`team-a/system:authenticated`).
   * @default every violation of that guard rail
   */
  target?: string;
  /** Why (a sentence a reviewer can judge; at least 10 characters). */
  reason: string;
  /** Who approved it (name or ticket). */
  approvedBy: string;
  /** Last day it applies (YYYY-MM-DD); after it the exception is an error. @default no expiry */
  expires?: string;
}

/**
 * Tier-derived sizing, decided in one place (lib/spec/defaults.ts) so no add-on writes
 * `if (prod)`. Security settings are deliberately absent: they never vary by tier.
 */
export interface TierProfile {
  /** Replicas of every platform controller (ingress, mesh, cert-manager…). */
  replicas: number;
  /** Create PodDisruptionBudgets (always when replicas ≥ 2). */
  podDisruptionBudget: boolean;
  /** Spread replicas across zones with a hard (DoNotSchedule) constraint. */
  zoneSpread: boolean;
  /** NAT gateways: one per AZ (production) or a single one. */
  natGatewayPerAz: boolean;
  /** CloudWatch retention for control-plane and flow logs. */
  logRetentionDays: number;
  /** Mark stateful cloud resources (KMS key, cluster) `protect: true`. */
  protectResources: boolean;
  /** Default namespace quota for tenants. */
  tenantQuota: { cpu: string; memory: string; pods: number };
  /** Default retention, size and sampling of the observability stack. */
  telemetry: {
    metricsRetentionDays: number;
    metricsStorageGiB: number;
    logsRetentionDays: number;
    tracesRetentionDays: number;
    traceSamplingPercent: number;
  };
  /** Days daily backups are kept by default. */
  backupRetentionDays: number;
}

/** A node pool with every default applied. */
export interface ResolvedNodePool extends Required<NodePoolSpec> {}

/** What constructs receive: validated, every default applied. */
export interface ResolvedSpec {
  /** Environment name: prefix of every cloud resource and Kubernetes object name, and the Pulumi stack name. */
  name: string;
  /** Tier: sizes, replicas, PDBs and retention come from its profile (never security). */
  tier: Tier;
  /** AWS account the environment is planned into (12 digits); ARNs are built with it. */
  accountId: string;
  /** AWS region of the cluster and every regional resource. */
  region: string;
  /** How many availability zones subnets and node pools span. */
  availabilityZones: number;
  /** The VPC's CIDR: the one groundwork creates, or `existingVpc.cidr`. */
  vpcCidr: string;
  /** The existing VPC the environment runs in; undefined when it creates its own. */
  existingVpc: ResolvedExistingVpc | undefined;
  /** CIDR Kubernetes Services get their cluster IPs from; must not overlap the VPC. */
  serviceCidr: string;
  /** Kubernetes minor the control plane runs (`1.35`); pins the EKS add-on versions. */
  kubernetesVersion: string;
  /** Who may reach the API server: public endpoint and CIDRs, private access. */
  endpoint: ResolvedEndpointAccess;
  /** IAM principal ARNs granted cluster-admin through EKS access entries. */
  admins: string[];
  /** The node pools, system pool included, each with every default applied. */
  nodePools: ResolvedNodePool[];
  /** DNS domain of the edge (wildcard certificate, routes); undefined: no public edge. */
  domain: string | undefined;
  /** Tags on every cloud resource, the required labels included. */
  tags: Record<string, string>;
  /** Add-on choices (delivery, CNI, edge, autoscaler, mesh, TLS, GitOps), disabled ids and value overrides. */
  addons: {
    delivery: DeliveryMode;
    cni: 'vpc-cni' | 'cilium';
    ingress: IngressChoice;
    autoscaler: 'karpenter' | 'cluster-autoscaler';
    mesh: boolean;
    tls: { enabled: boolean; acmeEmail: string | undefined; challenge: 'dns01' | 'http01' };
    hostedZoneId: string | undefined;
    gitops: { repoURL: string; targetRevision: string; path: string } | undefined;
    disabled: AddonId[];
    overrides: Partial<Record<AddonId, Record<string, unknown>>>;
  };
  /** Metrics, logs, traces and alerting, resolved for the tier. */
  observability: ResolvedObservability;
  /** Tenants: one namespace each with quota (the tier's unless set), access and policies. */
  tenants: Array<Required<Omit<TenantSpec, 'quota' | 'access'>> & { /** The tenant's ResourceQuota: the spec's, or the tier's default. */ quota: TierProfile['tenantQuota']; /** Who may act in the namespace, by access level. */ access: Required<TenantAccessSpec> }>;
  /** Approved guard-rail exceptions, as written. */
  exceptions: GuardRailExceptionSpec[];
  /** Admission policy, runtime and image security with every default applied. */
  security: Required<SecuritySpec>;
  /** Backup with every default applied (`drRegion` stays undefined when not given). */
  backup: Required<Omit<BackupSpec, 'drRegion'>> & { drRegion: string | undefined };
  /** Tier-derived sizing. */
  profile: TierProfile;
}
