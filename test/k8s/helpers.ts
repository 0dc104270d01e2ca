import { Chart, Testing } from 'cdk8s';
import { applyDefaults } from '../../lib/spec/defaults';
import type { ResolvedSpec } from '../../lib/spec/types';
import { dev } from '../../stacks/environments/dev';
import { prod } from '../../stacks/environments/prod';
import { staging } from '../../stacks/environments/staging';

/** The stock environments, resolved. */
export const STOCK: Record<'dev' | 'staging' | 'prod', ResolvedSpec> = {
  dev: applyDefaults(dev),
  staging: applyDefaults(staging),
  prod: applyDefaults(prod),
};

/** A fresh chart to put one construct in. */
export function chart(): Chart {
  return new Chart(Testing.app(), 'test');
}

export type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; [k: string]: any };

/** Synthesized objects of `scope`. */
export function synth(scope: Chart): Obj[] {
  return Testing.synth(scope) as Obj[];
}
