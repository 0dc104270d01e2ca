/**
 * Everything each environment deploys — every Helm release as rendered with the plan's values,
 * plus the cdk8s manifests — validates against the upstream schemas, and every custom resource
 * is judged by a CRD that the same environment installs (a custom resource whose CRD nothing
 * installs would fail to apply).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderedEnvironment } from '../support/rendered';
import { parseManifests, validationReport } from '../support/schema';
import { ALL_RENDER_TARGETS } from '../support/variants';

/**
 * CRDs an EKS managed add-on installs (cloud phase, not rendered by any chart here): the
 * snapshot-controller's VolumeSnapshotClass, which the Velero add-on configures.
 */
const EKS_ADDON_CRDS = parseManifests(readFileSync(join(__dirname, '..', 'addons', 'fixtures', 'snapshot.storage.k8s.io_volumesnapshotclasses.yaml'), 'utf8'));

describe.each(ALL_RENDER_TARGETS)('$name: every deployed object against the upstream schemas', ({ spec }) => {
  let report: ReturnType<typeof validationReport>;
  beforeAll(async () => {
    report = validationReport((await renderedEnvironment(spec)).objects, { crds: EKS_ADDON_CRDS });
  }, 180_000);

  it('validates every rendered and synthesized object with zero errors', () => {
    expect(report.objects.length).toBeGreaterThan(100);
    expect(report.errors).toEqual([]);
  });

  it('judges every custom resource by a CRD the environment installs, never by a fallback package', () => {
    const fallback = report.objects
      .map((o, i) => ({ id: `${String(o.apiVersion)}/${String(o.kind)}`, by: report.validatedBy[i] }))
      .filter(({ by }) => by !== undefined && !by.startsWith('crd ') && by !== 'kubernetes-models-1.36')
      .map(({ id, by }) => `${id} (${String(by)})`);
    expect([...new Set(fallback)]).toEqual([]);
  });
});
