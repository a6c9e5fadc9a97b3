/**
 * The import direction of DESIGN.md (front ends → algebra; optimizer → algebra; executor →
 * algebra + storage; engine → all; storage → common), enforced by dependency-cruiser with
 * the rules in .dependency-cruiser.cjs.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('architecture', () => {
  it('imports go one way through the pipeline layers', () => {
    let output = '';
    let ok = true;
    try {
      output = execFileSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', '--config', '.dependency-cruiser.cjs', 'src', 'grammar', '--output-type', 'err'], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (e) {
      ok = false;
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).not.toMatch(/error /);
    expect(ok).toBe(true);
  });
});
