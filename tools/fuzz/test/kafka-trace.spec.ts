import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

const { KafkaTrace } = require('../kafka-trace.cjs') as typeof import('../kafka-trace.cjs');

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** The Kafka half of "no state change": events are traced back to the request whose trace they carry (real broker). */
describe('KafkaTrace: events traced to the fuzz request that caused them (real Kafka)', () => {
  const topic = `test.fuzz-trace.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const kafka = new Kafka({ clientId: 'fuzz-trace-test', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const run = randomBytes(4).toString('hex');
  let trace: InstanceType<typeof KafkaTrace>;

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await producer.connect();
    // history from before the run: not this run's, and read past
    await producer.send({ topic, messages: [{ key: 'k', value: '{}', headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } }] });
    trace = new KafkaTrace({ brokers, runHex: run, topics: [topic] });
    await trace.start();
  }, 60_000);

  afterAll(async () => {
    await trace?.stop();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("finds the events of each request by the trace it sent, and ignores other runs' traces", async () => {
    const header = (n: number) => trace.traceparent(n);
    expect(header(7)).toMatch(new RegExp(`^00-${run}0{23}7-[0-9a-f]{16}-01$`));
    await producer.send({
      topic,
      messages: [
        { key: 'a', value: '{}', headers: { traceparent: header(7), ce_type: 'parcelstream.order.created.v1' } },
        { key: 'b', value: '{}', headers: { traceparent: header(7), ce_type: 'parcelstream.shipment.created.v1' } },
        { key: 'c', value: '{}', headers: { traceparent: header(12), ce_type: 'parcelstream.order.cancelled.v1' } },
        { key: 'd', value: '{}', headers: { traceparent: `00-${'f'.repeat(32)}-${'1'.repeat(16)}-01`, ce_type: 'foreign' } },
        { key: 'e', value: '{}' },
      ],
    });
    await trace.catchUp();
    expect(trace.eventsOf(7).map((e) => e.type).sort()).toEqual(['parcelstream.order.created.v1', 'parcelstream.shipment.created.v1']);
    expect(trace.eventsOf(12)).toEqual([{ topic, type: 'parcelstream.order.cancelled.v1' }]);
    expect(trace.eventsOf(3)).toEqual([]);
    expect([...trace.byRequest.keys()].sort((x, y) => x - y)).toEqual([7, 12]);
  });
});
