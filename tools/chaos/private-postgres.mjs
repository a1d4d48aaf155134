/**
 * A PostgreSQL cluster of the chaos run's own: `initdb` + `pg_ctl` of the machine's PostgreSQL binaries in a
 * temporary directory, on its own port and socket directory, so that stopping it disturbs nothing else on the
 * machine. Started by root, every command runs as the `postgres` user (initdb refuses root).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/<major>/bin), or PG_BIN. */
export function postgresBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const m of majors) if (existsSync(path.join(base, m, 'bin', 'initdb'))) return path.join(base, m, 'bin');
  throw new Error('no PostgreSQL server binaries found (set PG_BIN to the directory with initdb and pg_ctl)');
}

export class PrivatePostgres {
  constructor({ port }) {
    this.port = port;
    this.bin = postgresBin();
    this.dir = mkdtempSync(path.join(tmpdir(), 'parcelstream-chaos-pg-'));
    this.dataDir = path.join(this.dir, 'data');
    this.logFile = path.join(this.dir, 'postgres.log');
    this.asRoot = process.getuid?.() === 0;
    if (this.asRoot) {
      const pgUser = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const pgGroup = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      if (pgUser.status !== 0) throw new Error('running as root, and there is no `postgres` user to run the cluster as');
      chownSync(this.dir, Number(pgUser.stdout), Number(pgGroup.stdout));
    }
    this.adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  #run(tool, args) {
    const cmd = path.join(this.bin, tool);
    const r = this.asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  }

  init() {
    this.#run('initdb', ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-instructions']);
  }

  start() {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on`;
    this.#run('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-o', options, '-w', '-t', '60', 'start']);
  }

  /** `immediate`: as a crash (recovery on the next start); `fast`: a clean shutdown. */
  stop(mode = 'fast') {
    this.#run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  running() {
    const cmd = path.join(this.bin, 'pg_ctl');
    const args = ['-D', this.dataDir, 'status'];
    const r = this.asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args]) : spawnSync(cmd, args);
    return r.status === 0;
  }

  /** Stops the cluster if it runs and removes its directory. */
  destroy() {
    try {
      if (this.running()) this.stop('immediate');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
