import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';

const kafka = require('../local-kafka.cjs') as {
  start(o: object): Promise<{ brokers: string; pid: number; alreadyRunning: boolean }>;
  stop(o: object): Promise<{ stopped: boolean }>;
  status(o: object): { running: boolean };
  describeCluster(brokers: string): Promise<{ brokers: { port: number }[]; clusterId: string }>;
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The Docker-free broker tooling: two instances side by side on their own ports and data directories. */
describe('local Kafka tooling (real brokers from the Maven jars)', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'local-kafka-'));
  const a = { name: 'spec-a', port: 39192, controllerPort: 39193, dir: path.join(base, 'a'), heap: '384m' };
  const b = { name: 'spec-b', port: 39292, controllerPort: 39293, dir: path.join(base, 'b'), heap: '384m' };

  afterAll(async () => {
    await kafka.stop(a);
    await kafka.stop(b);
    rmSync(base, { recursive: true, force: true });
  });

  it('starts two brokers side by side, each answering on its own port, and stops them', async () => {
    const [ra, rb] = await Promise.all([kafka.start(a), kafka.start(b)]);
    expect(ra.brokers).toBe('127.0.0.1:39192');
    expect(rb.brokers).toBe('127.0.0.1:39292');
    const [ca, cb] = await Promise.all([kafka.describeCluster(ra.brokers), kafka.describeCluster(rb.brokers)]);
    expect(ca.brokers.map((x) => x.port)).toEqual([39192]);
    expect(cb.brokers.map((x) => x.port)).toEqual([39292]);
    expect(ca.clusterId).not.toBe(cb.clusterId);

    // starting a running instance again reuses it
    expect((await kafka.start(a)).alreadyRunning).toBe(true);

    expect((await kafka.stop(a)).stopped).toBe(true);
    expect(alive(ra.pid)).toBe(false);
    expect(kafka.status(b).running).toBe(true); // the other one is untouched
    await kafka.stop(b);
    expect(alive(rb.pid)).toBe(false);
  }, 120_000);

  it('restarts on the same data directory (same cluster id) and fails fast when its port is taken', async () => {
    const first = await kafka.start(a);
    const { clusterId } = await kafka.describeCluster(first.brokers);
    await kafka.stop(a);
    const again = await kafka.start(a);
    expect((await kafka.describeCluster(again.brokers)).clusterId).toBe(clusterId);
    await kafka.stop(a);

    const squatter = net.createServer().listen(b.port, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      await expect(kafka.start(b)).rejects.toThrow(/port 39292 is taken/);
    } finally {
      squatter.close();
    }
  }, 120_000);
});
