/** The README's library example runs as written: extracted, saved inside the package, run with tsx. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const test = suite('README');
const root = resolve(import.meta.dirname, '..', '..');

function libraryExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Library'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('no ```ts block under "## Library" in README.md');
  return match[1];
}

test('the library example prints what the README says, and the same on a second run', () => {
  const scratch = join(root, '.tmp');
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `readme-example-${process.pid}.ts`);
  const cwd = mkdtempSync(join(tmpdir(), 'readme-'));
  try {
    writeFileSync(file, libraryExample());
    const run = () => execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), file], { cwd, encoding: 'utf8' });
    assert.is(run(), 'accepted Open\nOpen\n');
    assert.is(run(), 'accepted Open\nOpen\n');
  } finally {
    rmSync(file, { force: true });
    rmSync(cwd, { recursive: true, force: true });
  }
});

test.run();
