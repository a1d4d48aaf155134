import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { workspaceRoot } from '@parcelstream/testing';

/** Runs a TypeScript fixture in its own Node process (so a test can SIGKILL it). */
export function runFixture(file: string, env: Record<string, string>): ChildProcess & { output: string[] } {
  const root = workspaceRoot();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, '..', 'fixtures', file)], {
    cwd: root,
    env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'libs/messaging/tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (d: Buffer) => child.output.push(...d.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (d: Buffer) => child.output.push(...d.toString().split('\n').filter(Boolean)));
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGKILL' && code !== 0) console.error(`${file} exited (${code ?? signal}):\n${child.output.slice(-30).join('\n')}`);
  });
  return child;
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
