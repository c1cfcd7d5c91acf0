// Browser tests: starts the real platform (embedded database, demo data, built web app) on a
// free port with a throw-away data folder, runs e2e/*.e2e.ts in Chromium, and stops it again.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
if (!fs.existsSync(path.join(root, 'web/dist/index.html'))) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const port = await new Promise((resolve) => {
  const srv = net.createServer().listen(0, '127.0.0.1', () => {
    const p = srv.address().port;
    srv.close(() => resolve(p));
  });
});
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xz-e2e-'));
const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', XZ_DATA_DIR: dataDir, XZ_LOG_LEVEL: 'warn', XZ_RATE_LIMIT: '100000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let log = '';
server.stdout.on('data', (d) => (log += d.toString()));
const stop = () => {
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
};
const base = `http://127.0.0.1:${port}`;
// The first start seeds the demo county (about a minute on two idle cores).
const deadline = Date.now() + 600_000;
for (;;) {
  try {
    const r = await fetch(`${base}/api/health`);
    if (r.ok) break;
  } catch {
    /* not up yet */
  }
  if (server.exitCode !== null || Date.now() > deadline) {
    console.error('server did not start:\n' + log);
    stop();
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}
console.log(log.split('\n').filter((l) => !l.startsWith('{')).join('\n'));
const tests = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'e2e/vitest.config.ts', ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, XZ_E2E_BASE: base },
  stdio: 'inherit',
});
stop();
process.exit(tests.status ?? 1);
