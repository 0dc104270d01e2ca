/**
 * The rendered-output checks and the spec's guard-rail exceptions must agree: an approved
 * override that makes an add-on's pods privileged (`platform-pod-privileges`) or moves them out
 * of their labelled namespace (`pod-security`) would otherwise pass the spec and then fail the
 * Pod Security checks of the very pods it was approved for. Each covered violation becomes
 * readiness exceptions for the pod-owning objects that add-on's release renders — exactly those
 * objects, nothing of another release.
 */
import type { ReleaseObjects } from '../readiness/kube-objects';
import { objectRef, type ReadinessException } from '../readiness/types';
import { printable } from '../spec/printable';
import type { AppliedException } from './exceptions';

/** Guard rails whose exceptions stand for accepted Pod Security findings of the add-on's pods. */
const POD_SECURITY_RAILS = new Set(['platform-pod-privileges', 'pod-security']);

/** Kinds that create pods (the readiness checks judge their pod templates). */
const POD_OWNERS = new Set(['Pod', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob']);

/** Check ids of every Pod Security rule (both levels), as `covers` matches them. */
export const POD_SECURITY_CHECKS = 'pod-security.*';

/** Readiness exceptions implied by the applied guard-rail exceptions, for the rendered `releases`. */
export function readinessExceptionsOf(applied: readonly AppliedException[], releases: readonly ReleaseObjects[]): ReadinessException[] {
  const out: ReadinessException[] = [];
  for (const exception of applied.filter((e) => POD_SECURITY_RAILS.has(e.guardRail))) {
    const addons = new Set(exception.violations.map((v) => v.target));
    const reason = printable(`spec exception ${exception.guardRail} ${[...addons].sort().join(', ')} (approved by ${exception.approvedBy}): ${exception.reason}`);
    for (const release of releases.filter((r) => addons.has(r.release))) {
      for (const object of release.objects.filter((o) => POD_OWNERS.has(o.kind))) {
        out.push({ check: POD_SECURITY_CHECKS, object: objectRef(object.kind, object.metadata.namespace ?? release.namespace, object.metadata.name), reason });
      }
    }
  }
  return out;
}
