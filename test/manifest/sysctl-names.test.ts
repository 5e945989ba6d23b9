import { dottedSysctlName, isSysctlName, SYSCTL_NAME_MAX_LENGTH } from '../../src/manifest/sysctl-names';

describe('isSysctlName', () => {
  test('accepts names in dotted and slashed spelling', () => {
    expect(isSysctlName('net.ipv4.ip_local_port_range')).toBe(true);
    expect(isSysctlName('net/ipv4/conf/eth0.100/rp_filter')).toBe(true);
    expect(isSysctlName('kernel.shm_rmid_forced')).toBe(true);
  });

  test('refuses upper-case letters, empty segments and separators at either end', () => {
    expect(isSysctlName('Net.ipv4.ip_forward')).toBe(false);
    expect(isSysctlName('net..ipv4')).toBe(false);
    expect(isSysctlName('.net.ipv4')).toBe(false);
    expect(isSysctlName('net.ipv4.')).toBe(false);
    expect(isSysctlName('net.ipv4.-x')).toBe(false);
    expect(isSysctlName('')).toBe(false);
  });

  test('accepts a name of exactly the longest length and refuses one character more', () => {
    const longest = `a.${'b'.repeat(SYSCTL_NAME_MAX_LENGTH - 2)}`;
    expect(SYSCTL_NAME_MAX_LENGTH).toBe(253);
    expect(isSysctlName(longest)).toBe(true);
    expect(isSysctlName(`${longest}b`)).toBe(false);
  });
});

describe('dottedSysctlName', () => {
  test('leaves a name whose first separator is a dot, or that has none, as it is', () => {
    expect(dottedSysctlName('net.ipv4.conf.eth0/100.rp_filter')).toBe('net.ipv4.conf.eth0/100.rp_filter');
    expect(dottedSysctlName('kernel')).toBe('kernel');
  });

  test('swaps slashes and dots in a name whose first separator is a slash', () => {
    expect(dottedSysctlName('net/ipv4/ip_forward')).toBe('net.ipv4.ip_forward');
    expect(dottedSysctlName('net/ipv4/conf/eth0.100/rp_filter')).toBe('net.ipv4.conf.eth0/100.rp_filter');
  });
});
