/**
 * Turns the exact engine's verdicts into findings: one per field error, strict-decoding error or refusal,
 * with a rule id (`exact/<kind of error>`), the field path, the bad value (redacted by the collector when it
 * may be secret) and a fix where one is known. Warnings of the server (WarningsOnCreate) become warnings.
 */
import type { Finding } from '../private/collector';
import type { ObjectEntry } from '../private/object-entry';
import { ExactEngine, exactEngineFor, type ExactEngineVersion, type ExactFinding, type ExactVerdict } from './exact-engine';

type Report = (entry: ObjectEntry, finding: Finding) => void;
/** Whether the fast checks already reported an error at this field of the object (for this version). */
type AlreadyReported = (entry: ObjectEntry, fieldPath: string, version: string) => boolean;

/** The rule id of each of the server's error types. */
const RULE_OF_TYPE: Readonly<Record<string, string>> = {
  FieldValueRequired: 'exact/required',
  FieldValueInvalid: 'exact/invalid',
  FieldValueNotSupported: 'exact/not-supported',
  FieldValueDuplicate: 'exact/duplicate',
  FieldValueForbidden: 'exact/forbidden',
  FieldValueTooLong: 'exact/too-long',
  FieldValueTooMany: 'exact/too-many',
  FieldValueNotFound: 'exact/not-found',
  FieldValueTypeInvalid: 'exact/wrong-type',
  FieldValueUnknown: 'exact/unknown-field',
  FieldValueDuplicateKey: 'exact/duplicate-key',
  InternalError: 'exact/internal',
};

/** Starts loading the engines of these versions in the background, so that loading overlaps with other work. */
export function preloadExactEngines(versions: readonly ExactEngineVersion[]): void {
  for (const version of versions) exactEngineFor(version);
}

/**
 * Validates the objects with each version's exact engine and reports what the server would refuse, except
 * errors at a field where the fast checks already reported one: --exact adds what they missed.
 */
export function checkExact(entries: readonly ObjectEntry[], versions: readonly ExactEngineVersion[], report: Report, alreadyReported: AlreadyReported = () => false): void {
  const engines = versions.map((version) => exactEngineFor(version));
  const verdictsOfEach = ExactEngine.validateWithEach(engines, entries.map((entry) => entry.object));
  engines.forEach((engine, engineIndex) => {
    const verdicts = verdictsOfEach[engineIndex] ?? [];
    entries.forEach((entry, index) => {
      const verdict = verdicts[index];
      if (verdict === undefined) return;
      reportVerdict(entry, verdict, engine.version, (target, finding) => {
        if (finding.severity === 'error' && finding.fieldPath !== undefined && alreadyReported(target, finding.fieldPath, engine.version)) return;
        report(target, finding);
      });
    });
  });
}

function reportVerdict(entry: ObjectEntry, verdict: ExactVerdict, version: string, report: Report): void {
  for (const text of verdict.warnings ?? []) {
    report(entry, {
      ruleId: 'exact/warning',
      severity: 'warning',
      kubernetesVersion: version,
      message: `the API server warns: ${text}`,
      fix: 'Follow the warning; the server accepts the object as it is.',
    });
  }
  if (verdict.status === 'valid' || verdict.status === 'not-checked') return;
  const errors = verdict.errors ?? [];
  if (errors.length === 0) {
    report(entry, {
      ruleId: verdict.status === 'not-served' ? 'exact/api-not-served' : 'exact/bad-request',
      severity: 'error',
      kubernetesVersion: version,
      message: `the API server refuses the object: ${verdict.message ?? verdict.status}`,
      fix: 'Correct the object as the message says.',
    });
    return;
  }
  for (const error of errors) report(entry, toFinding(error, verdict, version));
}

function toFinding(error: ExactFinding, verdict: ExactVerdict, version: string): Finding {
  const ruleId = verdict.status === 'not-served' ? 'exact/api-not-served' : (RULE_OF_TYPE[error.type] ?? 'exact/invalid');
  const field = error.field === undefined || error.field === '<nil>' || error.field === '' ? undefined : error.field;
  const detail = (error.detail ?? '').trim();
  return {
    ruleId,
    severity: 'error',
    kubernetesVersion: version,
    message: messageOf(error.type, detail),
    fix: fixOf(ruleId, field, detail),
    ...(field === undefined ? {} : { fieldPath: field }),
    ...(error.badValue === undefined || error.badValue === null ? {} : { value: error.badValue }),
  };
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  FieldValueRequired: 'required value',
  FieldValueInvalid: 'invalid value',
  FieldValueNotSupported: 'unsupported value',
  FieldValueDuplicate: 'duplicate value',
  FieldValueForbidden: 'forbidden',
  FieldValueTooLong: 'too long',
  FieldValueTooMany: 'too many items',
  FieldValueNotFound: 'not found',
};

function messageOf(type: string, detail: string): string {
  const words = TYPE_WORDS[type];
  if (words === undefined) return `the API server refuses it: ${detail}`;
  return detail === '' ? `the API server refuses it: ${words}` : `the API server refuses it: ${words}: ${detail}`;
}

function fixOf(ruleId: string, field: string | undefined, detail: string): string {
  const where = field ?? 'the field';
  switch (ruleId) {
    case 'exact/required':
      return `Set ${where}.`;
    case 'exact/not-supported':
      return `Use one of the values the server supports for ${where}${/supported values/.test(detail) ? ' (listed in the message)' : ''}.`;
    case 'exact/duplicate':
      return `Make ${where} unique: remove or rename the repeated entry.`;
    case 'exact/forbidden':
      return `Remove ${where}, or change the setting that rules it out.`;
    case 'exact/too-long':
    case 'exact/too-many':
      return `Shorten ${where}.`;
    case 'exact/unknown-field':
      return `Remove ${where} or correct its spelling and indentation (\`kubectl explain\` lists the fields).`;
    case 'exact/duplicate-key':
      return `Keep one ${where} key: the later one would silently win elsewhere.`;
    case 'exact/wrong-type':
      return `Give ${where} a value of the type the API defines (quote numbers meant as strings, do not quote numbers).`;
    case 'exact/api-not-served':
      return 'Use an apiVersion that this Kubernetes version serves (`kubectl api-resources` lists them).';
    default:
      return detail === '' ? `Correct ${where}.` : `Correct ${where}: ${detail.replace(/\.$/, '')}.`;
  }
}
