import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';

/**
 * The stock environments, by name (also the Pulumi stack names). Null prototype: names come from
 * the command line and stack names, and `toString` or `constructor` must not look like one.
 */
export const STOCK_ENVIRONMENTS: Readonly<Record<string, EnvironmentSpec>> = Object.freeze(Object.assign(Object.create(null) as Record<string, EnvironmentSpec>, { dev, staging, prod }));

export { dev, staging, prod };
