/**
 * Trivy Operator: continuous scanning of what runs. Every workload's images are scanned for
 * vulnerabilities and exposed secrets (VulnerabilityReport, ExposedSecretReport), its manifest
 * and RBAC audited (ConfigAuditReport, RbacAssessmentReport), again whenever it changes and after
 * the report TTL; the findings are Prometheus metrics the `groundwork.security` alerts read.
 *
 * Why the operator and not CI scanning alone: CI scans an image once, when it is built; the
 * operator re-scans running images against today's database, so a CVE published next month
 * against an image deployed today is found. (Admission policy still refuses unpinned images.)
 *
 * Network: in Standalone mode every scan job downloads the vulnerability database
 * (mirror.gcr.io/aquasec/trivy-db, ~70 MB compressed; the Java DB only for Java images) at run
 * time: the nodes need egress to mirror.gcr.io (through the NAT gateway). Concurrency bounds
 * that traffic; the built-in Trivy server (one DB download per server) is the next step on large
 * clusters. There is no offline DB here: `trivy.offlineScan` only stops Java DB lookups.
 *
 * Off: infrastructure assessment (its node-collector job mounts the node's filesystem and cannot
 * run in this restricted namespace; EKS runs the control plane), cluster compliance (its CIS
 * specs need that collector; the PSS specs duplicate the admission policies), SBOM reports
 * (the largest objects the operator writes, one per image, kept in etcd).
 */
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { BATCH_LOW } from '../k8s/priority-classes';
import { emitModel } from '../k8s/model-object';
import type { IamPolicyDocument } from '../spec/iam';
import { workloadRoleArn } from '../spec/naming';
import type { ResolvedSpec } from '../spec/types';
import { CHART_VERSIONS } from '../spec/versions';
import type { Addon } from './addon';
import { scrapeNeed } from './network';
import {
  containerResources,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  systemPlacement,
  wantsDisruptionBudget,
  zoneAntiAffinity,
  controllerReplicas,
  platformPriority,
  type ContainerResources,
  type Toleration,
} from './placement';

const ID = 'trivy-operator';
/** Namespace of the operator and its scan jobs. */
export const TRIVY_NAMESPACE = 'trivy-system';
/** Service account of the operator, also the one its scan jobs run as. */
export const TRIVY_SERVICE_ACCOUNT = 'trivy-operator';
/** Labels of the operator's pods and metrics Service. */
export const TRIVY_OPERATOR_LABELS = { 'app.kubernetes.io/name': 'trivy-operator', 'app.kubernetes.io/instance': ID } as const;
/** Scan jobs running at once: one per node of a two-node system pool, plus one. */
export const SCAN_JOBS_CONCURRENT_LIMIT = 3;
/** Severities kept in the reports (and metrics); LOW and UNKNOWN would only grow the reports. */
export const REPORTED_SEVERITIES = 'MEDIUM,HIGH,CRITICAL';
/** uid/gid of scan job pods: nobody (the trivy image runs as root by default). */
const SCAN_USER = 65534;

/** Resources of a scan job container, as the chart's `trivy.resources` takes them. */
export interface ScanJobResources {
  /** CPU, memory and ephemeral-storage requests of a scan container (the DB is unpacked on local disk). */
  requests: { cpu: string; memory: string; ephemeralStorage: string };
  /** `cpu: null` removes the chart's 500m CPU limit. */
  limits: { memory: string; ephemeralStorage: string; cpu: null };
}

/** Chart values we set (trivy-operator chart 0.34). */
export interface TrivyOperatorValues {
  /** Operator replicas, scanners, concurrency and report TTL. */
  operator: {
    replicas: number;
    scanJobsConcurrentLimit: number;
    scanJobTimeout: string;
    vulnerabilityScannerEnabled: boolean;
    exposedSecretScannerEnabled: boolean;
    configAuditScannerEnabled: boolean;
    rbacAssessmentScannerEnabled: boolean;
    infraAssessmentScannerEnabled: boolean;
    clusterComplianceEnabled: boolean;
    sbomGenerationEnabled: boolean;
    metricsFindingsEnabled: boolean;
    scannerReportTTL: string;
  };
  /** The operator's service account, annotated with its IRSA role ARN (ECR pull for the scan jobs). */
  serviceAccount: { create: boolean; name: string; annotations: Record<string, string> };
  /** Scheduling priority of the operator pod: platformPriority(). */
  priorityClassName: string;
  /** Pod security context of the operator: non-root, RuntimeDefault seccomp. */
  podSecurityContext: Record<string, unknown>;
  /** Restricted container security context of the operator. */
  securityContext: Record<string, unknown>;
  /** Requests and memory limit of the operator container. */
  resources: ContainerResources;
  /** Node labels the operator pod must match: the system pool. */
  nodeSelector: Record<string, string>;
  /** Tolerations of the system pool's taint. */
  tolerations: Toleration[];
  /** Zone anti-affinity between operator replicas: required where the profile demands zone spread, else preferred. */
  affinity: Record<string, unknown>;
  /** Scan job pods: system pool placement, lowest priority (BATCH_LOW), restricted security contexts as nobody. */
  trivyOperator: {
    scanJobNodeSelector: Record<string, string>;
    scanJobTolerations: Toleration[];
    scanJobPodPriorityClassName: string;
    scanJobPodTemplatePodSecurityContext: Record<string, unknown>;
    scanJobPodTemplateContainerSecurityContext: Record<string, unknown>;
  };
  /** The Trivy scanner in the jobs: standalone (its own DB download), reported severities, unfixed CVEs included, job resources. */
  trivy: { mode: 'Standalone'; severity: string; ignoreUnfixed: boolean; resources: ScanJobResources };
  /** No ClusterComplianceReport objects: compliance is off. */
  compliance: { specs: string[] };
}

