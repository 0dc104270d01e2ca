/**
 * Rules for `spec.backup`: a DR region that is a different, known region of the same partition
 * with room for the environment, production backups replicated to one, and retention within
 * what the schedules and the bucket lifecycle take.
 */
import { DEFAULT_HOURLY_BACKUP_RETENTION_HOURS, tierProfile } from '../defaults';
import { nearestRegions, partitionOf, PARTITION, regionInfo } from '../regions';
import { REGION_NAME } from './cluster';
import { asNumber, asRecord, asString, type Rule } from './context';

const BACKUP = 'spec.backup';

/** Inclusive ranges of the retention fields (lib/spec/types.ts BackupSpec documents the same). */
export const BACKUP_RANGES = {
  // 10 years: past that, a restore would need API versions the cluster no longer serves.
  dailyRetentionDays: { min: 1, max: 3650 },
  // 30 days: beyond that the daily backups already cover the namespace, at a 24th of the objects.
  hourlyRetentionHours: { min: 1, max: 720 },
} as const;

/** Zones production spreads over (rules/cluster.ts networkRules): a DR rebuild needs as many. */
const PRODUCTION_AZS = 3;

export const backupRules: Rule = ({ input, report }) => {
  const backup = asRecord(input.backup) ?? {};
  const enabled = backup.enabled !== false;
  const region = asString(input.region);
  const dr = asString(backup.drRegion);
  const production = input.tier === 'production';

  if (production && enabled && backup.drRegion === undefined) {
    report(
      `${BACKUP}.drRegion`,
      'production backups need a DR region: without one the backup bucket lives only in the primary region and a regional outage takes the backups with the cluster',
      `set backup.drRegion to another region of the ${PARTITION} partition${region ? ` than ${region}` : ''}, e.g. ${region === 'eu-central-1' ? 'eu-west-1' : 'eu-central-1'}`,
    );
  }
  if (!enabled && dr !== undefined) {
    report(`${BACKUP}.drRegion`, `a DR region (${dr}) is set but backup.enabled is false, so nothing is replicated there to restore from`, 'remove backup.drRegion, or turn backups on');
  }
  if (dr !== undefined) drRegionRule(dr, region, production, report);

  for (const field of ['dailyRetentionDays', 'hourlyRetentionHours'] as const) {
    const value = asNumber(backup[field]);
    const { min, max } = BACKUP_RANGES[field];
    const unit = field === 'dailyRetentionDays' ? 'days' : 'hours';
    if (value !== undefined && (value < min || value > max)) {
      report(`${BACKUP}.${field}`, `${value} ${unit} is outside ${min}–${max}`, `set ${field} between ${min} and ${max} ${unit}`);
    }
  }
  // Judged with the tier's defaults for whichever field is not given, when at least one is.
  const tier = asString(input.tier);
  const known = tier === 'development' || tier === 'staging' || tier === 'production';
  const givenDaily = asNumber(backup.dailyRetentionDays);
  const givenHourly = asNumber(backup.hourlyRetentionHours);
  const daily = givenDaily ?? (known ? tierProfile(tier).backupRetentionDays : undefined);
  const hourly = givenHourly ?? DEFAULT_HOURLY_BACKUP_RETENTION_HOURS;
  const inRange = (daily ?? 0) >= BACKUP_RANGES.dailyRetentionDays.min && hourly <= BACKUP_RANGES.hourlyRetentionHours.max;
  if ((givenDaily !== undefined || givenHourly !== undefined) && daily !== undefined && inRange && hourly > daily * 24) {
    report(
      `${BACKUP}.hourlyRetentionHours`,
      `hourly backups kept ${hourly} hours outlive the daily ones (${daily} days = ${daily * 24} hours)`,
      `keep hourly backups at most ${daily * 24} hours, or keep daily backups longer`,
    );
  }
};

function drRegionRule(dr: string, region: string | undefined, production: boolean, report: Parameters<Rule>[0]['report']): void {
  const at = `${BACKUP}.drRegion`;
  if (!REGION_NAME.test(dr)) {
    report(at, `"${dr}" is not an AWS region name`, `use a region such as ${nearestRegions(dr).join(', ')}`);
    return;
  }
  if (dr === region) {
    report(at, `the DR region is the primary region ${region}; a regional outage would take the cluster and its backups together`, `pick another region, e.g. ${region === 'eu-central-1' ? 'eu-west-1' : 'eu-central-1'}`);
    return;
  }
  const partition = partitionOf(dr);
  if (partition !== PARTITION) {
    report(
      at,
      `"${dr}" is in the ${partition} partition; S3 replicates only within a partition, and groundwork builds for the ${PARTITION} partition only`,
      `use a region of the ${PARTITION} partition, e.g. eu-central-1 or us-east-2`,
    );
    return;
  }
  const info = regionInfo(dr);
  if (!info) {
    report(at, `"${dr}" is not an AWS region groundwork knows`, `use one of the nearest: ${nearestRegions(dr).join(', ')} (lib/spec/regions.ts lists every region)`);
    return;
  }
  if (production && info.zones.length < PRODUCTION_AZS) {
    report(
      at,
      `${dr} has ${info.zones.length} availability zones a new account can use, and a production environment rebuilt there spreads over ${PRODUCTION_AZS}`,
      'use a DR region with at least 3 usable zones, e.g. us-east-2 or eu-central-1',
    );
  }
}
