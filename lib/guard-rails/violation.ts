/**
 * What a guard rail rule sees and what it reports. A violation names the target an exception
 * would give to cover it; evaluation turns uncovered violations into spec issues.
 */
import type { Addon } from '../addons/addon';
import type { AddonSelection } from '../addons/selection';
import type { MergedValues } from '../blueprint/values';
import type { AddonId, ResolvedSpec } from '../spec/types';
import type { GuardRailId } from './ids';

/** Inputs of the guard rails: the resolved spec, its add-on plan and the merged values. */
export interface GuardRailInput {
  /** The resolved environment (best effort when the input also has shape errors). */
  readonly spec: ResolvedSpec;
  /** Selected add-ons in dependency order. */
  readonly selection: AddonSelection;
  /** Blueprint values with the user's overrides merged, and the blueprint's own (`Platform.valuesOf`). */
  readonly valuesOf: (addon: Addon) => Pick<MergedValues, 'values' | 'blueprint' | 'overriddenPaths'>;
  /** Date (YYYY-MM-DD) exception expiries are judged on. */
  readonly today: string;
}

/** The Kubernetes objects a violation concerns, so the output can annotate them. */
export interface ViolationConcerns {
  /** The add-on whose values or removal weaken the baseline. @default none */
  readonly addon?: AddonId;
  /** The tenant whose namespace is affected. @default none */
  readonly tenant?: string;
}

/** One weakening of the baseline. */
export interface GuardRailViolation {
  /** Which guard rail. */
  readonly guardRail: GuardRailId;
  /** What an exception names to cover it (see GUARD_RAILS[id].targets). */
  readonly target: string;
  /** Spec path of the setting at fault, e.g. `spec.addons.overrides.karpenter.hostNetwork`. */
  readonly path: string;
  /** What is weakened. */
  readonly problem: string;
  /** How to keep the baseline (evaluation appends how to except it instead). */
  readonly fix: string;
  /** Objects to annotate when an exception covers it. @default none */
  readonly concerns?: ViolationConcerns;
}

/** A guard rail's check. */
export type GuardRailRule = (input: GuardRailInput) => GuardRailViolation[];
