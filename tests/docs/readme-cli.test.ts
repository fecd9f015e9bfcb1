/**
 * The README's "For auditors" and "For analysts" sections work as written: every
 * `npx billing-engine …` line runs (in a fresh directory, in this process) and succeeds, the
 * sample report is what the command prints, the schema shown is the one migrated, and every
 * example query runs on the demo data.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CREATE_PROJECTION_TABLES } from '../../infrastructure/projections/sqlite/schema-sql.js';
import { cliInProcess, type CliRun } from '../cli/run-cli.js';

const test = suite('README: for auditors and analysts');
const readme = readFileSync(resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n${title}\n`);
  if (start < 0) throw new Error(`README has no section '${title}'`);
  const end = readme.indexOf('\n## ', start + title.length + 2);
  return readme.slice(start, end < 0 ? undefined : end);
}

const blocks = (text: string, language: string): string[] => [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
const commands = (text: string): string[][] =>
  blocks(text, 'sh').flatMap((block) => block.split('\n').filter((line) => line.startsWith('npx billing-engine ')).map((line) => line.slice('npx billing-engine '.length).split(/\s+/)));
const squash = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

/** Runs the section's commands in order in a fresh directory (relative store paths land there). */
async function runSection(title: string): Promise<{ dir: string; runs: Map<string, CliRun> }> {
  const dir = mkdtempSync(join(tmpdir(), 'readme-'));
  const home = process.cwd();
  const runs = new Map<string, CliRun>();
  process.chdir(dir);
  try {
    for (const argv of commands(section(title))) {
      const run = await cliInProcess(argv);
      assert.is(run.code, 0, `npx billing-engine ${argv.join(' ')}\n${run.stderr}`);
      runs.set(argv.join(' '), run);
    }
  } finally {
    process.chdir(home);
  }
  return { dir, runs };
}

test('every command for auditors succeeds on the demo data as written', async () => {
  const { dir, runs } = await runSection('## For auditors');
  try {
    assert.ok(runs.size >= 4);
    const state = [...runs.entries()].find(([argv]) => argv.includes('--as-of 2026-10-02T00:00:00+09:00'))?.[1];
    assert.match(state?.stdout ?? '', /state +Suspended \(InvalidPaymentMethod\)/);
    assert.match([...runs.values()].at(-1)?.stdout ?? '', /\nOK\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every command for analysts succeeds, the sample report is what it prints, and every example query runs', async () => {
  const analysts = section('## For analysts');
  const { dir, runs } = await runSection('## For analysts');
  try {
    assert.ok(runs.size >= 6);
    const [sample] = blocks(analysts, 'text');
    assert.is(runs.get('report spending --month 2026-11 --store sqlite:./data/demo.db')?.stdout, sample);
    const database = new Database(join(dir, 'data', 'demo.db'), { readonly: true });
    try {
      const queries = blocks(analysts.slice(analysts.indexOf('### Queries')), 'sql');
      assert.ok(queries.length >= 3);
      for (const query of queries) assert.ok(database.prepare(query).all().length > 0, query);
    } finally {
      database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the schema shown for analysts is the one the migration creates', () => {
  const analysts = section('## For analysts');
  const shown = blocks(analysts.slice(analysts.indexOf('### Schema'), analysts.indexOf('### Queries')), 'sql');
  assert.ok(shown.length >= 4);
  for (const statement of shown) assert.ok(squash(CREATE_PROJECTION_TABLES).includes(squash(statement)), statement);
});

test.run();
