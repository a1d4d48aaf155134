#!/usr/bin/env node
'use strict';
/** npm run db:setup — the platform database, a role and a schema per service (idempotent). */
const { setupDatabase } = require('./database-setup.cjs');

setupDatabase({ log: (line) => process.stdout.write(`[db] ${line}\n`) }).catch((e) => {
  process.stderr.write(`db setup failed: ${e.message}\n`);
  process.exit(1);
});
