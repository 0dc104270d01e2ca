/**
 * Falco rules of our own, for the platform's namespaces: the upstream ruleset (bundled in the
 * pinned Falco image) covers containers in general; these say what must never happen inside the
 * platform itself. Self-contained (own lists and macros): they load even if the upstream file
 * changes its macro names between releases. No `evt.dir` filters: since Falco 0.42 (drop-enter)
 * every syscall event is an exit event.
 */
import { stringify } from 'yaml';
import type { CatalogueAddon } from './addon';
import { namespacesOf } from './addon';
import type { AddonId } from '../spec/types';

/** A Falco list. */
export interface FalcoList {
  list: string;
  items: string[];
}

/** A Falco macro. */
export interface FalcoMacro {
  macro: string;
  condition: string;
}

/** A Falco rule (the fields Falco requires, plus tags). */
export interface FalcoRule {
  rule: string;
  desc: string;
  condition: string;
  output: string;
  priority: 'EMERGENCY' | 'ALERT' | 'CRITICAL' | 'ERROR' | 'WARNING' | 'NOTICE' | 'INFORMATIONAL' | 'DEBUG';
  tags: string[];
}

/** One entry of a Falco rules file. */
export type FalcoRulesEntry = FalcoList | FalcoMacro | FalcoRule;

/** File name of our rules inside /etc/falco/rules.d (the chart's `customRules` key). */
export const PLATFORM_RULES_FILE = 'groundwork-platform-rules.yaml';

/**
 * Add-ons whose components call out of the VPC by design (AWS APIs, ACME, git, the Trivy DB,
 * alert receivers); their namespaces are exempt from the outbound rule. Everything else in the
 * platform only talks to the cluster and the VPC.
 */
export const INTERNET_EGRESS_ADDONS: readonly AddonId[] = [
  'argo-cd', // git repositories, Helm repositories
  'aws-load-balancer-controller', // ELB, EC2, WAF APIs
  'cert-manager', // ACME and Route 53
  'cluster-autoscaler', // EC2 / Auto Scaling APIs
  'external-dns', // Route 53
  'external-secrets', // Secrets Manager
  'fluent-bit', // CloudWatch Logs
  'karpenter', // EC2, Pricing, SQS
  'kube-prometheus-stack', // Alertmanager receivers (PagerDuty, Slack, Opsgenie, webhooks)
  'loki', // S3
  'opentelemetry-collector', // CloudWatch Logs exporter
  'tempo', // S3
  'trivy-operator', // the vulnerability DB (mirror.gcr.io / ghcr.io)
  'velero', // S3, EC2 snapshots
];

const OUTPUT = 'ns=%k8s.ns.name pod=%k8s.pod.name container=%container.name image=%container.image.repository user=%user.name cmdline="%proc.cmdline" parent=%proc.pname';

/** Namespaces of the enabled add-ons (and kube-system), sorted; `egress` picks those allowed out of the VPC. */
function namespaces(addons: readonly CatalogueAddon[], filter: (a: CatalogueAddon) => boolean): string[] {
  return [...new Set(addons.filter(filter).flatMap((a) => namespacesOf(a).map((n) => n.name)))].sort();
}

/** The rules file entries for the enabled add-ons. */
export function platformRules(addons: readonly CatalogueAddon[]): FalcoRulesEntry[] {
  const platform = [...new Set(['kube-system', ...namespaces(addons, () => true)])].sort();
  const egress = namespaces(addons, (a) => INTERNET_EGRESS_ADDONS.includes(a.id));
  // kube-system runs EKS's own agents (VPC CNI, EBS CSI), which call AWS APIs.
  const quiet = platform.filter((n) => !egress.includes(n) && n !== 'kube-system');
  return [
    { list: 'groundwork_platform_namespaces', items: platform },
    { list: 'groundwork_no_egress_namespaces', items: quiet.length ? quiet : ['groundwork-none'] },
    { list: 'groundwork_shells', items: ['ash', 'bash', 'busybox', 'csh', 'dash', 'fish', 'ksh', 'sh', 'tcsh', 'zsh'] },
    { macro: 'groundwork_platform_container', condition: 'container.id != host and k8s.ns.name in (groundwork_platform_namespaces)' },
    { macro: 'groundwork_spawned_process', condition: 'evt.type in (execve, execveat) and evt.rawres = 0' },
    { macro: 'groundwork_open_write', condition: 'evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = f and fd.num >= 0' },
    {
      macro: 'groundwork_outbound_public',
      condition: 'evt.type = connect and (fd.typechar = 4 or fd.typechar = 6) and fd.ip != "0.0.0.0" and not fd.snet in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10") and (evt.rawres >= 0 or evt.res = EINPROGRESS)',
    },
    {
      rule: 'Groundwork interactive shell in a platform pod',
      desc: 'A terminal shell in a platform container: platform images run one binary each, nobody operates them from a shell (kubectl exec is an incident, or a breach).',
      condition: 'groundwork_spawned_process and groundwork_platform_container and proc.name in (groundwork_shells) and proc.tty != 0',
      output: `Interactive shell in a platform pod (${OUTPUT})`,
      priority: 'ERROR',
      tags: ['groundwork', 'platform', 'shell', 'mitre_execution', 'T1059'],
    },
    {
      rule: 'Groundwork write below /etc in a platform pod',
      desc: 'A platform container writes below /etc: its configuration comes from ConfigMaps and Secrets, never from writes at runtime (persistence, or tampering).',
      condition: 'groundwork_open_write and groundwork_platform_container and fd.name startswith /etc/',
      output: `File below /etc opened for writing in a platform pod (file=%fd.name ${OUTPUT})`,
      priority: 'ERROR',
      tags: ['groundwork', 'platform', 'filesystem', 'mitre_persistence', 'T1543'],
    },
    {
      rule: 'Groundwork unexpected outbound connection from a platform namespace',
      desc: 'A platform component that only talks to the cluster and the VPC connects to a public address (exfiltration, or a compromised image phoning home).',
      condition: 'groundwork_outbound_public and groundwork_platform_container and k8s.ns.name in (groundwork_no_egress_namespaces)',
      output: `Outbound connection to a public address from a platform namespace (connection=%fd.name ${OUTPUT})`,
      priority: 'WARNING',
      tags: ['groundwork', 'platform', 'network', 'mitre_exfiltration', 'T1041'],
    },
  ];
}

/** The rules file as Falco reads it (YAML, a list of entries). */
export function platformRulesYaml(addons: readonly CatalogueAddon[]): string {
  return stringify(platformRules(addons), { lineWidth: 0 });
}
