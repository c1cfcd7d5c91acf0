/**
 * Child process for the ballot load: receives { url, connections, ballots } over IPC and casts
 * every ballot once (POST /api/evaluation/ballot), `connections` requests in flight at all times
 * over keep-alive sockets, each ballot with its own code. Sends back the rate, the latency
 * distribution and the status counts. (autocannon replays a fixed list; each ballot here needs a
 * code of its own.) Runs apart from the server so the load generator does not share its event loop.
 */
import http from 'node:http';
import { summarize } from '../lib/stats';

interface Job {
  url: string;
  connections: number;
  ballots: { code: string; choice: string }[];
}

process.once('message', async (job: Job) => {
  const target = new URL('/api/evaluation/ballot', job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const samples: number[] = new Array(job.ballots.length);
  const statuses: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const castOne = (i: number) =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify(job.ballots[i]);
      const t0 = performance.now();
      const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          samples[i] = performance.now() - t0;
          statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        samples[i] = performance.now() - t0;
        resolve();
      });
      req.end(body);
    });
  const worker = async () => {
    while (next < job.ballots.length) await castOne(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  process.send!(
    {
      connections: job.connections,
      ballots: job.ballots.length,
      seconds: Math.round(seconds * 100) / 100,
      perSecond: Math.round((job.ballots.length / seconds) * 10) / 10,
      latency: summarize(samples),
      statuses,
      errors,
    },
    undefined,
    {},
    () => process.exit(0),
  );
});
