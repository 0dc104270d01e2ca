/**
 * The synthesized-manifest tests validate our objects without rendering the charts, so custom
 * resources of CRDs that only a chart installs (and no schema package models) have no schema
 * there. test/schema/environments.test.ts validates exactly these objects against the CRDs the
 * rendered charts install; here only their "no installed CRD" problem is set aside — any other
 * problem still fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from './schema';

/**
 * CRDs an EKS managed add-on installs in the cloud phase (no chart here renders them): the
 * snapshot-controller's VolumeSnapshotClass, which the Velero add-on configures.
 */
export const EKS_ADDON_CRDS: readonly object[] = parseManifests(
  readFileSync(join(__dirname, '..', 'addons', 'fixtures', 'snapshot.storage.k8s.io_volumesnapshotclasses.yaml'), 'utf8'),
);

const GROUPS_OF_CHART_ONLY_CRDS = ['external-secrets.io', 'velero.io'] as const;

/** `problems` without the "no installed CRD" ones of the groups validated on the rendered output. */
export function withoutChartOnlyCrdProblems(problems: readonly string[]): string[] {
  return problems.filter((p) => !(p.includes('no installed CRD defines it') && GROUPS_OF_CHART_ONLY_CRDS.some((g) => p.includes(`: ${g}/`))));
}
