/**
 * Child process of the points benchmark: POSTs postings to /api/points/postings with a fresh
 * Idempotency-Key each, `concurrency` requests in flight, for `durationSeconds`; then re-sends a
 * sample of the keys (each must come back as a replay). Reports over IPC, with the CPU time the
 * loader itself used (it shares the machine with the server it measures).
 *
 * Requests go through node:http with one kept-alive socket per worker: the same wire traffic as
 * fetch, at a fraction of its CPU per request (fetch cost the loader about a third of a core).
 */
import http from 'node:http';
import { summarize } from '../lib/stats';

interface Job {
  url: string;
  cookie: string;
  csrf: string;
  accountIds: number[];
  itemCode: string;
  concurrency: number;
  durationSeconds: number;
  tag: string;
  replaySample: number;
}

interface Answer {
  status: number;
  replayed: boolean;
}

process.once('message', async (job: Job) => {
  const target = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const viaFetch = process.env.BENCH_LOADER === 'fetch';
  const post = (key: string, body: string): Promise<Answer> => {
    const headers = { 'content-type': 'application/json', cookie: job.cookie, 'x-csrf-token': job.csrf, 'idempotency-key': key };
    if (viaFetch) {
      return fetch(`${job.url}/api/points/postings`, { method: 'POST', headers, body }).then(async (res) => {
        await res.arrayBuffer();
        return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true' };
      });
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ host: target.hostname, port: target.port, path: '/api/points/postings', method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0, replayed: res.headers['idempotent-replayed'] === 'true' }));
        res.once('error', reject);
      });
      req.once('error', reject);
      req.end(body);
    });
  };
  const latencies: number[] = [];
  let created = 0;
  let failed = 0;
  const statuses: Record<string, number> = {};
  const sent: { key: string; body: string }[] = [];
  let seq = 0;
  const end = performance.now() + job.durationSeconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const i = seq++;
      const key = `${job.tag}:${i}`;
      const body = JSON.stringify({ accountId: job.accountIds[(i * 7919) % job.accountIds.length], itemCode: job.itemCode, evidence: { text: `调解邻里纠纷（基准 ${i}）` } });
      const t0 = performance.now();
      try {
        const res = await post(key, body);
        latencies.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 201) {
          created++;
          if (sent.length < job.replaySample) sent.push({ key, body });
        } else failed++;
      } catch {
        failed++;
      }
    }
  };
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const loaderCpuSeconds = (cpu.user + cpu.system) / 1e6;
  let replayed = 0;
  for (const s of sent) {
    const res = await post(s.key, s.body);
    if (res.status === 201 && res.replayed) replayed++;
  }
  agent.destroy();
  process.send!({
    concurrency: job.concurrency, seconds: Math.round(seconds * 10) / 10, requests: latencies.length, created, failed, statuses,
    postingsPerSecond: Math.round(created / seconds), latency: summarize(latencies), replay: { sent: sent.length, replayed },
    loader: { client: viaFetch ? 'fetch' : 'node:http keep-alive', cpuSeconds: Math.round(loaderCpuSeconds * 10) / 10, cpuShareOfOneCore: Math.round((loaderCpuSeconds / seconds) * 100) / 100 },
  }, undefined, {}, () => process.exit(0));
});
