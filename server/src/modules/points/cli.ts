/**
 * The points commands of the xiangzhi CLI: rebuild (recompute materialized balances from the
 * postings and report every difference), the yearly seniority accrual, and ending due notices.
 */
import type { Database } from '../../platform/db';
import { systemActor } from '../../platform/scope';
import { accrueSeniority, finalizeDue } from './service';
import { rebuildBalances } from './rebuild';
import { runPointsJobs } from './jobs';

export async function runPointsCommand(command: string, database: Database, county: string, values: { check?: boolean; through?: string }): Promise<number> {
  switch (command) {
    case 'points-rebuild': {
      const r = await rebuildBalances(database.db, county, { fix: !values.check });
      console.log(`积分重算：${r.postings} 条积分记录，${r.accounts} 个账户，${r.balances} 行期间余额，用时 ${r.ms} 毫秒`);
      if (r.differences === 0) {
        console.log('物化余额与积分记录完全一致');
        return 0;
      }
      console.log(`发现 ${r.differences} 处不一致${r.fixed ? '，已按积分记录重算修复' : '（--check：未修改）'}：`);
      for (const d of r.samples) console.log(`  ${d.table} ${d.key}：应为 ${JSON.stringify(d.expected)}，实为 ${JSON.stringify(d.actual)}`);
      return 1;
    }
    case 'points-accrue': {
      const r = await accrueSeniority(database.db, county, values.through);
      console.log(`年功分计入至 ${r.through}：新增 ${r.created} 条，已计入过 ${r.duplicates} 条，未能计入 ${r.rejected.length} 条`);
      for (const x of r.rejected.slice(0, 20)) console.log(`  账户 ${x.accountId} 第 ${x.year} 年：${x.message}`);
      return 0;
    }
    case 'points-finalize': {
      const r = await finalizeDue(database.db, systemActor(county, '公示期满'));
      console.log(`公示期满生效：${r.effective} 条`);
      return 0;
    }
    case 'points-jobs': {
      const labels: Record<string, string> = { finalize: '公示期满生效', seniority: '年功分计入', handoffs: '其他模块移交的积分' };
      for (const r of await runPointsJobs(database.db, { counties: [county] })) {
        console.log(`${labels[r.job]}：${r.ran ? JSON.stringify(r.result) : '另一实例正在运行，已跳过'}（${Math.round(r.ms)} 毫秒）`);
      }
      return 0;
    }
    default:
      throw new Error(`未知命令 ${command}`);
  }
}
