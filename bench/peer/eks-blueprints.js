/**
 * The peer's side of the comparison: AWS EKS Blueprints for CDK synthesizing one environment
 * comparable to our prod (EKS cluster with a managed node group, VPC, IRSA roles, the add-ons
 * both have: load balancer controller, cert-manager, external-secrets, Karpenter, metrics-server,
 * Istio base/istiod/ingress gateway, Fluent Bit, kube-state-metrics, node
 * exporter, Velero, Falco, the EKS managed add-ons, two teams) into CloudFormation, `cdk synth`
 * to a scratch folder (its Gateway API CRD add-on downloads from GitHub at synth: left out). Run by bench/peer.ts from the folder the peer is installed in (never a
 * dependency of ours); prints its timings as JSON on the last line.
 */
const t0 = performance.now();
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
// From the folder it runs in (the peer's scratch folder), never from this repository's node_modules.
const peerRequire = require('node:module').createRequire(join(process.cwd(), 'package.json'));
const cdk = peerRequire('aws-cdk-lib');
const blueprints = peerRequire('@aws-quickstart/eks-blueprints');
const loaded = performance.now();

const outdir = mkdtempSync(join(tmpdir(), 'groundwork-bench-peer-'));
(async () => {
  const app = new cdk.App({ outdir });
  const a = blueprints.addons;
  await blueprints.EksBlueprint.builder()
    .account('111111111111')
    .region('eu-west-1')
    .version(peerRequire('aws-cdk-lib/aws-eks').KubernetesVersion.V1_34)
    .addOns(
      // Pinned, as ours are: "auto" asks the EKS API for the latest version (network, credentials).
      new a.VpcCniAddOn({ version: 'v1.20.4-eksbuild.2' }),
      new a.CoreDnsAddOn('v1.12.3-eksbuild.1'),
      new a.KubeProxyAddOn('v1.34.0-eksbuild.2'),
      new a.EbsCsiDriverAddOn({ version: 'v1.48.0-eksbuild.2' }),
      new a.AwsLoadBalancerControllerAddOn(),
      new a.CertManagerAddOn(),
      new a.ExternalsSecretsAddOn(),
      new a.MetricsServerAddOn(),
      new a.KarpenterV1AddOn(),
      new a.IstioBaseAddOn(),
      new a.IstioControlPlaneAddOn(),
      new a.IstioIngressGatewayAddon(),
      new a.AwsForFluentBitAddOn(),
      new a.KubeStateMetricsAddOn(),
      new a.PrometheusNodeExporterAddOn(),
      new a.VeleroAddOn(),
      new a.FalcoAddOn(),
    )
    .teams(new blueprints.PlatformTeam({ name: 'platform' }), new blueprints.ApplicationTeam({ name: 'team-a' }), new blueprints.ApplicationTeam({ name: 'team-b' }))
    .buildAsync(app, 'prod');
  const assembly = app.synth();
  let resources = 0;
  for (const file of readdirSync(assembly.directory).filter((f) => f.endsWith('.template.json'))) {
    resources += Object.keys(JSON.parse(readFileSync(join(assembly.directory, file), 'utf8')).Resources ?? {}).length;
  }
  const done = performance.now();
  process.stdout.write(JSON.stringify({ loadMs: loaded - t0, synthMs: done - loaded, resources, maxRssKiB: process.resourceUsage().maxRSS }) + '\n');
})().finally(() => rmSync(outdir, { recursive: true, force: true }));
