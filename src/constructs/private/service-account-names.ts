/**
 * The name rules of a ServiceAccount that exists in the cluster, kept once for `Identity.serviceAccount()` and
 * `ServiceAccount.fromServiceAccountName()`: its name is a DNS-1123 subdomain, its namespace a DNS-1123 label.
 * Each caller words the fault for its own reader (a binding reports an Identity's, the factory throws).
 */
import { NameRule, nameProblem } from './names';

/** The rule of a ServiceAccount's name, for the accounts the app writes too. */
export const SERVICE_ACCOUNT_NAME_RULE = NameRule.DNS_SUBDOMAIN;

/** One part of a reference to an existing ServiceAccount that breaks its rule. */
export interface ServiceAccountNameFault {
  /** `name` or `namespace`, as the factories call them. */
  readonly field: 'name' | 'namespace';
  /** The text given for it. */
  readonly value: string;
  /** The rule it breaks. */
  readonly rule: NameRule;
}

/** Every part of a reference to an existing ServiceAccount that breaks its rule, the name first; empty when none does. */
export function serviceAccountNameFaults(name: string, namespace: string | undefined): ServiceAccountNameFault[] {
  const faults: ServiceAccountNameFault[] = [];
  const parts = [['name', name, SERVICE_ACCOUNT_NAME_RULE], ['namespace', namespace, NameRule.DNS_LABEL]] as const;
  for (const [field, value, rule] of parts) {
    if (value === undefined) continue;
    if (nameProblem(value, rule) !== undefined) faults.push({ field, value, rule });
  }
  return faults;
}
