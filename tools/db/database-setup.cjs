'use strict';
/**
 * Creates the platform database, one login role and one schema per service, each role allowed only its own
 * schema. Idempotent: safe to run on every start. Needs a superuser connection (DATABASE_ADMIN_URL).
 */
const { Client } = require('pg');
const { SERVICES } = require('./services.cjs');

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const quoteIdent = (name) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier ${name}`);
  return `"${name}"`;
};
const quoteLiteral = (value) => `'${String(value).replace(/'/g, "''")}'`;

/** Development default; production sets <ROLE>_PASSWORD (e.g. ORDERS_SVC_PASSWORD) from a secret. */
function rolePassword(role, env = process.env) {
  return env[`${role.toUpperCase()}_PASSWORD`] || `${role}_dev`;
}

async function ignoreRace(promise, codes = ['42710', '42P04', '23505', '42P06']) {
  try {
    return await promise;
  } catch (e) {
    if (!codes.includes(e.code)) throw e; // created meanwhile by a parallel run
  }
}

async function ensureDatabase(adminUrl, database) {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await ignoreRace(client.query(`CREATE DATABASE ${quoteIdent(database)}`));
  } finally {
    await client.end();
  }
}

function urlFor(baseUrl, database, user, password) {
  const u = new URL(baseUrl);
  u.pathname = `/${database}`;
  if (user !== undefined) {
    u.username = user;
    u.password = password ?? '';
  }
  return u.toString();
}

/**
 * @param {{ adminUrl?: string, database?: string, services?: typeof SERVICES, log?: (line: string) => void }} opts
 * @returns the per-service connection URLs
 */
async function setupDatabase(opts = {}) {
  const adminUrl = opts.adminUrl || process.env.DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
  const database = opts.database || process.env.DATABASE_NAME || 'parcelstream';
  const services = opts.services || SERVICES;
  const log = opts.log || (() => undefined);
  await ensureDatabase(adminUrl, database);
  const client = new Client({ connectionString: urlFor(adminUrl, database) });
  await client.connect();
  const urls = {};
  try {
    // nobody but the owner gets anything by default
    await client.query(`REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`);
    await client.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
    for (const { schema, role, service } of services) {
      const password = rolePassword(role);
      const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount > 0;
      if (!exists) await ignoreRace(client.query(`CREATE ROLE ${quoteIdent(role)} LOGIN PASSWORD ${quoteLiteral(password)}`));
      await client.query(`ALTER ROLE ${quoteIdent(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(password)}`);
      await client.query(`ALTER ROLE ${quoteIdent(role)} SET search_path = ${quoteIdent(schema)}`);
      await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(database)} TO ${quoteIdent(role)}`);
      await ignoreRace(client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)} AUTHORIZATION ${quoteIdent(role)}`));
      await client.query(`ALTER SCHEMA ${quoteIdent(schema)} OWNER TO ${quoteIdent(role)}`);
      await client.query(`REVOKE ALL ON SCHEMA ${quoteIdent(schema)} FROM PUBLIC`);
      urls[service] = urlFor(adminUrl, database, role, password);
      log(`${service}: role ${role} owns schema ${database}.${schema}`);
    }
  } finally {
    await client.end();
  }
  return urls;
}

module.exports = { setupDatabase, rolePassword, urlFor, DEFAULT_ADMIN_URL };
