/**
 * Labels every object groundwork synthesizes carries, so `kubectl get -l` finds them and a
 * reviewer sees who owns an object and for which environment.
 */
import { ENVIRONMENT_LABEL } from '../spec/labels';

/** `app.kubernetes.io/managed-by`, `app.kubernetes.io/part-of` and `groundwork.dev/environment`. */
export function groundworkLabels(environment: string): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': 'groundwork',
    'app.kubernetes.io/part-of': 'groundwork',
    [ENVIRONMENT_LABEL]: environment,
  };
}
