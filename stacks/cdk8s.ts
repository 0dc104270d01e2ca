/**
 * cdk8s entry (cdk8s.yaml `app`): `npx cdk8s synth` writes the manifests of the environment
 * named by GROUNDWORK_ENV (default dev) into cdk8s's output folder (CDK8S_OUTDIR, default dist/).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Platform } from '../lib/blueprint/platform';
import { renderChart } from '../lib/blueprint/manifests';
import { SpecValidationError } from '../lib/spec/errors';
import { STOCK_ENVIRONMENTS } from './environments';

const envName = process.env.GROUNDWORK_ENV ?? 'dev';
const outDir = process.env.CDK8S_OUTDIR ?? 'dist';
const spec = STOCK_ENVIRONMENTS[envName];
if (!spec) {
  process.stderr.write(`GROUNDWORK_ENV="${envName}" is not a stock environment (${Object.keys(STOCK_ENVIRONMENTS).join(', ')})\n`);
  process.exit(2);
}
try {
  const platform = Platform.fromSpec(spec);
  mkdirSync(outDir, { recursive: true });
  for (const chart of platform.manifests().charts) writeFileSync(join(outDir, chart.file), renderChart(chart));
} catch (error) {
  if (!(error instanceof SpecValidationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
