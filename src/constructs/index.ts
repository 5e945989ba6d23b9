// The constructs users compose into charts, one folder per concern.

// app: the app, its environments and charts, namespaces, labels and defaults.
export * from './app/app-chart';
export * from './app/custom-resource';
export * from './app/defaults';
export * from './app/environment';
export * from './app/labels';
export * from './app/namespace';
export * from './app/resource';

// access: identities and what they may do.
export * from './access/api-resource';
export * from './access/cluster-role';
export * from './access/cluster-role-binding';
export * from './access/identity';
export * from './access/role';
export * from './access/role-base';
export * from './access/role-binding';
export * from './access/role-reference';
export * from './access/service-account';
export * from './access/verb';

// workloads: pods and the controllers that run them.
export * from './workloads/autoscaling-metric';
export * from './workloads/container';
export * from './workloads/cron-job';
export * from './workloads/daemon-set';
export * from './workloads/deployment';
export * from './workloads/env-value';
export * from './workloads/horizontal-pod-autoscaler';
export * from './workloads/job';
export * from './workloads/lifecycle';
export * from './workloads/pod';
export * from './workloads/pod-disruption-budget';
export * from './workloads/priority-class';
export * from './workloads/probe';
export * from './workloads/resources';
export * from './workloads/scheduling';
export * from './workloads/security-context';
export * from './workloads/stateful-set';
export * from './workloads/workload';

// networking: stable addresses and routes to pods.
export * from './networking/ingress';
export * from './networking/network-isolation';
export * from './networking/network-peer';
export * from './networking/network-policy';
export * from './networking/service';

// policy: what a namespace may hold (budgets for teams).
export * from './policy/limit-range';
export * from './policy/namespace-budget';
export * from './policy/resource-quota';

// config: configuration and credentials.
export * from './config/config-map';
export * from './config/secret';
export * from './config/secret-value';

// storage: data that outlives a pod.
export * from './storage/downward-api';
export * from './storage/persistent-volume-claim';
export * from './storage/projected-source';
export * from './storage/volume';
