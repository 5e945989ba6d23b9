import { App, Testing } from 'cdk8s';
import {
  AppChart,
  Capability,
  Deployment,
  Environment,
  FsGroupChangePolicy,
  PodSecurityContext,
  PodSecurityLevel,
  renderContainerSecurityContext,
  renderPodSecurityContext,
  SeccompProfile,
  synthesize,
} from '../../../src';
import { expectValidationError } from '../../helpers/errors';
import { findObject } from '../../helpers/find';

describe('container security context', () => {
  test('the hardened default forbids privilege escalation', () => {
    expect(renderContainerSecurityContext(undefined, true)).toEqual({ allowPrivilegeEscalation: false });
  });

  test('without the hardened default and settings, there is no security context', () => {
    expect(renderContainerSecurityContext(undefined, false)).toBeUndefined();
    expect(renderContainerSecurityContext({}, false)).toBeUndefined();
  });

  test('the user settings are layered over the hardened default', () => {
    expect(renderContainerSecurityContext({ allowPrivilegeEscalation: true, runAsUser: 1000, capabilities: { add: [Capability.NET_BIND_SERVICE], drop: [Capability.ALL] } }, true)).toEqual({
      allowPrivilegeEscalation: true,
      runAsUser: 1000,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
    });
  });

  test('a privileged container drops the hardened no-escalation default, which the API server would reject with it', () => {
    expect(renderContainerSecurityContext({ privileged: true }, true)).toEqual({ privileged: true });
  });

  test('a privileged container keeps an explicit allowPrivilegeEscalation', () => {
    expect(renderContainerSecurityContext({ privileged: true, allowPrivilegeEscalation: false }, true)).toMatchObject({ privileged: true, allowPrivilegeEscalation: false });
  });
});

describe('pod security context', () => {
  test('the hardened default uses the runtime default seccomp profile', () => {
    expect(renderPodSecurityContext(undefined, true)).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('user settings are added; without hardening and settings there is none', () => {
    expect(renderPodSecurityContext({ fsGroup: 999, runAsNonRoot: true }, true)).toEqual({ seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 999, runAsNonRoot: true });
    expect(renderPodSecurityContext(undefined, false)).toBeUndefined();
    expect(renderPodSecurityContext({ runAsUser: 1 }, false)).toEqual({ runAsUser: 1 });
  });
});

describe('Capability', () => {
  test('the constants are the kernel names without the CAP_ prefix, and custom() writes a new one as given', () => {
    expect([Capability.ALL, Capability.NET_BIND_SERVICE, Capability.SYS_ADMIN, Capability.CHOWN].map((capability) => capability.name)).toEqual(['ALL', 'NET_BIND_SERVICE', 'SYS_ADMIN', 'CHOWN']);
    expect(Capability.custom('NEW_THING_2').name).toBe('NEW_THING_2');
    expect(Capability.custom('NEW_THING_2').problem).toBeUndefined();
  });

  test('a container writes the names it is given, add and drop, in order', () => {
    const app = Testing.app();
    const chart = new AppChart(new Environment(app, 'dev'), 'web', { namespaceProps: { podSecurity: PodSecurityLevel.PRIVILEGED } });
    new Deployment(chart, 'Proxy', {
      containers: [{ image: 'envoyproxy/envoy:v1.31.2', securityContext: { capabilities: { add: [Capability.NET_ADMIN, Capability.custom('NEW_THING')], drop: [Capability.ALL] } } }],
    });
    const container = findObject(synthesize(app).manifests, 'Deployment', 'proxy').spec.template.spec.containers[0];
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'NEW_THING'], drop: ['ALL'] } });
  });

  test('empty add and drop lists write no capabilities', () => {
    expect(renderContainerSecurityContext({ capabilities: { add: [], drop: [] } }, false)).toBeUndefined();
    expect(renderContainerSecurityContext({ capabilities: { drop: [Capability.ALL] } }, false)).toEqual({ capabilities: { drop: ['ALL'] } });
  });

  test('the default keeps the runtime\'s capabilities: nothing is dropped unless asked (images that chown or switch user need them)', () => {
    expect(renderContainerSecurityContext(undefined, true)).toEqual({ allowPrivilegeEscalation: false });
  });

  test('fails when a custom capability carries the CAP_ prefix, which the runtime adds itself', () => {
    const chart = new AppChart(Testing.app(), 'web');
    expect(() => new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27.2', securityContext: { capabilities: { add: [Capability.custom('CAP_NET_RAW')] } } }] })).toThrow(
      /Deployment 'web\/Web': containers\[0\]\.securityContext\.capabilities\.add\[0\]: starts with "CAP_".*got "CAP_NET_RAW"\. Write "NET_RAW"\./,
    );
  });

  test('fails when a custom capability is not written in upper case, which Pod Security compares exactly', () => {
    const chart = new AppChart(Testing.app(), 'web');
    expect(() => new Deployment(chart, 'Web', { containers: [{ image: 'nginx:1.27.2', securityContext: { capabilities: { drop: [Capability.custom('all')] } } }] })).toThrow(
      /containers\[0\]\.securityContext\.capabilities\.drop\[0\]: is not a capability name.*got "all"\. Write "ALL"\./,
    );
    expect(() => new Deployment(chart, 'Other', { containers: [{ image: 'nginx:1.27.2', securityContext: { capabilities: { drop: [Capability.custom('')] } } }] })).toThrow(/is not a capability name/);
  });
});

