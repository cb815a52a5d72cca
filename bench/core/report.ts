/**
 * Result tables: one per engine, each Hale figure beside the baseline measured in the same
 * run, their ratio, and the target. Absolute figures on a shared 2-core machine move from
 * run to run; the ratios are what to compare across runs.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export interface Row {
  metric: string;
  hale: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

export interface Table {
  title: string;
  rows: Row[];
  notes: string[];
}

export const fmt = {
  rate: (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1)),
  // autocannon's latency histogram has 1 ms resolution: 0 means under a millisecond.
  ms: (n: number) => (n < 1 ? '<1' : Math.round(n).toString()),
  mb: (n: number) => Math.round(n).toString(),
  pct: (n: number) => `${Math.round(n * 100)}%`,
  times: (n: number) => `×${n.toFixed(1)}`,
  met: (ok: boolean) => (ok ? 'yes' : '**NO**'),
};

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const m = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

export function renderTable(t: Table): string {
  const header: Row = { metric: 'metric', hale: 'Hale', baseline: 'baseline', ratio: 'ratio', target: 'target', met: 'met?' };
  const cols = Object.keys(header) as (keyof Row)[];
  const widths = cols.map((c) => Math.max(...[header, ...t.rows].map((r) => r[c].length)));
  const line = (r: Row) => `| ${cols.map((c, i) => r[c].padEnd(widths[i]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const table = t.rows.length ? ['', line(header), rule, ...t.rows.map(line)] : [];
  return [`### ${t.title}`, ...table, ...(t.notes.length ? ['', ...t.notes.map((n) => `- ${n}`)] : [])].join('\n');
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.availableParallelism()} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

const HEADER = `# Hale benchmark results

Produced by \`npm run bench -- <name> --write-results\` (bench/run.ts); newest runs at the end.

Method: Hale runs as its own Node process, as \`npm start\` runs it (\`node dist/server.mjs\`, built from
src/main.ts; in runs before 2026-12-07 14:20 UTC, \`node --import tsx src/main.ts\`), load comes
from autocannon in the benchmark process, all on 127.0.0.1. Every Hale figure stands beside
a **baseline measured in the same run** on the same engine and driver: a bare Fastify app
over one table \`(id text primary key, content text)\` that reads by primary key and does raw
INSERTs (bench/core/baseline-server.ts); the import baseline is raw multi-row INSERTs of the
same resources. The machine is small (2 cores) and shared with other work, so absolute
figures are noisy and not comparable across runs; **compare the ratios**. Targets are stated
for PostgreSQL; on PGlite they are shown for reference only.
`;

export function appendResults(file: string, command: string, tables: Table[]): void {
  if (!existsSync(file)) writeFileSync(file, HEADER);
  const when = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const block = [
    ``,
    `## ${when}`,
    ``,
    `- command: \`${command}\``,
    `- machine: ${machine()}`,
    ``,
    ...tables.map((t) => renderTable(t) + '\n'),
  ].join('\n');
  appendFileSync(file, block);
}
