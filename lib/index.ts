/**
 * Groundwork's public API: the spec, the constructs of both halves, the blueprint, the planner,
 * rendering and the readiness checks. Deliberate: each name is listed (and in
 * test/docs/public-api.json); the helpers behind them stay importable by path inside this repo
 * but are not part of the package. A new export is a conscious change to both lists.
 */
// The spec: its types, validation and errors, defaults, the version table, and the names and labels it derives.
export type {
  AddonsSpec, AlertReceiverSpec, AlertRouteSpec, AlertSeverity, AlertingSpec, BackupSpec, CapacityType, DeliveryMode,
  EndpointAccessSpec, EnvironmentSpec, ExistingVpcSpec, GuardRailExceptionSpec, IngressChoice, LogsSpec, MetricsSpec,
  NodePoolRole, NodePoolSpec, ObservabilitySpec, PrivateEndpointAccessSpec, ResolvedEndpointAccess, ResolvedExistingVpc,
  ResolvedNodePool, ResolvedObservability, ResolvedSpec, SecretKeyReference, SecuritySpec, Taint, TenantAccessSpec,
  TenantSpec, Tier, TierProfile, TracesSpec,
} from './spec';
export { resolveSpec, validateSpec, type ValidateOptions, type ValidationResult } from './spec';
export { formatIssues, SpecValidationError, type SpecIssue } from './spec';
export {
  DEFAULT_AVAILABILITY_ZONES, DEFAULT_DISK_SIZE_GIB, DEFAULT_EDGE_AVAILABILITY_PERCENT, DEFAULT_HOURLY_BACKUP_RETENTION_HOURS,
  DEFAULT_REQUIRED_LABELS, DEFAULT_SERVICE_CIDR, DEFAULT_VPC_CIDR, tierProfile,
} from './spec';
export {
  CHART_VERSIONS, CLUSTER_AUTOSCALER_IMAGE_TAGS, DEFAULT_KUBERNETES_VERSION, EKS_ADDON_NAMES, EKS_ADDON_VERSIONS,
  EKS_ADDON_VERSIONS_BY_KUBERNETES, GATEWAY_API_VERSION, KUBERNETES_VERSIONS, VELERO_PLUGIN_FOR_AWS_VERSION,
  type CatalogueChart, type EksAddonName, type EndOfLife, type KubernetesMinor, type KubernetesSupport,
  type KubernetesVersionPin, type PinnedChart, type PinnedVersion,
} from './spec';
export { ADDON_IDS, MAX_ADDON_ID_LENGTH, type AddonId, type StockAddonId } from './spec';
export { AMI_TYPES, defaultAmiType, type Accelerator, type AmiType, type Architecture, type OsFamily } from './spec';
export { CAPACITY_LABEL, ENVIRONMENT_LABEL, POOL_LABEL, POOL_ROLE_LABEL, SYSTEM_TAINT, ZONE_TOPOLOGY_KEY } from './spec';
export {
  bucketArn, bucketName, clusterName, editorBindingName, karpenterInterruptionQueueName, karpenterNodeRoleName, logGroupName,
  nodeGroupName, nodeRoleName, vpcName, workloadRoleArn, workloadRoleName,
} from './spec';
export { TENANT_ACCESS_LEVELS, tenantAccessGroup, type TenantAccessLevel } from './spec';
export type { IamPolicyDocument, IamPolicyStatement } from './spec';
export type { GuardRailId } from './spec/guard-rail-ids';
// The cloud half: the Pulumi components a team may use on their own.
export { EksCluster, type EksClusterArgs } from './cloud';
export { NodePool, NodePoolArgsError, type NodePoolArgs } from './cloud';
export { Network, type NetworkArgs } from './cloud';
export { ObjectStore, type ObjectStoreArgs } from './cloud';
export { WorkloadIdentity, type WorkloadIdentityArgs } from './cloud';
export type { ControlPlane, ControlPlaneArgs } from './cloud/control-plane';
export type { AddonPhase, ManagedAddons, ManagedAddonsArgs } from './cloud/managed-addons';
// The Kubernetes half: the constructs teams deploy with, and the names their objects refer to.
export {
  ProductionService, ProductionServiceValidationError, type ProductionServiceCanary, type ProductionServiceMetrics,
  type ProductionServicePlatform, type ProductionServiceProbes, type ProductionServiceProps, type ProductionServiceReplicas,
  type ProductionServiceResources,
} from './k8s';
export {
  Tenant, TENANT_NAMESPACE_LABEL, type IngressPeer, type ScrapePeer, type TelemetryPeer, type TenantDefinition,
  type TenantInput, type TenantProps,
} from './k8s';
export { PlatformNamespace, type PlatformNamespaceProps, type PodSecurityLevel } from './k8s';
export { BATCH_LOW, PLATFORM_CRITICAL, WORKLOAD_DEFAULT } from './k8s';
export { groundworkLabels, PLATFORM_OWNERSHIP_LABEL } from './k8s';
export type { ResolvedServiceProps } from './k8s/production-service/props';
export type { PlatformFacts, ServiceEdge } from './k8s/production-service/platform';
// Add-ons: the contract of an add-on (for a team's own), the catalogue, typed value overrides and
// the values of every stock add-on, the dashboard builder, and the edge peer tenants admit.
export type {
  AcceptedFinding, Addon, AddonContext, AddonManifests, AddonNamespace, BucketNeed, CatalogueAddon, CloudNeeds, LogGroupNeed,
  ManifestAddon, MetricsEndpoint, PlainObject, RuntimeManagedFields, WorkloadIdentityNeed,
} from './addons';
export { CATALOGUE, extendCatalogue, type CatalogueIssue } from './addons';
export { typedOverrides, type AddonValuesById, type DeepPartial, type TypedAddonOverrides } from './addons';
export type {
  ArgoCdValues, ArgoComponentValues, ArgoScaledComponentValues, AwsLoadBalancerControllerValues, CertManagerComponentValues,
  CertManagerValues, CiliumControllerValues, CiliumMetricsValues, CiliumValues, ClusterAutoscalerValues, ExternalDnsValues,
  FluentBitValues, FluentBitVolume, FluentBitVolumeMount, IngressNginxValues, IstioBaseValues, IstioCniValues, IstiodValues,
  IstioIngressGatewayValues, KarpenterCrdValues, KarpenterValues, KubePrometheusStackValues, LokiCacheValues,
  LokiComponentValues, LokiMode, LokiValues, MetricsServerValues, OpenTelemetryCollectorValues, RedisHaValues, TempoValues,
} from './addons';
export type { ContainerResources, DisruptionBudget, ResourceRequests, Toleration, TopologySpreadConstraint } from './addons';
export type { AddonSelection, SelectionIssue } from './addons/selection';
export type { DeclaredNetworkNeed, NetworkNeed, NetworkPeer, NetworkPort } from './addons/network';
export type { ExternalSecretsComponentValues, ExternalSecretsValues } from './addons/external-secrets';
export type { EngineValues, FalcosidekickValues, FalcoValues } from './addons/falco';
export type { ScanJobResources, TrivyOperatorValues } from './addons/trivy-operator';
export type { VeleroPluginContainer, VeleroStorageLocationValues, VeleroValues } from './addons/velero';
export type { KpsDeploymentValues } from './addons/kube-prometheus-stack';
export type {
  AlertmanagerSpecValues, AlertmanagerValues, KpsDisruptionBudget, OperatorPodValues, PrometheusSpecValues, VolumeClaimTemplate,
} from './addons/kube-prometheus-stack-components';
export type { AlertmanagerConfig, AlertmanagerReceiver, AlertmanagerRoute } from './addons/alertmanager-config';
export type { GrafanaDatasource, GrafanaSidecarTarget, GrafanaValues } from './addons/grafana-values';
export type { CollectorConfig, CollectorPipeline, CollectorPort, CollectorRbacRule } from './addons/opentelemetry-collector';
export type { FluentBitPipeline } from './addons/fluent-bit-config';
export type { OpenTelemetryExtensionProvider } from './addons/mesh-tracing';
export type { RuntimeDefaultSeccomp } from './addons/istiod';
export type { EdgeImplementation } from './addons/edge-gateway';
export { METRICS_SERVER_ARGS } from './addons';
export {
  buildDashboard, dashboardConfigMap, type DashboardDefinition, type GrafanaDashboard, type PanelDefinition, type PanelKind,
  type Query, type RowDefinition, type VariableDefinition,
} from './addons';
export { edgeIngressPeer } from './addons';
// The blueprint: one validated environment, its manifests and its Pulumi stack.
export { Platform, type PlatformOptions } from './blueprint';
export { PlatformStack, type PlatformStackArgs } from './blueprint';
export type { KubeObject, ManifestChart, ManifestPhase, ManifestRecord, ManifestSet, MergedValues } from './blueprint';
export { toCanonicalJson } from './blueprint';
// The offline plan: the Pulumi program under mocks, as resource registrations.
export { planPlatform, planProgram, toCloudJson, type MockAccount, type PlannedResource, type PlanRecord } from './plan';
export type { PlanOptions } from './plan/planner';
// Rendering: every Helm release through `helm template`, from the local chart cache.
export {
  ChartCacheMissError, renderPlan, renderPlatform, RenderSetupError, type ChartCacheOptions, type HelmBinaryOptions,
  type RenderedRelease, type RenderOptions, type RenderResult,
} from './render';
export type { ChartRef } from './render/chart-cache';
export type { GeneratedField } from './render/generated-fields';
export type { HelmBinary } from './render/helm-binary';
export type { ReleaseSource } from './render/release-sources';
// Readiness: the checks over the rendered objects, and their reports.
export {
  checkReadiness, READINESS_AREAS, READINESS_CHECKS, renderReadinessJson, renderReadinessMarkdown, type CheckDescription,
  type Finding, type FlowSummary, type ReadinessArea, type ReadinessException, type ReadinessInput, type ReadinessResult,
  type RenderedObject, type ReportedFinding,
} from './readiness';
export type { AvailabilityRequirements } from './readiness/workloads';
export type { FlowBlock, FlowLayer } from './readiness/flows';
export type { PssLevel } from './readiness/namespaces';
export type { ReleaseObjects } from './readiness/kube-objects';
// Guard rails: the catalogue of rules an environment is judged by, and the exceptions it records.
export { GUARD_RAILS, type AppliedException, type GuardRailInfo, type GuardRailViolation } from './guard-rails';
export type { ViolationConcerns } from './guard-rails/violation';
// Extension points: a team's own charts or manifests at a phase.
export { TEAM_CHART_PHASES, type TeamChart, type TeamChartPhase } from './extensions';
// The CLI's configuration file (groundwork.config.ts).
export { ConfigValidationError, defineConfig, loadConfig, type ConfigChart, type GroundworkConfig, type ResolvedConfig } from './config';
