/**
 * Command-line parsing for `groundwork`. Small on purpose: four commands, five flags, and
 * errors that say what to type instead. Arguments are echoed escaped (`quoted`): a terminal
 * must show what was typed, not obey it.
 */
import { printable, quoted } from '../spec/printable';

/** A usage mistake; printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** Parsed command line. */
export interface CliArgs {
  command: 'synth' | 'spec' | 'render' | 'help';
  /** `--env NAME`, repeatable. */
  envs: string[];
  /** `--spec FILE` (JSON, or a .ts/.js module exporting a spec). */
  specFile: string | undefined;
  /** `--out DIR`. @default 'dist' */
  outDir: string;
  /** `--config FILE`: the team config (custom add-ons, their charts, team charts). @default groundwork.config.{ts,js,cjs,json} in the current folder, if any */
  configFile?: string;
  /** `--chart-cache DIR` (render only). @default env GROUNDWORK_CHART_CACHE, else ~/.cache/groundwork/charts */
  chartCache?: string;
}

export const USAGE = `usage:
  groundwork synth [--env NAME ...] [--spec FILE] [--out DIR] [--config FILE]
      synthesize manifests and the offline cloud plan (no arguments: dev, staging and prod into dist/)
  groundwork render [--env NAME ...] [--spec FILE] [--out DIR] [--config FILE] [--chart-cache DIR]
      helm template every release with the plan's values into <out>/<env>/rendered/ (charts from the chart cache)
  groundwork spec --env NAME [--config FILE]
      print a stock environment's resolved spec as JSON (a valid --spec file to start from)
  groundwork help
--config FILE: custom add-ons, their charts and team charts (default: groundwork.config.ts/.js/.json here, if any)`;

/** Parse `argv` (without node and script). */
export function parseArgs(argv: readonly string[]): CliArgs {
  const [command = 'help', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help', envs: [], specFile: undefined, outDir: 'dist' };
  }
  if (command !== 'synth' && command !== 'spec' && command !== 'render') {
    throw new UsageError(`unknown command ${quoted(command)}; use "synth", "render" or "spec"`);
  }
  const args: CliArgs = { command, envs: [], specFile: undefined, outDir: 'dist' };
  let outGiven = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--env': {
        const env = value();
        // Two writers of one <out>/<env> would swap the same folder twice; one is what was meant.
        if (args.envs.includes(env)) throw new UsageError(`--env ${printable(env)} is given twice; name each environment once`);
        args.envs.push(env);
        break;
      }
      case '--spec':
        if (args.specFile) throw new UsageError('--spec can be given once');
        args.specFile = value();
        break;
      case '--out':
        if (outGiven) throw new UsageError('--out can be given once');
        outGiven = true;
        args.outDir = value();
        break;
      case '--config':
        if (args.configFile !== undefined) throw new UsageError('--config can be given once');
        args.configFile = value();
        break;
      case '--chart-cache':
        if (command !== 'render') throw new UsageError('--chart-cache applies to "render" only');
        if (args.chartCache !== undefined) throw new UsageError('--chart-cache can be given once');
        args.chartCache = value();
        break;
      default:
        throw new UsageError(`unknown option ${quoted(flag)}`);
    }
  }
  if (command === 'spec' && (args.envs.length !== 1 || args.specFile)) {
    throw new UsageError('"spec" takes exactly one --env NAME');
  }
  if ((command === 'synth' || command === 'render') && args.specFile && args.envs.length > 0) {
    throw new UsageError('use either --env or --spec, not both');
  }
  return args;
}
