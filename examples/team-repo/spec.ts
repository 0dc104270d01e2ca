/** The team's environment: the stock staging environment, in the team's own account. */
import type { EnvironmentSpec } from '@groundwork/platform';
import { staging } from '@groundwork/platform/environments';

export const spec: EnvironmentSpec = { ...staging, name: 'payments-stg', accountId: '444444444444' };
