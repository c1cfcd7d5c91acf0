/**
 * Child process for the HTTP load test: receives { url, connections, durationSeconds, requests }
 * over IPC, runs autocannon and sends back a LoadResult. autocannon reports p97.5 but not p95, so
 * response times are collected from its 'response' events and summarised here.
 */
import autocannon from 'autocannon';
import { summarize } from './stats';

interface Job {
  url: string;
  connections: number;
  durationSeconds: number;
  requests: { method: string; path: string; headers: Record<string, string> }[];
}

process.once('message', (job: Job) => {
  const samples: number[] = [];
  const instance = autocannon({ url: job.url, connections: job.connections, duration: job.durationSeconds, requests: job.requests }, (err, result) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    process.send!(
      {
        connections: job.connections,
        durationSeconds: job.durationSeconds,
        requests: result.requests.total,
        requestsPerSecond: Math.round((result.requests.total / (result.duration || job.durationSeconds)) * 10) / 10,
        latency: summarize(samples),
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
      },
      undefined,
      {},
      () => process.exit(0),
    );
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => samples.push(responseTime));
});
