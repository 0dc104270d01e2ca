/**
 * Bench section: the peer, AWS EKS Blueprints for CDK, synthesizing one comparable production
 * environment (bench/peer/eks-blueprints.js) in fresh processes, module load included. Never a
 * dependency of ours: installed in a scratch folder named by BENCH_PEER_DIR (README "Benchmark").
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mib, runNode, spread, median } from './measure';

interface Report {
  loadMs: number;
  synthMs: number;
  resources: number;
  maxRssKiB: number;
}

/** Median wall and report lines of `runs` peer synths, or undefined when the peer is not installed in `dir`. */
export function benchPeer(dir: string, runs: number): { wallMs: number; lines: string[] } | undefined {
  const peerDir = resolve(dir);
  if (!existsSync(join(peerDir, 'node_modules', '@aws-quickstart', 'eks-blueprints'))) return undefined;
  const script = resolve(__dirname, 'peer', 'eks-blueprints.js');
  const wall: number[] = [];
  const reports: Report[] = [];
  for (let i = 0; i < runs; i++) {
    // Run in the scratch folder: the script loads the peer's packages from there, not ours.
    const run = runNode<Report>([script], { cwd: peerDir });
    wall.push(run.wallMs);
    reports.push(run.report);
  }
  return {
    wallMs: median(wall),
    lines: [
      `peer: @aws-quickstart/eks-blueprints, one production-like environment (cdk synth), ${runs} fresh processes`,
      `  wall ${spread(wall)}  peak RSS ${mib(Math.max(...reports.map((r) => r.maxRssKiB)))}  module load ${(median(reports.map((r) => r.loadMs)) / 1000).toFixed(2)} s  ` +
        `synth ${(median(reports.map((r) => r.synthMs)) / 1000).toFixed(2)} s  (${reports[0].resources} CloudFormation resources)`,
    ],
  };
}
