export * from './admission-policies';
export * from './foundation-chart';
export * from './model-object';
export * from './object-labels';
export * from './platform-namespace';
export * from './priority-classes';
export {
  ProductionService,
  ProductionServiceValidationError,
  type ProductionServiceCanary,
  type ProductionServiceMetrics,
  type ProductionServicePlatform,
  type ProductionServiceProbes,
  type ProductionServiceProps,
  type ProductionServiceReplicas,
  type ProductionServiceResources,
} from './production-service';
export * from './storage-classes';
export * from './tenant';
