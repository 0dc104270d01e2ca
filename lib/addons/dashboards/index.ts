export * from './builder';
export * from './cost-rules';
export * from './dashboards';
export * from './edge-mesh';
export * from './instance-prices';
export * from './node-pools';
export * from './platform-overview';
export * from './tenant-cost';
