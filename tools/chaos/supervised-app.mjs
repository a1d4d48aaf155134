/**
 * One built app (`node dist/apps/<app>/main.js`) under the chaos run: started, SIGKILLed and started again on
 * the same port with the same environment; its resident memory sampled across all its lives (peak RSS); an
 * exit the run did not cause is remembered (the checker's "every process alive").
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class SupervisedApp {
  constructor({ root, app, port, env, readyPath = '/health/ready', portVariable = 'PORT' }) {
    Object.assign(this, { root, app, port, env, readyPath, portVariable });
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.peakRssKiB = 0;
    this.kills = 0;
    this.unexpectedExits = [];
    this.output = [];
    this.child = null;
    this.sampler = setInterval(() => this.#sample(), 250);
    this.sampler.unref();
  }

  #sample() {
    if (!this.child?.pid) return;
    try {
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))?.[1] ?? 0);
      this.peakRssKiB = Math.max(this.peakRssKiB, rss);
    } catch {
      /* exited between samples */
    }
  }

  /** Starts the process and resolves once `readyPath` answers 200. */
  async start(timeoutMs = 120_000) {
    const child = spawn(process.execPath, [path.join(this.root, 'dist/apps', this.app, 'main.js')], {
      cwd: this.root,
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...this.env, [this.portVariable]: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.expectedExit = false;
    const keep = (d) => {
      this.output.push(...d.toString().split('\n').filter(Boolean));
      if (this.output.length > 400) this.output.splice(0, this.output.length - 200);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (!child.expectedExit) this.unexpectedExits.push({ at: new Date().toISOString(), code, signal });
        resolve(code ?? signal);
      }),
    );
    await this.waitReady(timeoutMs);
  }

  async waitReady(timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) throw new Error(`${this.app} exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output.slice(-30).join('\n')}`);
      try {
        if ((await fetch(`${this.baseUrl}${this.readyPath}`, { signal: AbortSignal.timeout(2_000) })).status === 200) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`${this.app} not ready after ${timeoutMs} ms:\n${this.output.slice(-30).join('\n')}`);
      await sleep(200);
    }
  }

  /** SIGKILL, as a crash: no shutdown hooks run. */
  async kill() {
    const child = this.child;
    child.expectedExit = true;
    this.kills += 1;
    child.kill('SIGKILL');
    await child.exited;
  }

  alive() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop() {
    clearInterval(this.sampler);
    const child = this.child;
    if (!child || !this.alive()) return;
    child.expectedExit = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await child.exited;
    clearTimeout(timer);
  }

  get peakRssMiB() {
    return this.peakRssKiB / 1024;
  }
}
