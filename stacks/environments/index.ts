import type { EnvironmentSpec } from '../../lib/spec/types';
import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';

/** The stock environments, by name (also the Pulumi stack names). */
export const STOCK_ENVIRONMENTS: Readonly<Record<string, EnvironmentSpec>> = { dev, staging, prod };

export { dev, staging, prod };