describe('the restricted Pod Security level', () => {
  test('a Deployment with runAsNonRoot, every capability dropped and the default seccomp profile synthesizes without a problem in a restricted Namespace', () => {
    const app = Testing.app();
    const chart = new AppChart(new Environment(app, 'prod'), 'web', { namespaceProps: { podSecurity: PodSecurityLevel.RESTRICTED } });
    new Deployment(chart, 'Web', {
      securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101 },
      containers: [{
        image: 'nginxinc/nginx-unprivileged:1.27.2',
        ports: [{ number: 8080, name: 'http' }],
        securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: [Capability.ALL] } },
      }],
    });
    const result = synthesize(app);
    expect(result.report!.problems).toEqual([]);
    const pod = findObject(result.manifests, 'Deployment', 'web').spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  test('without drop ALL the same Deployment is refused by the restricted Namespace', () => {
    const app = Testing.app();
    const chart = new AppChart(new Environment(app, 'prod'), 'web', { namespaceProps: { podSecurity: PodSecurityLevel.RESTRICTED } });
    new Deployment(chart, 'Web', {
      securityContext: { runAsNonRoot: true, runAsUser: 101 },
      containers: [{ image: 'nginxinc/nginx-unprivileged:1.27.2', ports: [{ number: 8080 }], securityContext: { capabilities: { drop: [Capability.NET_RAW] } } }],
    });
    expect(() => synthesize(app)).toThrow(/ERROR pod-security\/capabilities-restricted/);
  });
});

