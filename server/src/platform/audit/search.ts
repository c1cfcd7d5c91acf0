import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { num } from '../db';
import { withScope, type Actor } from '../scope';
import { auditLog } from './schema';

export interface AuditFilter {
  q?: string;
  action?: string;
  entity?: string;
  actor?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export async function searchAudit(db: Db, actor: Actor, f: AuditFilter) {
  return withScope(db, actor, async (tx) => {
    const like = (s: string) => '%' + s.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
    const conds: SQL[] = [eq(auditLog.countyCode, actor.countyCode)];
    if (f.q) conds.push(sql`(${auditLog.action} like ${like(f.q)} or ${auditLog.entity} like ${like(f.q)} or ${auditLog.actorName} like ${like(f.q)} or ${auditLog.entityId} = ${f.q} or ${auditLog.after}::text like ${like(f.q)})`);
    if (f.action) conds.push(eq(auditLog.action, f.action));
    if (f.entity) conds.push(eq(auditLog.entity, f.entity));
    if (f.actor) conds.push(sql`${auditLog.actorName} like ${like(f.actor)}`);
    if (f.from) conds.push(gte(auditLog.at, new Date(f.from)));
    if (f.to) conds.push(lte(auditLog.at, new Date(f.to)));
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(auditLog).where(where);
    const list = await tx.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    return {
      items: list.map((r) => ({ id: num(r.id), at: r.at.toISOString(), actorName: r.actorName, action: r.action, entity: r.entity, entityId: r.entityId, regionPath: r.path, before: r.before ?? null, after: r.after ?? null, ip: r.ip })),
      total: num(total),
      page: f.page,
      pageSize: f.pageSize,
    };
  });
}
