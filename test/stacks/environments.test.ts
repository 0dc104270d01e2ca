/**
 * Snapshots of every stock environment (each manifest file and cloud.json), schema validation
 * of every synthesized object, and determinism.
 */
import { toCanonicalJson } from '../../lib/blueprint/canonical';
import { renderChart } from '../../lib/blueprint/manifests';
import { toCloudJson } from '../../lib/plan/planner';
import { dev, prod, staging } from '../../stacks/environments';
import { synthesize, type Synthesized } from '../support/environment';
import { EKS_ADDON_CRDS, withoutChartOnlyCrdProblems } from '../support/chart-crd-groups';
import { validateObjects } from '../support/schema';
import { hashCrdSchemas } from '../support/snapshot-serializer';
import { prodGitops } from '../support/variants';

const specs = { dev, staging, prod, 'prod-gitops': prodGitops };
const envs: Record<string, Synthesized> = {};
beforeAll(async () => {
  for (const [name, spec] of Object.entries(specs)) envs[name] = await synthesize(spec);
});

/** The output files, byte for byte (what `groundwork synth` / `plan` write). */
function files(env: Synthesized): Map<string, string> {
  const out = new Map<string, string>();
  for (const chart of env.platform.manifests().charts) out.set(`manifests/${chart.file}`, renderChart(chart));
  out.set('cloud.json', toCanonicalJson(toCloudJson(env.plan)));
  return out;
}

/** The same files rendered with every CRD schema hashed before stringification (reviewable snapshots). */
function snapshotFiles(env: Synthesized): Map<string, string> {
  const out = new Map<string, string>();
  for (const chart of env.platform.manifests().charts) out.set(`manifests/${chart.file}`, renderChart({ ...chart, objects: hashCrdSchemas(chart.objects) }));
  out.set('cloud.json', toCanonicalJson(hashCrdSchemas(toCloudJson(env.plan))));
  return out;
}

describe.each(Object.keys(specs))('%s', (name) => {
  it('matches the manifest and cloud plan snapshots', () => {
    for (const [file, content] of snapshotFiles(envs[name])) expect(content).toMatchSnapshot(file);
  });

  it('validates every Kubernetes object against the upstream schemas', () => {
    expect(withoutChartOnlyCrdProblems(validateObjects(envs[name].objects, { crds: EKS_ADDON_CRDS }))).toEqual([]);
  });

  it('is deterministic: a second synthesis gives byte-identical files', async () => {
    const again = await synthesize(specs[name as keyof typeof specs], { fresh: true });
    expect(files(again)).toEqual(files(envs[name]));
  });
});
