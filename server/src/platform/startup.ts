import type { Config } from '../config';
import { buildApp } from '../app';
import { sql } from 'drizzle-orm';
import { migrate, openPglite, openPostgres, rows, type Database } from './db';
import { lockDataDir } from './db/lock';
import { loadVault } from './crypto/vault';
import { ensureBuiltinRoles } from './auth/service';
import { DEMO_PASSWORD, isEmpty, seedDemo } from '../demo/seed';
import { refreshRegionStats } from '../modules/people/service';

/** Opens the configured database (taking the folder lock for PGlite) and applies migrations. */
export async function openConfiguredDatabase(config: Config): Promise<{ database: Database; release: () => void }> {
  let release = () => {};
  let database: Database;
  if (config.databaseUrl) {
    database = await openPostgres(config.databaseUrl);
  } else {
    release = lockDataDir(config.dataDir);
    database = await openPglite(`${config.dataDir}/pgdata`);
  }
  try {
    await migrate(database);
  } catch (err) {
    await database.close().catch(() => undefined);
    release();
    throw new Error(`数据库迁移失败，已停止启动：${err instanceof Error ? err.message : String(err)}`);
  }
  await ensureBuiltinRoles(database.db);
  return { database, release };
}

const PHASE_NAMES: Record<string, string> = { foundation: '基础', workorders: '工单', cadres: '头雁', points: '积分' };

/** config → database → migrations → demo seed if empty → listen. */
export async function startPlatform(config: Config) {
  const { database, release } = await openConfiguredDatabase(config);
  const vault = loadVault(config.dataDir);
  let seeded: Awaited<ReturnType<typeof seedDemo>> | null = null;
  if (config.demo && (await isEmpty(database))) {
    console.log('首次启动：正在生成演示数据（真实区划 + 合成人口）…');
    let lastShown = 0;
    seeded = await seedDemo(database, vault, config.countyCode, {
      onProgress: (done, total, persons) => {
        const pct = Math.floor((done / total) * 100);
        if (pct >= lastShown + 10 || done === total) {
          lastShown = pct;
          console.log(`  演示数据 ${pct}%（${done}/${total} 个村社区，${persons} 人）`);
        }
      },
    });
  }
  const app = await buildApp({ database, vault, config });
  // Head counts for dashboards are recomputed periodically rather than on every write.
  const statsTimer = setInterval(() => refreshRegionStats(database.db).catch((err) => app.log.warn({ err }, 'region stats refresh failed')), 10 * 60_000);
  statsTimer.unref();
  (await import('../modules/workorders/service')).startEscalationTimer(database, app.log);
  (await import('../modules/points/jobs')).startPointsJobs(database, app.log);
  (await import('../modules/workorders/notices')).startSmsSender(database, vault, app.log);
  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    clearInterval(statsTimer);
    await app.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    release();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  console.log(`\n乡治 Xiangzhi 已启动：${url}  （数据库：${database.kind === 'pglite' ? `嵌入式 PGlite，${config.dataDir}` : 'PostgreSQL'}）`);
  console.log(`接口文档：${url}/api/docs`);
  if (seeded) {
    console.log(`演示数据：${seeded.regions} 个区域、${seeded.households} 户、${seeded.persons} 人、${seeded.partyOrgs} 个党组织、${seeded.organizations} 个企业与机关，用时 ${seeded.seconds.toFixed(1)} 秒（${Object.entries(seeded.phases).map(([k, v]) => `${PHASE_NAMES[k] ?? k} ${v.toFixed(1)}`).join('，')}）`);
  }
  if (config.demo) {
    const accounts = await rows<{ username: string; display_name: string; scope_kind: string; region: string }>(
      database.db,
      sql`select u.username, u.display_name, u.scope_kind, r.name as region from users u join regions r on r.code = u.home_region_code
          where u.username in ('admin','town','secretary','grid','dispatcher','chengguan','member','resident') order by u.id`,
    );
    if (accounts.length) {
      console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
      for (const a of accounts) console.log(`  ${a.username.padEnd(11)} ${a.display_name}，数据范围：${a.scope_kind === 'self' ? '本户' : a.scope_kind === 'own' ? `${a.region}本级（工单：本单位承办的）` : a.region}`);
    }
  }
  return app;
}
