/**
 * Velero backups: a scheduled backup failed, or no backup of a schedule has succeeded for 26
 * hours (the daily schedule plus two hours of slack for a slow run). Both select by `schedule`, the
 * label Velero puts on the series of backups its Schedules create (manual backups have none).
 */
import type { AddonContext } from '../addon';
import { alert, type AlertRuleGroup } from './types';

/** Hours without a successful scheduled backup before VeleroBackupMissing fires. */
export const BACKUP_MISSING_HOURS = 26;

/** The `groundwork.backup` group, or none without Velero. */
export function backupGroup(ctx: AddonContext): AlertRuleGroup[] {
  if (!ctx.enabled.has('velero')) return [];
  return [
    {
      name: 'groundwork.backup',
      rules: [
        alert({
          alert: 'VeleroBackupFailed',
          // 1 = the last backup of the schedule completed, 0 = it failed or partially failed.
          expr: 'max by (schedule) (velero_backup_last_status{schedule!=""}) != 1',
          for: '15m',
          severity: 'warning',
          summary: 'The last backup of a Velero schedule failed.',
          description: 'The last backup of schedule {{ $labels.schedule }} did not complete: the next restore point is older than planned.',
        }),
        alert({
          alert: 'VeleroBackupMissing',
          expr: `(time() - max by (schedule) (velero_backup_last_successful_timestamp{schedule!=""})) > ${BACKUP_MISSING_HOURS} * 3600 or absent(velero_backup_last_successful_timestamp{schedule!=""})`,
          for: '1h',
          severity: 'critical',
          summary: `No Velero backup has succeeded for ${BACKUP_MISSING_HOURS} hours.`,
          description: `Schedule {{ $labels.schedule }} (empty: no schedule has ever succeeded) has had no successful backup for over ${BACKUP_MISSING_HOURS} hours: a restore now loses more than a day.`,
        }),
      ],
    },
  ];
}
