/**
 * Labels every object groundwork synthesizes carries, so `kubectl get -l` finds them and a
 * reviewer sees who owns an object and for which environment.
 */
import { ENVIRONMENT_LABEL } from '../spec/labels';

/**
 * The label that marks an object as the platform's own: tenants may neither change such an
 * object in their namespace nor claim the label (admission policy `groundwork-platform-objects`).
 * `part-of`, not `managed-by`: a team's objects built with Groundwork's constructs
 * (ProductionService) say `managed-by: groundwork` too, and the team deploys and changes them.
 */
export const PLATFORM_OWNERSHIP_LABEL = { key: 'app.kubernetes.io/part-of', value: 'groundwork' } as const;

/** `app.kubernetes.io/managed-by`, `app.kubernetes.io/part-of` and `groundwork.dev/environment`. */
export function groundworkLabels(environment: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'groundwork',
    [PLATFORM_OWNERSHIP_LABEL.key]: PLATFORM_OWNERSHIP_LABEL.value,
    [ENVIRONMENT_LABEL]: environment,
  };
}
