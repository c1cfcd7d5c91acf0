/**
 * Informing requesters (G6 "merging keeps every requester and informs them all when the original
 * closes"): an in-app notice for every requester with an account (a resident's "my reports") and
 * an SMS outbox record for every requester with a callback number.
 *
 * The SMS outbox is the integration point for an SMS gateway. When XZ_SMS_URL is set, a sender
 * posts each queued message to it (JSON `{ to, text, ref }`, optional `Authorization: Bearer
 * XZ_SMS_TOKEN`); a 2xx answer marks the message sent. Without XZ_SMS_URL nothing is sent: the
 * messages stay `queued` and the command centre sees them in the configuration page.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Database, Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import type { PiiVault } from '../../platform/crypto/vault';
import { withScope, type Actor } from '../../platform/scope';
import { woNotices, woOrders, woRequesters, woSmsOutbox } from './schema';
import type { NoticeKind, SmsStatus } from './rules';

/** At most this many delivery attempts per SMS; then it is marked failed. */
export const SMS_MAX_ATTEMPTS = 5;

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** What a requester is told, for each step. Plain text: the web escapes it, SMS carries it as is. */
export function noticeText(kind: NoticeKind, o: { number: string; title: string }, extra: { handlerName?: string | null; targetNumber?: string | null } = {}): string {
  const what = `您反映的「${short(o.title, 20)}」（工单 ${o.number}）`;
  switch (kind) {
    case 'accepted':
      return `${what}已受理，已派至${extra.handlerName || '承办单位'}办理。`;
    case 'resolved':
      return `${what}已办理完毕，请在「我的上报」中查看结果并评价。`;
    case 'closed':
      return `${what}已办结。感谢您的反映，如有疑问请致电 12345。`;
    case 'merged':
      return `${what}与工单 ${extra.targetNumber ?? ''} 反映的是同一问题，已并入一并办理，办结时将通知您。`;
    case 'reopened':
      return `${what}因评价不满意已重新交办，将继续处理。`;
    case 'cancelled':
      return `${what}经核实已作废（无效或重复来电），如有疑问请致电 12345。`;
  }
}

/** SMS text: the notice with the sender's signature. */
export const smsText = (text: string) => `【乡治】${text}`;

interface Recipient {
  id: number;
  userId: number | null;
  phoneCipher: string | null;
  phoneMask: string | null;
}

/**
 * Writes one in-app notice per requester with an account and, when `sms`, one outbox message per
 * requester with a callback number. Runs inside the action's transaction.
 */
export async function deliverNotices(tx: Executor, o: { countyCode: string; id: number }, kind: NoticeKind, text: string, recipients: Recipient[], opts: { sms: boolean }): Promise<{ notices: number; sms: number }> {
  const users = new Map<number, number>();
  for (const r of recipients) if (r.userId !== null && !users.has(r.userId)) users.set(r.userId, r.id);
  if (users.size) await tx.insert(woNotices).values([...users].map(([userId, requesterId]) => ({ countyCode: o.countyCode, orderId: o.id, requesterId, userId, kind, text })));
  const phones = opts.sms ? recipients.filter((r) => r.phoneCipher) : [];
  if (phones.length) await tx.insert(woSmsOutbox).values(phones.map((r) => ({ countyCode: o.countyCode, orderId: o.id, requesterId: r.id, kind, phoneCipher: r.phoneCipher!, phoneMask: r.phoneMask, text: smsText(text) })));
  return { notices: users.size, sms: phones.length };
}

/** Every requester of an order (those of merged duplicates included). */
export async function requestersOf(tx: Executor, o: { countyCode: string; id: number }): Promise<Recipient[]> {
  return tx
    .select({ id: woRequesters.id, userId: woRequesters.userId, phoneCipher: woRequesters.phoneCipher, phoneMask: woRequesters.phoneMask })
    .from(woRequesters)
    .where(and(eq(woRequesters.countyCode, o.countyCode), eq(woRequesters.orderId, o.id)))
    .orderBy(asc(woRequesters.id));
}

// ---------------------------------------------------------------------------------------------
// A resident's notices

export async function myNotices(db: Db, actor: Actor, q: { limit: number }) {
  if (actor.userId === null) return { items: [], unread: 0 };
  const userId = actor.userId;
  return withScope(db, actor, async (tx) => {
    const list = await tx
      .select({ id: woNotices.id, orderId: woNotices.orderId, kind: woNotices.kind, text: woNotices.text, createdAt: woNotices.createdAt, readAt: woNotices.readAt, number: woOrders.number })
      .from(woNotices)
      .leftJoin(woOrders, and(eq(woOrders.countyCode, woNotices.countyCode), eq(woOrders.id, woNotices.orderId)))
      .where(and(eq(woNotices.countyCode, actor.countyCode), eq(woNotices.userId, userId)))
      .orderBy(desc(woNotices.createdAt), desc(woNotices.id))
      .limit(q.limit);
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(woNotices)
      .where(and(eq(woNotices.countyCode, actor.countyCode), eq(woNotices.userId, userId), isNull(woNotices.readAt)));
    return {
      items: list.map((x) => ({ id: x.id, orderId: x.orderId, orderNumber: x.number ?? '', kind: x.kind, text: x.text, createdAt: x.createdAt.toISOString(), readAt: x.readAt ? x.readAt.toISOString() : null })),
      unread: num(n),
    };
  });
}

