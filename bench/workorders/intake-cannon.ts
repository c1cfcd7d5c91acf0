/**
 * Child process for the HTTP intake load: POST /api/workorders with a session cookie, each request
 * a different order (cycling through the prepared bodies) and a fresh Idempotency-Key. Receives
 * the job over IPC, runs autocannon (unlimited, or at a fixed overall rate) and sends back counts
 * by status and the latency of every response.
 */
import autocannon from 'autocannon';
import { summarize } from '../lib/stats';

interface Job {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Requests per second over all connections; 0 = as fast as the server answers. */
  overallRate: number;
  cookie: string;
  csrf: string;
  keyPrefix: string;
  bodies: string[];
}

process.once('message', (job: Job) => {
  const cpu0 = process.cpuUsage();
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  let i = 0;
  const options = {
      url: job.url,
      connections: job.connections,
      duration: job.durationSeconds,
      ...(job.overallRate > 0 ? { overallRate: job.overallRate } : {}),
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: '/api/workorders',
          setupRequest: (req: Record<string, unknown>) => {
            const n = i++;
            return {
              ...req,
              method: 'POST',
              path: '/api/workorders',
              headers: { 'content-type': 'application/json', cookie: job.cookie, 'x-csrf-token': job.csrf, 'idempotency-key': `${job.keyPrefix}-${n}` },
              body: job.bodies[n % job.bodies.length],
            };
          },
        },
      ],
    };
  const instance = autocannon(
    // setupRequest, overallRate and timeout are autocannon options the shared typing leaves out.
    options as unknown as Parameters<typeof autocannon>[0],
    (err, result) => {
      if (err) {
        console.error(err);
        process.exit(1);
      }
      const ok = statuses['201'] ?? 0;
      const seconds = result.duration || job.durationSeconds;
      process.send!(
        {
          connections: job.connections,
          durationSeconds: Math.round(seconds * 10) / 10,
          overallRate: job.overallRate,
          requests: result.requests.total,
          created: ok,
          createdPerSecond: Math.round((ok / seconds) * 10) / 10,
          requestsPerSecond: Math.round((result.requests.total / seconds) * 10) / 10,
          latency: summarize(samples),
          statuses,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          loaderCpuSeconds: Math.round(((process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1e6) * 100) / 100,
        },
        undefined,
        {},
        () => process.exit(0),
      );
    },
  );
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    samples.push(responseTime);
    statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
  });
});
