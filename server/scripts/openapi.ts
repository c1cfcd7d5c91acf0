// Writes the OpenAPI document the web client is generated from (npm run gen:api -w web).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { PiiVault } from '../src/platform/crypto/vault';
import type { Database } from '../src/platform/db';

const out = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/src/api/openapi.json');
// The document depends only on the route contracts, so no database is opened.
const database = { db: {} as Database['db'], kind: 'pglite', raw: null, exec: async () => {}, close: async () => {} } satisfies Database;
const app = await buildApp({ database, vault: PiiVault.random(), config: { ...loadConfig({}), logLevel: 'silent' }, webDist: null, logger: false });
await app.ready();
fs.writeFileSync(out, JSON.stringify(app.swagger(), null, 2) + '\n');
console.log(`OpenAPI written to ${out}`);
await app.close();
