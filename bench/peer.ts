/**
 * Bench section: the peer, AWS EKS Blueprints for CDK, synthesizing one comparable production
 * environment (bench/peer/eks-blueprints.js) in fresh processes, module load included. Never a
 * dependency of ours: installed in a scratch folder named by BENCH_PEER_DIR (README "Benchmark").
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mib, runNode, spread, median, type Measurement } from './measure';

interface Report {
  loadMs: number;
  synthMs: number;
  resources: number;
  maxRssKiB: number;
}

/** Peer synths, one fresh process per run, or undefined when the peer is not installed in `dir`. */
export function peerMeasurement(dir: string): Measurement | undefined {
  const peerDir = resolve(dir);
  if (!existsSync(join(peerDir, 'node_modules', '@aws-quickstart', 'eks-blueprints'))) return undefined;
  const script = resolve(__dirname, 'peer', 'eks-blueprints.js');
  const wall: number[] = [];
  const reports: Report[] = [];
  return {
    runOnce() {
      // Run in the scratch folder: the script loads the peer's packages from there, not ours.
      const run = runNode<Report>([script], { cwd: peerDir });
      wall.push(run.wallMs);
      reports.push(run.report);
      return run.wallMs;
    },
    summary() {
      const maxRssKiB = Math.max(...reports.map((r) => r.maxRssKiB));
      return {
        wallMs: median(wall),
        maxRssKiB,
        lines: [
          `peer: @aws-quickstart/eks-blueprints, one production-like environment (cdk synth), ${wall.length} fresh processes`,
          `  wall ${spread(wall)}  peak RSS ${mib(maxRssKiB)}  module load ${(median(reports.map((r) => r.loadMs)) / 1000).toFixed(2)} s  ` +
            `synth ${(median(reports.map((r) => r.synthMs)) / 1000).toFixed(2)} s  (${reports[0].resources} CloudFormation resources)`,
        ],
      };
    },
  };
}
