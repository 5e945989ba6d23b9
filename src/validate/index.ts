/** The validation layer: schema, API-server, cross-object and policy checks of Kubernetes manifests. */
export * from './annotations';
export * from './custom-resources';
export * from './errors';
export * from './format-json';
export * from './format-junit';
export * from './format-tap';
export * from './format-text';
export * from './options';
export * from './parse-yaml';
export * from './policy-catalog';
export * from './problem';
export * from './validate-manifests';
export * from './validate-yaml';
export { closeExactEngines, ExactEngine, ExactEngineError, exactEngineBuild, exactEngineDirectory } from './exact/exact-engine';
export type { ExactEngineBuild, ExactEngineOptions, ExactEngineTimings, ExactEngineVersion, ExactFinding, ExactVerdict } from './exact/exact-engine';
export { preloadExactEngines } from './exact/check-exact';
