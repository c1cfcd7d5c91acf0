import { describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { loadConfig } from '../../config';
import { PiiVault } from '../crypto/vault';
import type { Database } from '../db';
import { routeTable } from './plugin';

describe('route → permission map', () => {
  it('declares a permission on every API route and matches the reviewed snapshot', async () => {
    const database = { db: {} as Database['db'], kind: 'pglite', raw: null, exec: async () => {}, close: async () => {} } satisfies Database;
    const app = await buildApp({ database, vault: PiiVault.random(), config: loadConfig({}), webDist: null, logger: false });
    await app.ready();
    const map = routeTable.map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(36)} ${r.permission}`).sort().join('\n');
    // Changing this file is a security change: review who may call what.
    await expect(map + '\n').toMatchFileSnapshot('./route-permissions.snapshot.txt');
    await app.close();
  });

  it('refuses to start with a route that declares no permission', async () => {
    const database = { db: {} as Database['db'], kind: 'pglite', raw: null, exec: async () => {}, close: async () => {} } satisfies Database;
    const app = await buildApp({ database, vault: PiiVault.random(), config: loadConfig({}), webDist: null, logger: false });
    expect(() => app.get('/api/undeclared', async () => ({}))).toThrow(/未声明权限/);
    await app.close();
  });
});
