export * from './team-charts';