/** Marks the actor's own notices read (all unread ones, or the given ids). */
export async function markNoticesRead(db: Db, actor: Actor, ids: number[] | undefined): Promise<{ marked: number }> {
  if (actor.userId === null) return { marked: 0 };
  const userId = actor.userId;
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(woNotices.countyCode, actor.countyCode), eq(woNotices.userId, userId), isNull(woNotices.readAt)];
    if (ids) conds.push(ids.length ? inArray(woNotices.id, ids) : sql`false`);
    const done = await tx.update(woNotices).set({ readAt: new Date() }).where(and(...conds)).returning({ id: woNotices.id });
    if (done.length) await audit(tx, actor, { action: 'workorder.notices.read', entity: 'wo_notice', entityId: String(userId), after: { ids: done.map((d) => d.id) } });
    return { marked: done.length };
  });
}

// ---------------------------------------------------------------------------------------------
// The SMS outbox

export function smsGateway(env: NodeJS.ProcessEnv = process.env): { url: string; token: string | null } | null {
  const url = env.XZ_SMS_URL?.trim();
  return url ? { url, token: env.XZ_SMS_TOKEN?.trim() || null } : null;
}

/** The outbox as the command centre sees it (numbers masked; scope applies through the order). */
export async function listSmsOutbox(db: Db, actor: Actor, q: { status?: SmsStatus; page: number; pageSize: number }) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(woSmsOutbox.countyCode, actor.countyCode)];
    if (q.status) conds.push(eq(woSmsOutbox.status, q.status));
    const where = and(...conds);
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(woSmsOutbox).where(where);
    const counts = await tx.select({ status: woSmsOutbox.status, n: sql<number>`count(*)` }).from(woSmsOutbox).where(eq(woSmsOutbox.countyCode, actor.countyCode)).groupBy(woSmsOutbox.status);
    const list = await tx
      .select({ s: woSmsOutbox, number: woOrders.number })
      .from(woSmsOutbox)
      .leftJoin(woOrders, and(eq(woOrders.countyCode, woSmsOutbox.countyCode), eq(woOrders.id, woSmsOutbox.orderId)))
      .where(where)
      .orderBy(desc(woSmsOutbox.createdAt), desc(woSmsOutbox.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    const byStatus = { queued: 0, sent: 0, failed: 0 } as Record<SmsStatus, number>;
    for (const c of counts) byStatus[c.status] = num(c.n);
    return {
      gatewayConfigured: smsGateway() !== null,
      counts: byStatus,
      items: list.map(({ s, number }) => ({
        id: s.id,
        orderId: s.orderId,
        orderNumber: number ?? '',
        kind: s.kind,
        phone: s.phoneMask ?? '',
        text: s.text,
        status: s.status,
        attempts: s.attempts,
        lastError: s.lastError,
        createdAt: s.createdAt.toISOString(),
        sentAt: s.sentAt ? s.sentAt.toISOString() : null,
      })),
      total: num(total),
      page: q.page,
      pageSize: q.pageSize,
    };
  });
}

type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{ ok: boolean; status: number }>;

/**
 * One pass over the queue: each due message is posted to the gateway. Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several instances never send the same message twice.
 */
export async function sendQueuedSms(db: Db, vault: PiiVault, gateway: { url: string; token: string | null }, opts: { batch?: number; fetch?: Fetch; now?: Date } = {}): Promise<{ sent: number; failed: number; retried: number }> {
  const out = { sent: 0, failed: 0, retried: 0 };
  const doFetch: Fetch = opts.fetch ?? ((url, init) => fetch(url, init));
  await db.transaction(async (tx) => {
    const now = opts.now ?? new Date();
    const due = await tx
      .select()
      .from(woSmsOutbox)
      .where(and(eq(woSmsOutbox.status, 'queued'), sql`${woSmsOutbox.nextAttemptAt} <= ${now}`))
      .orderBy(asc(woSmsOutbox.nextAttemptAt))
      .limit(opts.batch ?? 50)
      .for('update', { skipLocked: true });
    for (const m of due) {
      let error: string | null = null;
      try {
        const res = await doFetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(gateway.token ? { authorization: `Bearer ${gateway.token}` } : {}) },
          body: JSON.stringify({ to: vault.decrypt(m.phoneCipher), text: m.text, ref: `${m.countyCode}-${m.id}` }),
          signal: AbortSignal.timeout(10_000),
        });
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (err) {
        error = err instanceof Error ? err.message.slice(0, 200) : 'send failed';
      }
      const attempts = m.attempts + 1;
      const key = and(eq(woSmsOutbox.countyCode, m.countyCode), eq(woSmsOutbox.id, m.id));
      if (!error) {
        await tx.update(woSmsOutbox).set({ status: 'sent', attempts, sentAt: new Date(), lastError: null }).where(key);
        out.sent++;
      } else if (attempts >= SMS_MAX_ATTEMPTS) {
        await tx.update(woSmsOutbox).set({ status: 'failed', attempts, lastError: error }).where(key);
        out.failed++;
      } else {
        await tx.update(woSmsOutbox).set({ attempts, lastError: error, nextAttemptAt: new Date(now.getTime() + attempts * attempts * 60_000) }).where(key);
        out.retried++;
      }
    }
  });
  return out;
}

/** Periodic sender, wired at start-up. Without XZ_SMS_URL it does nothing and says so once. */
export function startSmsSender(database: Database, vault: PiiVault, log?: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void }, everyMs = 30_000): () => void {
  const gateway = smsGateway();
  if (!gateway) {
    log?.info({}, 'XZ_SMS_URL not set: work-order SMS stay queued in wo_sms_outbox (not sent)');
    return () => undefined;
  }
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const r = await sendQueuedSms(database.db, vault, gateway);
      if (r.sent || r.failed || r.retried) log?.info(r, 'work-order SMS sent');
    } catch (err) {
      log?.warn({ err }, 'work-order SMS sending failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
