/** What a bench prints: the machine it ran on, tables of figures, targets met or not, and a process's memory. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';

/** Cores, CPU, memory, load, Node and PostgreSQL versions: figures mean little without them. */
export async function machineSummary(adminUrl) {
  let postgres = 'unknown';
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    postgres = (await client.query('SHOW server_version')).rows[0].server_version;
  } catch {
    /* reported as unknown */
  } finally {
    await client.end().catch(() => undefined);
  }
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism(),
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    node: process.version,
    postgres,
  };
}

export function printMachine(m) {
  process.stdout.write(`\nmachine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, load average ${m.load}; Node ${m.node}, PostgreSQL ${m.postgres}\n`);
}

export const fmt = {
  int: (n) => Math.round(n).toLocaleString('en-US'),
  ms: (n) => (n === undefined || n === null || Number.isNaN(n) ? '—' : `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`),
  deltaMs: (n) => `${n >= 0 ? '+' : '−'}${fmt.ms(Math.abs(n))}`,
  ratio: (n) => `${n.toFixed(1)}×`,
  pct: (n) => `${(n * 100).toFixed(1)} %`,
};

/** A plain text table: `rows` are arrays of cells, the first row the header. */
export function printTable(title, rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('   ');
  process.stdout.write(`\n${title}\n${line(rows[0])}\n${widths.map((w) => '-'.repeat(w)).join('   ')}\n`);
  for (const r of rows.slice(1)) process.stdout.write(`${line(r)}\n`);
}

/** Prints each target with MET / NOT MET; returns whether all were met. */
export function printTargets(targets) {
  process.stdout.write('\ntargets\n');
  for (const t of targets) process.stdout.write(`  ${t.met ? 'MET    ' : 'NOT MET'}  ${t.what}: ${t.actual}\n`);
  return targets.every((t) => t.met);
}

/**
 * Samples a process's resident memory from /proc/<pid>/status every `intervalMs`; `stop()` returns the peak
 * of the samples and the kernel's own high-water mark (VmHWM), in MiB.
 */
export function sampleRss(pid, intervalMs = 100) {
  let peakKiB = 0;
  let hwmKiB = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      hwmKiB = Math.max(hwmKiB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      peakKiB = Math.max(peakKiB, rss);
    } catch {
      /* the process has exited */
    }
  };
  read();
  const timer = setInterval(read, intervalMs);
  return {
    stop() {
      read();
      clearInterval(timer);
      return { peakMiB: peakKiB / 1024, hwmMiB: hwmKiB / 1024 };
    },
  };
}
