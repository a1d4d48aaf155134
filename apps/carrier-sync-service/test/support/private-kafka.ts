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
 * A broker of its own (the project's local Kafka tooling, a fresh data directory every time), for suites whose
 * built services must see only the suite's own traffic: on a shared broker a new consumer group reads the
 * catalog topics from the beginning, so carrier-sync would register every shipment other suites ever created
 * there with this suite's carrier simulator, and the simulator would never be idle.
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
