// The synthesis pipeline: construct tree to ordered, validated YAML files.
export * from './layout';
export * from './order';
export * from './synthesis-error';
export * from './synthesize';
export * from './write-output';
export * from './yaml';
