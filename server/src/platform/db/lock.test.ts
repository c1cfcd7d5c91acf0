import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DataDirLockedError, lockDataDir } from './lock';
import { migrate, num, openPglite, rows } from './index';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xz-lock-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('one writer per data folder', () => {
  it('refuses a second holder with a clear message', () => {
    const d = path.join(dir, 'one');
    // A live process other than us holds the lock.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'xiangzhi.lock'), `${holder.pid}\n`);
    try {
      expect(() => lockDataDir(d)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(d)).toThrow(/已被另一个乡治进程/);
    } finally {
      holder.kill();
    }
  });

  it('takes over a stale lock left by a killed process', () => {
    const d = path.join(dir, 'two');
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'xiangzhi.lock'), `${dead.pid}\n`);
    const release = lockDataDir(d);
    expect(fs.readFileSync(path.join(d, 'xiangzhi.lock'), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(d, 'xiangzhi.lock'))).toBe(false);
  });
});

describe('killing the process mid-write', () => {
  it('keeps every committed transaction and no half-written one', async () => {
    const d = path.join(dir, 'crash');
    const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'crash-writer.fixture.ts');
    // One process (node --import tsx), so SIGKILL hits the writer itself.
    const child = spawn(process.execPath, ['--import', 'tsx', script, d], { stdio: ['ignore', 'pipe', 'inherit'] });
    const committed: number[] = [];
    await new Promise<void>((resolve) => {
      let buf = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        for (const line of buf.split('\n').slice(0, -1)) if (/^\d+$/.test(line)) committed.push(Number(line));
        buf = buf.slice(buf.lastIndexOf('\n') + 1);
        if (committed.length >= 25 && !child.killed) {
          child.kill('SIGKILL');
        }
      });
      child.on('exit', () => resolve());
    });
    expect(committed.length).toBeGreaterThanOrEqual(25);
    const db = await openPglite(d);
    try {
      await migrate(db);
      const found = await rows<{ batch: number; n: unknown }>(db.db, sql`select batch, count(*) as n from crash_probe group by batch order by batch`);
      const byBatch = new Map(found.map((r) => [Number(r.batch), num(r.n)]));
      for (const b of committed) expect(byBatch.get(b)).toBe(10); // every acknowledged batch is there, whole
      for (const n of byBatch.values()) expect(n).toBe(10); // no batch is there in part
    } finally {
      await db.close();
    }
  }, 120_000);
});
