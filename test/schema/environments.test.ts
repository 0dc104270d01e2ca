/**
 * Everything each environment deploys — every Helm release as rendered with the plan's values,
 * plus the cdk8s manifests — validates against the upstream schemas, and every custom resource
 * is judged by a CRD that the same environment installs (a custom resource whose CRD nothing
 * installs would fail to apply).
 */
import { EKS_ADDON_CRDS } from '../support/chart-crd-groups';
import { renderedEnvironment } from '../support/rendered';
import { validationReport } from '../support/schema';
import { ALL_RENDER_TARGETS } from '../support/variants';

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
