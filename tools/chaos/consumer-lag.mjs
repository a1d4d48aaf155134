/**
 * Consumer lag of every committed consumer group on the broker: for each group and topic it has offsets on,
 * the partitions' end minus the committed offset (a partition never committed counts from its start).
 * Broadcast groups (`tracking-live.*`, one per replica, reading from the end without committing) are skipped.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from '../bench/lib/bench-run.mjs';

const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require(path.join(ROOT, 'node_modules/kafkajs'));

export async function consumerLag(brokers) {
  const admin = new Kafka({ clientId: 'chaos-lag', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 1 } }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const result = { total: 0, groups: {} };
    const ends = new Map();
    for (const { groupId } of groups.filter((g) => !g.groupId.startsWith('tracking-live') && !g.groupId.startsWith('chaos'))) {
      let lag = 0;
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
        if (!ends.has(topic)) ends.set(topic, await admin.fetchTopicOffsets(topic));
        for (const p of partitions) {
          const end = ends.get(topic).find((e) => e.partition === p.partition);
          if (!end) continue;
          const committed = Number(p.offset) >= 0 ? Number(p.offset) : Number(end.low);
          lag += Math.max(0, Number(end.high) - committed);
        }
      }
      result.groups[groupId] = lag;
      result.total += lag;
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}