describe('SeccompProfile', () => {
  test('a chosen profile replaces the hardened default, and applies without the hardened defaults too', () => {
    expect(renderPodSecurityContext({ seccompProfile: SeccompProfile.localhost('profiles/app.json') }, true)).toEqual({ seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' } });
    expect(renderPodSecurityContext({ seccompProfile: SeccompProfile.runtimeDefault(), runAsNonRoot: true }, false)).toEqual({ seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: true });
    expect(renderPodSecurityContext({ seccompProfile: SeccompProfile.unconfined() }, true)).toEqual({ seccompProfile: { type: 'Unconfined' } });
  });

  test('a restricted Namespace accepts a Localhost profile and a RuntimeDefault one set without the hardened defaults', () => {
    const app = Testing.app();
    const chart = new AppChart(new Environment(app, 'prod'), 'web', { namespaceProps: { podSecurity: PodSecurityLevel.RESTRICTED } });
    const container = { image: 'nginxinc/nginx-unprivileged:1.27.2', ports: [{ number: 8080 }], securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [Capability.ALL] } } };
    new Deployment(chart, 'Local', { securityContext: { runAsNonRoot: true, runAsUser: 101, seccompProfile: SeccompProfile.localhost('profiles/nginx.json') }, containers: [container] });
    new Deployment(chart, 'Plain', { defaults: { hardenedSecurityContext: false }, securityContext: { runAsNonRoot: true, runAsUser: 101, seccompProfile: SeccompProfile.runtimeDefault() }, containers: [container] });
    const result = synthesize(app);
    expect(result.report!.problems.filter((problem) => problem.ruleId.startsWith('pod-security/'))).toEqual([]);
    expect(findObject(result.manifests, 'Deployment', 'plain').spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('an unconfined profile is refused by the default baseline Namespace', () => {
    const app = Testing.app();
    new Deployment(new AppChart(new Environment(app, 'prod'), 'web'), 'Web', { securityContext: { seccompProfile: SeccompProfile.unconfined() }, containers: [{ image: 'nginx:1.27.2' }] });
    expect(() => synthesize(app)).toThrow(/ERROR pod-security\/seccomp/);
  });

  test('fails when a Localhost profile is an absolute path or leaves the seccomp folder', () => {
    const chart = new AppChart(Testing.app(), 'web');
    expect(() => new Deployment(chart, 'A', { securityContext: { seccompProfile: SeccompProfile.localhost('/var/lib/kubelet/seccomp/app.json') }, containers: [{ image: 'nginx:1.27.2' }] })).toThrow(
      /Deployment 'web\/A': securityContext\.seccompProfile: must be a path relative to the kubelet's seccomp folder.*got "\/var\/lib\/kubelet\/seccomp\/app\.json"\. Give the file as the node has it/,
    );
    expect(() => new Deployment(chart, 'B', { securityContext: { seccompProfile: SeccompProfile.localhost('../app.json') }, containers: [{ image: 'nginx:1.27.2' }] })).toThrow(/seccompProfile: must be a path relative/);
    expect(() => new Deployment(chart, 'C', { securityContext: { seccompProfile: SeccompProfile.localhost('') }, containers: [{ image: 'nginx:1.27.2' }] })).toThrow(/seccompProfile: must be a path relative/);
  });
});

describe('pod security context: supplemental groups, sysctls and fsGroupChangePolicy', () => {
  const podOf = (app: App) => findObject(synthesize(app).manifests, 'Deployment', 'web').spec.template.spec;
  const deploy = (securityContext: PodSecurityContext, chart = new AppChart(Testing.app(), 'web')) =>
    new Deployment(chart, 'Web', { securityContext, containers: [{ image: 'nginx:1.27.2' }] });

  test('a minimal pod security context writes none of them', () => {
    const app = Testing.app();
    new Deployment(new AppChart(app, 'web'), 'Web', { containers: [{ image: 'nginx:1.27.2' }] });
    expect(podOf(app).securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('every prop is written, in the order given, and a baseline Namespace admits the safe sysctls', () => {
    const app = Testing.app();
    deploy(
      {
        fsGroup: 2000,
        fsGroupChangePolicy: FsGroupChangePolicy.ON_ROOT_MISMATCH,
        supplementalGroups: [3000, 0],
        sysctls: [
          { name: 'net.ipv4.ip_local_port_range', value: '1024 65535' },
          { name: 'kernel.shm_rmid_forced', value: '1' },
        ],
      },
      new AppChart(new Environment(app, 'prod'), 'web'),
    );
    expect(podOf(app).securityContext).toEqual({
      fsGroup: 2000,
      fsGroupChangePolicy: 'OnRootMismatch',
      supplementalGroups: [3000, 0],
      sysctls: [
        { name: 'net.ipv4.ip_local_port_range', value: '1024 65535' },
        { name: 'kernel.shm_rmid_forced', value: '1' },
      ],
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('empty lists write nothing', () => {
    expect(renderPodSecurityContext({ supplementalGroups: [], sysctls: [] }, false)).toBeUndefined();
  });

  test('an unsafe sysctl is refused by the default baseline Namespace, and accepted by a privileged one', () => {
    const refused = Testing.app();
    deploy({ sysctls: [{ name: 'kernel.msgmax', value: '65536' }] }, new AppChart(new Environment(refused, 'prod'), 'web'));
    expect(() => synthesize(refused)).toThrow(/ERROR pod-security\/sysctls[\s\S]*sysctl "kernel\.msgmax" is not one of the safe sysctls/);

    const privileged = Testing.app();
    deploy({ sysctls: [{ name: 'kernel.msgmax', value: '65536' }] }, new AppChart(new Environment(privileged, 'prod'), 'web', { namespaceProps: { podSecurity: PodSecurityLevel.PRIVILEGED } }));
    expect(podOf(privileged).securityContext.sysctls).toEqual([{ name: 'kernel.msgmax', value: '65536' }]);
  });

  test('the slash spelling of a safe sysctl is refused by a baseline Namespace, as Pod Security compares names exactly', () => {
    const app = Testing.app();
    deploy({ sysctls: [{ name: 'kernel/shm_rmid_forced', value: '1' }] }, new AppChart(new Environment(app, 'prod'), 'web'));
    expect(() => synthesize(app)).toThrow(/ERROR pod-security\/sysctls[\s\S]*sysctl "kernel\/shm_rmid_forced" is not one of the safe sysctls/);
  });

  test('fails on a supplemental group outside 0..2147483647', () => {
    expectValidationError(() => deploy({ supplementalGroups: [1000, -1] }), {
      path: 'web/Web',
      field: 'securityContext.supplementalGroups[1]',
      value: '-1',
      problem: /must be a whole number from 0 to 2147483647/,
      fix: /Use the numeric id/,
    });
    expect(() => deploy({ supplementalGroups: [2147483648] })).toThrow(/securityContext\.supplementalGroups\[0\]: must be a whole number from 0 to 2147483647, got 2147483648/);
  });

  test('fails on a user or group id outside 0..2147483647', () => {
    expect(() => deploy({ runAsUser: -5 })).toThrow(/securityContext\.runAsUser: must be a whole number from 0 to 2147483647, got -5/);
    expect(() => deploy({ fsGroup: 1.5 })).toThrow(/securityContext\.fsGroup: must be a whole number from 0 to 2147483647, got 1\.5/);
  });

  test('fails on fsGroupChangePolicy without fsGroup, where it does nothing', () => {
    expectValidationError(() => deploy({ fsGroupChangePolicy: FsGroupChangePolicy.ALWAYS }), {
      path: 'web/Web',
      field: 'securityContext.fsGroupChangePolicy',
      value: '"Always"',
      problem: /has no effect without fsGroup/,
      fix: /Set fsGroup, or remove fsGroupChangePolicy/,
    });
  });

  test('fails on an fsGroupChangePolicy that is not one of the enum', () => {
    expect(() => deploy({ fsGroup: 1, fsGroupChangePolicy: 'Sometimes' as FsGroupChangePolicy })).toThrow(/securityContext\.fsGroupChangePolicy: is not a policy the kubelet knows, got "Sometimes"/);
  });

  test('fails on a sysctl name the API server refuses', () => {
    for (const name of ['', 'Net.ipv4.ip_forward', 'net..ipv4', 'net.ipv4.', '-net.ipv4', `net.${'a'.repeat(250)}`]) {
      expect(() => deploy({ sysctls: [{ name, value: '1' }] })).toThrow(/securityContext\.sysctls\[0\]\.name: is not a sysctl name/);
    }
  });

  test('fails on a sysctl set twice, in either spelling, as the kubelet reads slashes', () => {
    expectValidationError(() => deploy({ sysctls: [{ name: 'net.ipv4.conf.eno2/100.rp_filter', value: '1' }, { name: 'net/ipv4/conf/eno2.100/rp_filter', value: '2' }] }), {
      path: 'web/Web',
      field: 'securityContext.sysctls[1].name',
      value: '"net/ipv4/conf/eno2.100/rp_filter"',
      problem: /is already set by an earlier sysctl/,
      fix: /Set each parameter once/,
    });
    expect(() => deploy({ sysctls: [{ name: 'kernel.sem', value: '1' }, { name: 'kernel.sem', value: '2' }] })).toThrow(/sysctls\[1\]\.name: is already set/);
  });
});
