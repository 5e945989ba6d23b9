import { writeFileSync } from 'node:fs';
import { ExactEngine, validateManifests } from '../../src/validate';
import { generateMutants } from './mutation-corpus';

test('explore', () => {
  const version = (process.env.V ?? '1.36') as '1.36';
  const mutants = generateMutants();
  const report = validateManifests(mutants.map((m) => ({ object: m.object as any })), { kubernetesVersions: [version], references: false, policies: false });
  const engine = ExactEngine.open(version);
  const verdicts = engine.validateSync(mutants.map((m) => m.object));
  const lines: string[] = [];
  let agree = 0;
  mutants.forEach((m, i) => {
    const fast = report.resources[i]!;
    const fastRefused = fast.status !== 'valid' && fast.status !== 'skipped';
    const v = verdicts[i]!;
    if (v.status === 'not-checked') return;
    const exactRefused = v.status !== 'valid';
    if (fastRefused === exactRefused) { agree++; return; }
    lines.push(`${fastRefused ? 'FAST-ONLY ' : 'EXACT-ONLY'} ${m.id} :: ${fastRefused ? fast.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.fieldPath} ${p.message}`).join(' / ') : JSON.stringify(v.errors ?? v.message)}`);
  });
  lines.sort();
  writeFileSync(`/tmp/ee-explore-${version}.txt`, `${mutants.length} mutants, ${agree} agree, ${lines.length} differ\n${lines.join('\n')}\n`);
  engine.close();
});
