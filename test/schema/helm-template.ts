/**
 * Test helper: `helm template` of one pinned chart from the chart cache, parsed into objects.
 * Deliberately small and independent of lib/render's release pipeline, so the schema checks of
 * the charts' own output do not depend on how the platform wires values.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveHelm } from '../../lib/render/helm-binary';
import { parseManifests } from '../support/schema';

/** One chart to render. */
export interface ChartRender {
  /** Chart name (the archive is `<chart>-<version>.tgz`). */
  chart: string;
  /** Pinned chart version. */
  version: string;
  /** Release namespace. */
  namespace: string;
  /** `--set key=value` pairs; every key must exist in the chart's values.yaml. @default none */
  set?: Record<string, string>;
  /** Render the chart's crds/ folder too. @default true */
  includeCrds?: boolean;
  /** Repository the chart comes from, for the `helm pull` hint when it is missing. @default none */
  repository?: string;
}

/** The chart cache: GROUNDWORK_CHART_CACHE, else ../shared/charts next to the repository. */
export function chartCache(): string {
  return process.env.GROUNDWORK_CHART_CACHE ?? resolve(__dirname, '..', '..', '..', 'shared', 'charts');
}

/** Render `release` with `--kube-version`; a missing archive is an error that says how to get it. */
export async function helmTemplate(release: ChartRender, kubeVersion: string): Promise<object[]> {
  const archive = join(chartCache(), `${release.chart}-${release.version}.tgz`);
  if (!existsSync(archive)) {
    const repo = release.repository ? ` --repo ${release.repository}` : '';
    throw new Error(`chart ${release.chart} ${release.version} is not in the chart cache ${chartCache()}; fix: helm pull ${release.chart}${repo} --version ${release.version} -d ${chartCache()}`);
  }
  const helm = await resolveHelm();
  const args = ['template', release.chart, archive, '--namespace', release.namespace, '--kube-version', kubeVersion];
  if (release.includeCrds !== false) args.push('--include-crds');
  for (const [key, value] of Object.entries(release.set ?? {})) args.push('--set', `${key}=${value}`);
  const output = await new Promise<string>((done, fail) => {
    const child = spawn(helm.path, args, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code === 0) done(Buffer.concat(out).toString('utf8'));
      else fail(new Error(`helm ${args.join(' ')}: exit ${code}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
  });
  return parseManifests(output, `${release.chart}-${release.version}`);
}
