import { workspaceRoot } from '@parcelstream/testing';
import * as path from 'node:path';

interface InstanceOptions {
  name: string;
  port: number;
  controllerPort: number;
}

interface LocalKafka {
  start(opts: InstanceOptions): Promise<{ brokers: string }>;
  stop(opts: InstanceOptions): Promise<unknown>;
  reset(opts: InstanceOptions): unknown;
}

export interface PrivateKafka {
  brokers: string;
  stop(): Promise<void>;
}

/**
 * A broker of its own (the project's local Kafka tooling, a fresh data directory every time). For suites that
 * run built services with their production consumer groups: on a shared broker another member of the same
 * group (a built-app test, a dev stack) would take partitions and with them this suite's events.
 */
export async function startPrivateKafka(name: string, port: number): Promise<PrivateKafka> {
  const kafka = require(path.join(workspaceRoot(), 'tools/kafka/local-kafka.cjs')) as LocalKafka;
  const instance = { name, port, controllerPort: port + 1 };
  await kafka.stop(instance).catch(() => undefined); // a run killed before its teardown left it running
  kafka.reset(instance);
  const { brokers } = await kafka.start(instance);
  return {
    brokers,
    stop: async () => {
      await kafka.stop(instance);
      kafka.reset(instance);
    },
  };
}
