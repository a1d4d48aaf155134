import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { dockerAvailable } from './docker-available';

interface LocalKafkaTool {
  start(opts: { name: string }): Promise<{ brokers: string; alreadyRunning: boolean }>;
  stop(opts: { name: string }): Promise<unknown>;
}

export function workspaceRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('workspace root (nx.json) not found');
    dir = up;
  }
  return dir;
}

/** The project's own Docker-free broker tooling (tools/kafka). */
export function localKafkaTool(): LocalKafkaTool {
  return require(path.join(workspaceRoot(), 'tools/kafka/local-kafka.cjs')) as LocalKafkaTool;
}

export interface ProvidedKafka {
  brokers: string;
  /** how it was obtained: given by KAFKA_BROKERS, a testcontainer, or the local jar-based broker */
  origin: 'env' | 'testcontainers' | 'local';
  /** stops what this call started (nothing for an env or already-running broker) */
  release(): Promise<void>;
}

/**
 * A real Kafka broker for integration tests: `KAFKA_BROKERS` when set; else a testcontainer when a Docker
 * engine answers; else the local broker instance `test` (127.0.0.1:19092), started if it is not running.
 */
export async function provideKafka(): Promise<ProvidedKafka> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS, origin: 'env', release: () => Promise.resolve() };
  if (process.env.TESTCONTAINERS !== '0' && (await dockerAvailable())) {
    const { startKafkaContainer } = await import('./testcontainers');
    const c = await startKafkaContainer();
    return { brokers: c.brokers, origin: 'testcontainers', release: c.stop };
  }
  const tool = localKafkaTool();
  // several jest runs (nx runs projects in parallel) share the instance: the last one out stops it
  const usersDir = path.join(workspaceRoot(), '.kafka', 'instances', 'test', 'users');
  mkdirSync(usersDir, { recursive: true });
  const me = path.join(usersDir, String(process.pid));
  writeFileSync(me, '');
  const started = await tool.start({ name: 'test' });
  return {
    brokers: started.brokers,
    origin: 'local',
    release: async () => {
      rmSync(me, { force: true });
      const others = readdirSync(usersDir).filter((pid) => pidAlive(Number(pid)));
      if (others.length === 0) await tool.stop({ name: 'test' });
    },
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
