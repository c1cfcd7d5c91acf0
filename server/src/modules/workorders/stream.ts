/**
 * Live feed of work-order events for the cockpit, from the transactional outbox. One poller per
 * process and county reads new `workorder.*` events once a second and hands each subscriber the
 * ones inside its scope (the same rule as the database's xz_visible). A reconnecting client sends
 * Last-Event-ID and gets what it missed through a scoped query.
 *
 * Outbox ids come from a sequence, so a transaction that commits late can carry a smaller id than
 * one already seen: the poller re-reads a window of recent ids and skips those delivered.
 * Several instances each poll on their own; on PostgreSQL, LISTEN/NOTIFY could replace polling.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { num, rows } from '../../platform/db';
import { pathVisible, withScope, type Actor } from '../../platform/scope';

export interface StreamEvent {
  id: number;
  type: string;
  at: string;
  payload: Record<string, unknown>;
}

type Row = { id: unknown; type: string; path: string | null; payload: Record<string, unknown>; at: Date | string };
const LOOKBACK_IDS = 500;

const toEvent = (r: Row): StreamEvent => ({ id: num(r.id), type: r.type, at: new Date(r.at).toISOString(), payload: r.payload });

class OutboxTail {
  private readonly subscribers = new Set<{ actor: Actor; send: (e: StreamEvent) => void }>();
  private lastId: number | null = null;
  /** Events up to this id existed before the first subscriber came: history, not news. */
  private startId = 0;
  private delivered = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    private readonly db: Db,
    private readonly countyCode: string,
    private readonly intervalMs: number,
  ) {}

  subscribe(actor: Actor, send: (e: StreamEvent) => void): () => void {
    const sub = { actor, send };
    this.subscribers.add(sub);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
      void this.poll();
    }
    return () => {
      this.subscribers.delete(sub);
      if (this.subscribers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
        this.lastId = null;
        this.delivered.clear();
      }
    };
  }

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      if (this.lastId === null) {
        // Start from now: history is for Last-Event-ID catch-up, not for every new subscriber.
        const [r] = await rows<{ id: unknown }>(this.db, sql`select coalesce(max(id), 0) as id from outbox where county_code = ${this.countyCode}`);
        this.lastId = num(r.id);
        this.startId = this.lastId;
        return;
      }
      const list = await rows<Row>(
        this.db,
        sql`select id, type, path::text as path, payload, at from outbox
            where county_code = ${this.countyCode} and id > ${Math.max(0, this.lastId - LOOKBACK_IDS)} and type like 'workorder.%'
            order by id limit 1000`,
      );
      for (const r of list) {
        const id = num(r.id);
        if (id <= this.startId || id <= this.lastId - LOOKBACK_IDS || this.delivered.has(id)) continue;
        this.delivered.add(id);
        if (id > this.lastId) this.lastId = id;
        const e = toEvent(r);
        for (const s of this.subscribers) if (r.path === null || pathVisible(s.actor.scope, r.path)) s.send(e);
      }
      for (const id of this.delivered) if (id <= this.lastId - LOOKBACK_IDS) this.delivered.delete(id);
    } catch {
      // The database may be closing (shutdown) or briefly unavailable: try again next tick.
    } finally {
      this.polling = false;
    }
  }
}

const tails = new WeakMap<Db, Map<string, OutboxTail>>();

/** Calls `send` for every new work-order event the actor may see, until the returned function is called. */
export function subscribeOrders(db: Db, actor: Actor, send: (e: StreamEvent) => void, intervalMs = 1000): () => void {
  let byCounty = tails.get(db);
  if (!byCounty) tails.set(db, (byCounty = new Map()));
  let tail = byCounty.get(actor.countyCode);
  if (!tail) byCounty.set(actor.countyCode, (tail = new OutboxTail(db, actor.countyCode, intervalMs)));
  return tail.subscribe(actor, send);
}

/** Events after `lastId` the actor may see (row-level security on the outbox), for reconnects. */
export async function eventsSince(db: Db, actor: Actor, lastId: number, limit = 200): Promise<StreamEvent[]> {
  return withScope(db, actor, async (tx) => {
    const list = await rows<Row>(tx, sql`select id, type, path::text as path, payload, at from outbox where county_code = ${actor.countyCode} and id > ${lastId} and type like 'workorder.%' order by id limit ${limit}`);
    return list.map(toEvent);
  });
}

/** One Server-Sent Events frame. */
export function sseFrame(e: StreamEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify({ type: e.type, at: e.at, ...e.payload })}\n\n`;
}
