/**
 * Child process of the points benchmark: POSTs postings to /api/points/postings with a fresh
 * Idempotency-Key each, `concurrency` requests in flight, for `durationSeconds`; then re-sends a
 * sample of the keys (each must come back as a replay). Reports over IPC.
 */
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

process.once('message', async (job: Job) => {
  const latencies: number[] = [];
  let created = 0;
  let failed = 0;
  const statuses: Record<string, number> = {};
  const sent: { key: string; body: string }[] = [];
  let seq = 0;
  const end = performance.now() + job.durationSeconds * 1000;
  const post = (key: string, body: string) => fetch(`${job.url}/api/points/postings`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: job.cookie, 'x-csrf-token': job.csrf, 'idempotency-key': key }, body });
  const worker = async () => {
    while (performance.now() < end) {
      const i = seq++;
      const key = `${job.tag}:${i}`;
      const body = JSON.stringify({ accountId: job.accountIds[(i * 7919) % job.accountIds.length], itemCode: job.itemCode, evidence: { text: `调解邻里纠纷（基准 ${i}）` } });
      const t0 = performance.now();
      try {
        const res = await post(key, body);
        await res.arrayBuffer();
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
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  let replayed = 0;
  for (const s of sent) {
    const res = await post(s.key, s.body);
    await res.arrayBuffer();
    if (res.status === 201 && res.headers.get('idempotent-replayed') === 'true') replayed++;
  }
  process.send!({ concurrency: job.concurrency, seconds: Math.round(seconds * 10) / 10, requests: latencies.length, created, failed, statuses, postingsPerSecond: Math.round(created / seconds), latency: summarize(latencies), replay: { sent: sent.length, replayed } }, undefined, {}, () => process.exit(0));
});
