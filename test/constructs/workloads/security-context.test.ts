import { Capability, renderContainerSecurityContext, renderPodSecurityContext } from '../../../src';

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
