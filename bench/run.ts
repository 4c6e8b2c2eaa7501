/**
 * `npm run bench` runs every benchmark; `npm run bench -- NAME [NAME...]` runs those.
 * Each writes bench/results/NAME.json ({name, cases: [{case, unit, value, baseline, ratio}]})
 * and prints its table; `npm run bench -- --table` prints the table of the saved results, and
 * `npm run bench -- --readme` writes it into README.md between the bench-table markers.
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Benchmark, BenchResult } from './harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(here, 'results');

async function benchmarkNames(): Promise<string[]> {
  const files = await readdir(here);
  return files
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .sort();
}

function table(results: readonly BenchResult[]): string {
  const rows = ['| benchmark | case | value | baseline | ratio |', '| --- | --- | --- | --- | --- |'];
  for (const r of results) {
    for (const c of r.cases) {
      rows.push(`| ${r.name} | ${c.case} | ${c.value} ${c.unit} | ${c.baseline} ${c.unit} | ${c.ratio} |`);
    }
  }
  return rows.join('\n');
}

async function savedResults(): Promise<BenchResult[]> {
  const files = (await readdir(resultsDir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(resultsDir, f), 'utf8')) as BenchResult));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--table')) {
    console.log(table(await savedResults()));
    return;
  }
  if (args.includes('--readme')) {
    const readmePath = path.join(here, '..', 'README.md');
    const readme = await readFile(readmePath, 'utf8');
    const updated = readme.replace(
      /<!-- bench-table -->[\s\S]*<!-- \/bench-table -->/,
      `<!-- bench-table -->\n${table(await savedResults())}\n<!-- /bench-table -->`,
    );
    await writeFile(readmePath, updated);
    return;
  }
  const known = await benchmarkNames();
  const unknown = args.filter((a) => !known.includes(a));
  if (unknown.length) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; known: ${known.join(', ') || 'none'}`);
    process.exit(2);
  }
  await mkdir(resultsDir, { recursive: true });
  for (const name of args.length ? args : known) {
    const mod = (await import(path.join(here, `${name}.bench.ts`))) as { default: Benchmark };
    console.error(`running ${name}...`);
    const result: BenchResult = { name, cases: await mod.default() };
    await writeFile(path.join(resultsDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    console.log(table([result]));
  }
}

await main();