/**
 * Pull access to the account's ECR repositories in the environment's region, for the scan jobs
 * (Trivy reads private ECR images with the AWS credential chain): the token, image manifests and
 * layers, nothing that writes.
 */
export function trivyOperatorIamPolicy(spec: ResolvedSpec): IamPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      // GetAuthorizationToken has no resource-level permissions.
      { Sid: 'EcrToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
      {
        Sid: 'EcrPullOwnAccount',
        Effect: 'Allow',
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: `arn:aws:ecr:${spec.region}:${spec.accountId}:repository/*`,
      },
    ],
  };
}

export const trivyOperator: Addon<TrivyOperatorValues> = {
  id: ID,
  description: 'Trivy Operator: continuous vulnerability, exposed-secret, config and RBAC scanning of running workloads (reports as CRDs, findings as metrics)',
  chart: CHART_VERSIONS[ID],
  namespace: TRIVY_NAMESPACE,
  dependsOn: () => [],
  isSelected: (spec) => spec.security.imageScanning,
  // IRSA gives the namespace 443 egress to the internet minus the VPC (AWS APIs): the scan jobs
  // reach ECR, mirror.gcr.io (the DB) and public registries through the same rule.
  workloadIdentity: { serviceAccount: TRIVY_SERVICE_ACCOUNT, policy: trivyOperatorIamPolicy },
  network: ({ enabled }) => (enabled.has('kube-prometheus-stack') ? [scrapeNeed({ namespace: TRIVY_NAMESPACE, podLabels: { ...TRIVY_OPERATOR_LABELS } }, [8080], 'Trivy Operator')] : []),
  monitors: () => [{ name: 'trivy-operator', kind: 'service', selector: { ...TRIVY_OPERATOR_LABELS }, port: 'metrics', path: '/metrics' }],
  // The chart renders no PodDisruptionBudget for the operator.
  configure: (scope, { spec }) => {
    if (!wantsDisruptionBudget(spec)) return;
    emitModel(
      scope,
      'trivy-operator-pdb',
      new PodDisruptionBudget({
        metadata: { name: 'trivy-operator', namespace: TRIVY_NAMESPACE },
        spec: { maxUnavailable: 1, selector: { matchLabels: { ...TRIVY_OPERATOR_LABELS } } },
      }),
    );
  },
  values: ({ spec }) => ({
    operator: {
      // Leader election turns on with more than one replica (the chart sets OPERATOR_LEADER_ELECTION_ENABLED).
      replicas: controllerReplicas(spec),
      scanJobsConcurrentLimit: SCAN_JOBS_CONCURRENT_LIMIT,
      scanJobTimeout: '10m',
      vulnerabilityScannerEnabled: true,
      exposedSecretScannerEnabled: true,
      configAuditScannerEnabled: true,
      rbacAssessmentScannerEnabled: true,
      infraAssessmentScannerEnabled: false,
      clusterComplianceEnabled: false,
      sbomGenerationEnabled: false,
      metricsFindingsEnabled: true,
      // Re-scan daily: new CVEs against unchanged images.
      scannerReportTTL: '24h',
    },
    serviceAccount: { create: true, name: TRIVY_SERVICE_ACCOUNT, annotations: { 'eks.amazonaws.com/role-arn': workloadRoleArn(spec, ID) } },
    priorityClassName: platformPriority().priorityClassName,
    podSecurityContext: restrictedPodSecurityContext(),
    securityContext: restrictedContainerSecurityContext(),
    resources: containerResources({ cpu: '50m', memory: '256Mi' }, '1Gi'),
    ...systemPlacement(),
    affinity: zoneAntiAffinity(spec, TRIVY_OPERATOR_LABELS),
    trivyOperator: {
      // Scan jobs on the system pool at the lowest priority: platform pods preempt them.
      scanJobNodeSelector: systemPlacement().nodeSelector,
      scanJobTolerations: systemPlacement().tolerations,
      scanJobPodPriorityClassName: BATCH_LOW.name,
      scanJobPodTemplatePodSecurityContext: { ...restrictedPodSecurityContext(), runAsUser: SCAN_USER, runAsGroup: SCAN_USER, fsGroup: SCAN_USER },
      // The chart's keys (non-root and seccomp come from the pod-level context above).
      scanJobPodTemplateContainerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true },
    },
    trivy: {
      mode: 'Standalone',
      severity: REPORTED_SEVERITIES,
      ignoreUnfixed: false,
      // No CPU limit (throttling only slows the scan); memory and disk bounded: the DB is unpacked into the job's emptyDir.
      resources: {
        requests: { cpu: '100m', memory: '256M', ephemeralStorage: '2Gi' },
        limits: { memory: '1Gi', ephemeralStorage: '4Gi', cpu: null },
      },
    },
    compliance: { specs: [] },
  }),
};
