#!/usr/bin/env node
'use strict';
/**
 * kafka.cjs <install|start|stop|kill|status|reset> [--name dev] [--port 9092] [--controller-port 9093] [--heap 512m]
 *
 * Presets: dev (9092/9093), test (19092/19093), chaos (29092/29093). Environment: KAFKA_INSTANCE, KAFKA_PORT,
 * KAFKA_CONTROLLER_PORT, KAFKA_HEAP, KAFKA_NUM_PARTITIONS.
 */
const kafka = require('./local-kafka.cjs');

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--name') opts.name = next();
    else if (a === '--port') opts.port = next();
    else if (a === '--controller-port') opts.controllerPort = next();
    else if (a === '--heap') opts.heap = next();
    else if (a === '--dir') opts.dir = next();
    else if (a === '--partitions') opts.partitions = next();
    else if (a === '--force') opts.force = true;
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

async function main() {
  const [cmd = 'status', ...rest] = process.argv.slice(2);
  const opts = parseArgs(rest);
  switch (cmd) {
    case 'install':
      kafka.install(opts);
      break;
    case 'start': {
      const r = await kafka.start(opts);
      process.stdout.write(`KAFKA_BROKERS=${r.brokers}\n`);
      break;
    }
    case 'stop':
      await kafka.stop(opts);
      break;
    case 'kill':
      await kafka.stop({ ...opts, kill: true });
      break;
    case 'status': {
      const s = kafka.status(opts);
      process.stdout.write(`${s.name}: ${s.running ? `running (pid ${s.pid}) on ${s.brokers}` : 'stopped'}\n`);
      process.exitCode = s.running ? 0 : 3;
      break;
    }
    case 'reset':
      kafka.reset(opts);
      break;
    default:
      throw new Error(`unknown command ${cmd} (install|start|stop|kill|status|reset)`);
  }
}

main().catch((e) => {
  process.stderr.write(`kafka: ${e.message}\n`);
  process.exit(1);
});
