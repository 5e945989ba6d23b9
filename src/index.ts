// The public API of shipshape: everything a chart or another stack imports.
export { App, ApiObject, Chart, Duration, JsonPatch, Lazy, Size, Testing } from 'cdk8s';
export * from './constructs';
export * from './errors';
export type { KubeObject, KubeObjectMetadata, Manifest } from './manifest/kube-object';
export { isClusterScoped } from './manifest/cluster-scoped';
export { OutputFolderError, synthesize, synthesizeToFolder, SynthesisError } from './synth';
export type { SynthesisResult, SynthesizeOptions } from './synth';
export * from './validate';
