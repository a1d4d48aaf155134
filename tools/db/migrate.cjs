#!/usr/bin/env node
'use strict';
/**
 * npm run db:migrate — sets up roles/schemas, then applies every service's migrations with the service's own
 * role (from the built apps: dist/apps/<service>/migrate.js; run `npm run build` first).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { setupDatabase } = require('./database-setup.cjs');
const { SERVICES } = require('./services.cjs');

const ROOT = path.resolve(__dirname, '..', '..');

async function main() {
  const urls = await setupDatabase({ log: (line) => process.stdout.write(`[db] ${line}\n`) });
  for (const { service } of SERVICES) {
    if (!fs.existsSync(path.join(ROOT, 'apps', service))) continue; // not built yet in this repository
    const script = path.join(ROOT, 'dist', 'apps', service, 'migrate.js');
    if (!fs.existsSync(script)) throw new Error(`${path.relative(ROOT, script)} is missing: run \`npm run build\` first`);
    const r = spawnSync(process.execPath, [script], { stdio: 'inherit', env: { ...process.env, DATABASE_URL: urls[service] } });
    if (r.status !== 0) throw new Error(`${service} migrations failed (rc ${r.status})`);
  }
}

main().catch((e) => {
  process.stderr.write(`db migrate failed: ${e.message}\n`);
  process.exit(1);
});
