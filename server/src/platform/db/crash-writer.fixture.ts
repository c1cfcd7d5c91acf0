// Child process for lock.test.ts: writes batches of ten rows, one transaction each, and prints
// the batch number only after its commit returned; the test kills it with SIGKILL mid-stream.
import { sql } from 'drizzle-orm';
import { openPglite } from './index';

const dir = process.argv[2];
const db = await openPglite(dir);
await db.exec('create table if not exists crash_probe (batch int not null, item int not null, payload text not null)');
for (let batch = 1; ; batch++) {
  await db.db.transaction(async (tx) => {
    for (let item = 0; item < 10; item++) await tx.execute(sql`insert into crash_probe values (${batch}, ${item}, ${'x'.repeat(2000)})`);
  });
  process.stdout.write(`${batch}\n`);
}
