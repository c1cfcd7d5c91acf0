/** L1 Cadre registry: register, change, leave, import, export, the card. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db';
import { num } from '../../platform/db';
import { audit } from '../../platform/audit';
import { emit } from '../../platform/events';
import type { PiiVault } from '../../platform/crypto/vault';
import { AppError, badRequest, conflict } from '../../platform/http/errors';
import { withScope, type Actor } from '../../platform/scope';
import { ageOn, maskCitizenId, validateCitizenId } from '../../platform/standards/citizenId';
import { regionPathsByCode } from '../regions/service';
import { personFor, resolvePerson } from './persons';
import { findPersonByIdNumber, insertPersonRows, personRow, personViewsByIds, type PersonView } from '../people/service';
import { EDUCATIONS, POLITICAL_STATUSES } from '../people/rules';
import { cadreEvents, cadres } from './schema';
import {
  AGE_BANDS,
  ageBand,
  CADRE_STATUS_LABELS,
  educationRank,
  keyOf,
  PAY_LEVELS,
  PAY_POST_LABELS,
  PAY_POST_OF,
  POLITICAL_LABELS,
  POST_LABELS,
  POSTS,
  registrationProblems,
  SOURCE_CHANNEL_LABELS,
  SOURCE_CHANNELS,
  type AgeBand,
  type PayPost,
  type Post,
  type SourceChannel,
} from './rules';
import { addEvent, check, likeEscape, loadCadre, placeNames, regionRef, today, villageRef, type CadreRow } from './shared';
import { readUploadedTable, type ExportTable } from './tables';

export interface CadreView {
  id: number;
  personId: number;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  age: number;
  villageCode: string;
  villageName: string;
  townCode: string;
  townName: string;
  post: Post;
  education: string;
  politicalStatus: string;
  sourceChannel: SourceChannel;
  status: 'active' | 'left';
  isReserve: boolean;
  termStart: string | null;
  termEnd: string | null;
  joinedOn: string;
  leftOn: string | null;
  leftReason: string | null;
  payPost: PayPost;
  payLevel: number;
}

/** Views for other modules and the cadres pages (scope applies through the caller's transaction). */
export async function cadreViews(tx: Executor, list: CadreRow[]): Promise<CadreView[]> {
  const places = await placeNames(tx, list.map((c) => c.villageCode));
  const on = today();
  return list.map((c) => {
    const p = places.get(c.villageCode)!;
    return {
      id: c.id,
      personId: c.personId,
      name: c.name,
      sex: c.sex as 'M' | 'F',
      birthDate: c.birthDate,
      age: ageOn(c.birthDate, c.leftOn ?? on),
      villageCode: c.villageCode,
      villageName: p.villageName,
      townCode: p.townCode,
      townName: p.townName,
      post: c.post as Post,
      education: c.education,
      politicalStatus: c.politicalStatus,
      sourceChannel: c.sourceChannel as SourceChannel,
      status: c.status as 'active' | 'left',
      isReserve: c.isReserve,
      termStart: c.termStart,
      termEnd: c.termEnd,
      joinedOn: c.joinedOn,
      leftOn: c.leftOn,
      leftReason: c.leftReason,
      payPost: c.payPost as PayPost,
      payLevel: c.payLevel,
    };
  });
}

export async function cadreViewById(tx: Executor, id: number): Promise<CadreView> {
  const [v] = await cadreViews(tx, [await loadCadre(tx, id)]);
  return v!;
}

export interface CadreFilter {
  region?: string;
  q?: string;
  post?: Post;
  status?: 'active' | 'left' | 'all';
  channel?: SourceChannel;
  ageBand?: AgeBand;
  reserve?: boolean;
  minEducation?: string;
  page: number;
  pageSize: number;
}

async function cadreConditions(tx: Executor, f: Omit<CadreFilter, 'page' | 'pageSize'>): Promise<SQL[]> {
  const conds: SQL[] = [];
  if (f.region) conds.push(sql`${cadres.path} <@ ${(await regionRef(tx, f.region)).path}::ltree`);
  if (f.q) conds.push(sql`${cadres.name} like ${'%' + likeEscape(f.q.replace(/\s+/g, '')) + '%'}`);
  if (f.post) conds.push(eq(cadres.post, f.post));
  if (!f.status || f.status !== 'all') conds.push(eq(cadres.status, f.status ?? 'active'));
  if (f.channel) conds.push(eq(cadres.sourceChannel, f.channel));
  if (f.reserve !== undefined) conds.push(eq(cadres.isReserve, f.reserve));
  if (f.minEducation) {
    const ok = EDUCATIONS.filter((e) => educationRank(e) >= educationRank(f.minEducation!));
    conds.push(inArray(cadres.education, ok));
  }
  if (f.ageBand) {
    // Bands on today's date: birth-date bounds keep the condition indexable.
    const t = today();
    const minus = (years: number) => `${Number(t.slice(0, 4)) - years}${t.slice(4)}`;
    const bounds: Record<AgeBand, [number | null, number | null]> = { under35: [null, 35], '35to44': [35, 45], '45to54': [45, 55], '55plus': [55, null] };
    const [lo, hi] = bounds[f.ageBand];
    if (hi !== null) conds.push(sql`${cadres.birthDate} > ${minus(hi)}`);
    if (lo !== null) conds.push(sql`${cadres.birthDate} <= ${minus(lo)}`);
  }
  return conds;
}

export async function listCadres(db: Db, actor: Actor, f: CadreFilter) {
  return withScope(db, actor, async (tx) => {
    const where = and(...(await cadreConditions(tx, f)));
    const [{ total }] = await tx.select({ total: sql<number>`count(*)` }).from(cadres).where(where);
    const list = await tx.select().from(cadres).where(where).orderBy(asc(cadres.villageCode), asc(sql`array_position(array['secretary','director','deputy','special_post','member','staff'], ${cadres.post})`), asc(cadres.id)).limit(f.pageSize).offset((f.page - 1) * f.pageSize);
    return { items: await cadreViews(tx, list), total: num(total), page: f.page, pageSize: f.pageSize };
  });
}

export async function cadreTimeline(tx: Executor, cadreId: number) {
  return tx.select({ id: cadreEvents.id, date: cadreEvents.date, kind: cadreEvents.kind, title: cadreEvents.title, detail: cadreEvents.detail }).from(cadreEvents).where(eq(cadreEvents.cadreId, cadreId)).orderBy(desc(cadreEvents.date), desc(cadreEvents.id));
}

export async function getCadre(db: Db, actor: Actor, id: number) {
  return withScope(db, actor, async (tx) => {
    const view = await cadreViewById(tx, id);
    return { ...view, timeline: await cadreTimeline(tx, id) };
  });
}

/** Active cadre of a person (for "my record" and other modules), or null. */
export async function activeCadreOfPerson(tx: Executor, personId: number): Promise<CadreRow | null> {
  const [c] = await tx.select().from(cadres).where(and(eq(cadres.personId, personId), eq(cadres.status, 'active')));
  return c ?? null;
}

export interface CadreInput {
  personId?: number | null;
  name?: string | null;
  idNumber?: string | null;
  villageCode: string;
  post: Post;
  sourceChannel: SourceChannel;
  joinedOn: string;
  education?: string | null;
  politicalStatus?: string | null;
  termStart?: string | null;
  termEnd?: string | null;
  isReserve?: boolean;
  payLevel?: number;
  payPost?: PayPost | null;
}

export async function insertCadre(tx: Executor, actor: Actor, person: Pick<PersonView, 'id' | 'name' | 'sex' | 'birthDate' | 'education' | 'politicalStatus'>, village: { code: string; path: string; name: string }, input: Omit<CadreInput, 'personId' | 'name' | 'idNumber' | 'villageCode'>, eventTitle?: string): Promise<CadreRow> {
  check('INVALID_CADRE', registrationProblems({ birthDate: person.birthDate, joinedOn: input.joinedOn, termStart: input.termStart, termEnd: input.termEnd }, today()));
  const payLevel = input.payLevel ?? 1;
  if (!Number.isInteger(payLevel) || payLevel < 1 || payLevel > PAY_LEVELS) throw badRequest('INVALID_PAY_LEVEL', `薪酬等级应为 1—${PAY_LEVELS} 级`, 'Pay level out of range');
  const [existing] = await tx.select({ id: cadres.id, villageCode: cadres.villageCode }).from(cadres).where(and(eq(cadres.personId, person.id), eq(cadres.status, 'active')));
  if (existing) throw conflict('ALREADY_CADRE', `${person.name} 已是在岗村干部（档案 ${existing.id}），请先办理离任或岗位变动`, 'This person already holds an active cadre record');
  const [row] = await tx
    .insert(cadres)
    .values({
      countyCode: actor.countyCode,
      path: village.path,
      villageCode: village.code,
      personId: person.id,
      name: person.name,
      sex: person.sex,
      birthDate: person.birthDate,
      post: input.post,
      education: input.education ?? person.education,
      politicalStatus: input.politicalStatus ?? person.politicalStatus,
      sourceChannel: input.sourceChannel,
      isReserve: input.isReserve ?? false,
      termStart: input.termStart ?? null,
      termEnd: input.termEnd ?? null,
      joinedOn: input.joinedOn,
      payPost: input.payPost ?? PAY_POST_OF[input.post],
      payLevel,
    })
    .returning();
  await addEvent(tx, actor, row!, { date: input.joinedOn, kind: 'appointed', title: eventTitle ?? `任${village.name}${POST_LABELS[input.post]}（${SOURCE_CHANNEL_LABELS[input.sourceChannel]}）`, detail: { post: input.post, sourceChannel: input.sourceChannel } });
  if (input.isReserve) await addEvent(tx, actor, row!, { date: input.joinedOn, kind: 'reserve', title: '列为村书记后备人选' });
  await audit(tx, actor, { action: 'cadre.create', entity: 'cadre', entityId: row!.id, path: row!.path, after: { ...row, createdAt: undefined, updatedAt: undefined } });
  await emit(tx, actor, 'cadre.appointed', row!.path, { id: row!.id, post: row!.post, villageCode: row!.villageCode });
  return row!;
}

export async function registerCadre(db: Db, vault: PiiVault, actor: Actor, input: CadreInput): Promise<CadreView> {
  const resolved = await resolvePerson(db, vault, actor, input);
  return withScope(db, actor, async (tx) => {
    const village = await villageRef(tx, input.villageCode);
    const person = await personFor(tx, vault, actor, resolved, village, input);
    const row = await insertCadre(tx, actor, person, village, input);
    return cadreViewById(tx, row.id);
  });
}

export interface CadrePatch {
  education?: string;
  politicalStatus?: string;
  sourceChannel?: SourceChannel;
  termStart?: string | null;
  termEnd?: string | null;
  isReserve?: boolean;
}

export async function updateCadre(db: Db, actor: Actor, id: number, patch: CadrePatch): Promise<CadreView> {
  return withScope(db, actor, async (tx) => {
    const before = await loadCadre(tx, id);
    const termStart = patch.termStart !== undefined ? patch.termStart : before.termStart;
    const termEnd = patch.termEnd !== undefined ? patch.termEnd : before.termEnd;
    check('INVALID_CADRE', registrationProblems({ birthDate: before.birthDate, joinedOn: before.joinedOn, termStart, termEnd }, today()));
    const [after] = await tx.update(cadres).set({ ...patch, updatedAt: new Date() }).where(eq(cadres.id, id)).returning();
    const on = today();
    if (patch.isReserve !== undefined && patch.isReserve !== before.isReserve) await addEvent(tx, actor, after!, { date: on, kind: 'reserve', title: patch.isReserve ? '列为村书记后备人选' : '不再列为后备人选' });
    if (patch.education && patch.education !== before.education) await addEvent(tx, actor, after!, { date: on, kind: 'profile', title: `学历更新为${patch.education}` });
    await audit(tx, actor, { action: 'cadre.update', entity: 'cadre', entityId: id, path: after!.path, before: patch && pick(before, Object.keys(patch)), after: patch });
    return cadreViewById(tx, id);
  });
}

function pick<T extends object>(o: T, keys: string[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]])) as Partial<T>;
}

export async function changePost(db: Db, actor: Actor, id: number, input: { post: Post; date: string; villageCode?: string; note?: string }): Promise<CadreView> {
  return withScope(db, actor, async (tx) => {
    const before = await loadCadre(tx, id);
    if (before.status !== 'active') throw conflict('CADRE_LEFT', '该村干部已离任，不能调整岗位', 'Cadre has left');
    check('INVALID_DATE', input.date < before.joinedOn ? [`调整日期不能早于任职日期 ${before.joinedOn}`] : input.date > today() ? ['调整日期不能晚于今天'] : []);
    const village = input.villageCode ? await villageRef(tx, input.villageCode) : null;
    if (input.post === before.post && (!village || village.code === before.villageCode)) throw badRequest('NO_CHANGE', '岗位和所在村（社区）都没有变化', 'Nothing changes');
    const set: Partial<CadreRow> = { post: input.post, updatedAt: new Date() };
    if (village) Object.assign(set, { villageCode: village.code, path: village.path });
    const [after] = await tx.update(cadres).set(set).where(eq(cadres.id, id)).returning();
    const where = village ? `${village.name}` : '';
    await addEvent(tx, actor, after!, { date: input.date, kind: 'post_change', title: `岗位调整：${POST_LABELS[before.post as Post]} → ${where}${POST_LABELS[input.post]}`, detail: { from: before.post, to: input.post, fromVillage: before.villageCode, toVillage: after!.villageCode, note: input.note ?? '' } });
    await audit(tx, actor, { action: 'cadre.change_post', entity: 'cadre', entityId: id, path: after!.path, before: { post: before.post, villageCode: before.villageCode }, after: { post: after!.post, villageCode: after!.villageCode, note: input.note } });
    await emit(tx, actor, 'cadre.post_changed', after!.path, { id, post: input.post });
    return cadreViewById(tx, id);
  });
}

export async function cadreLeaves(db: Db, actor: Actor, id: number, input: { date: string; reason: string }): Promise<CadreView> {
  return withScope(db, actor, async (tx) => {
    const before = await loadCadre(tx, id);
    if (before.status !== 'active') throw conflict('CADRE_LEFT', '该村干部已离任', 'Cadre has already left');
    check('INVALID_DATE', input.date < before.joinedOn ? [`离任日期不能早于任职日期 ${before.joinedOn}`] : input.date > today() ? ['离任日期不能晚于今天'] : []);
    const [after] = await tx.update(cadres).set({ status: 'left', leftOn: input.date, leftReason: input.reason, isReserve: false, updatedAt: new Date() }).where(eq(cadres.id, id)).returning();
    await addEvent(tx, actor, after!, { date: input.date, kind: 'left', title: `离任：${input.reason}` });
    await audit(tx, actor, { action: 'cadre.leave', entity: 'cadre', entityId: id, path: after!.path, before: { status: 'active' }, after: { status: 'left', leftOn: input.date, reason: input.reason } });
    await emit(tx, actor, 'cadre.left', after!.path, { id });
    return cadreViewById(tx, id);
  });
}

export async function addCadreNote(db: Db, actor: Actor, id: number, input: { date: string; title: string }) {
  return withScope(db, actor, async (tx) => {
    const c = await loadCadre(tx, id);
    check('INVALID_DATE', input.date > today() ? ['日期不能晚于今天'] : input.date < c.joinedOn ? [`日期不能早于任职日期 ${c.joinedOn}`] : []);
    await addEvent(tx, actor, c, { date: input.date, kind: 'note', title: input.title });
    await audit(tx, actor, { action: 'cadre.note', entity: 'cadre', entityId: id, path: c.path, after: input });
    return { timeline: await cadreTimeline(tx, id) };
  });
}

// ---------------------------------------------------------------------------------------------
// Import (.xlsx or CSV, told apart by content) and export (.xlsx or CSV)

export const IMPORT_HEADER = ['姓名', '身份证号', '村(社区)代码', '岗位', '来源渠道', '任职日期', '学历', '政治面貌', '届期开始', '届期结束', '后备', '薪酬等级'] as const;
const POST_ALIASES: Record<string, Post> = { 书记: 'secretary', 党组织书记: 'secretary', 主任: 'director', 村委会主任: 'director', 居委会主任: 'director', 副书记: 'deputy', 副主任: 'deputy', 委员: 'member', 专职: 'staff', 专职工作者: 'staff', 特岗书记: 'special_post' };
export const MAX_IMPORT_ROWS = 3000;

export interface ImportRowReport {
  line: number;
  name: string;
  idNumber: string;
  ok: boolean;
  action: 'link' | 'create' | null;
  errors: string[];
}

interface ParsedRow {
  line: number;
  name: string;
  idNumber: string;
  villageCode: string;
  input: Omit<CadreInput, 'personId' | 'name' | 'idNumber' | 'villageCode'>;
  birthDate: string;
}

function parseRow(cells: string[], line: number, col: Map<string, number>, errors: string[]): ParsedRow | null {
  const get = (h: (typeof IMPORT_HEADER)[number]) => (cells[col.get(h) ?? -1] ?? '').trim();
  const name = get('姓名');
  if (!name) errors.push('姓名不能为空');
  else if (name.length > 40) errors.push('姓名过长（最多 40 字）');
  const idRaw = get('身份证号');
  const id = validateCitizenId(idRaw);
  if (!id.ok) errors.push(`身份证号不合法：${id.reason}`);
  const villageCode = get('村(社区)代码');
  if (!/^\d{12}$/.test(villageCode)) errors.push('村(社区)代码应为 12 位数字');
  const postRaw = get('岗位');
  const post = POST_ALIASES[postRaw] ?? keyOf(POST_LABELS, postRaw);
  if (!post) errors.push(`岗位「${postRaw}」不在 ${Object.values(POST_LABELS).join('、')} 之中`);
  const channelRaw = get('来源渠道') || '选举产生';
  const channel = keyOf(SOURCE_CHANNEL_LABELS, channelRaw);
  if (!channel) errors.push(`来源渠道「${channelRaw}」不在 ${Object.values(SOURCE_CHANNEL_LABELS).join('、')} 之中`);
  const joinedOn = get('任职日期');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(joinedOn)) errors.push('任职日期应为 YYYY-MM-DD');
  const education = get('学历') || null;
  if (education && !(EDUCATIONS as readonly string[]).includes(education)) errors.push(`学历「${education}」不在 ${EDUCATIONS.join('、')} 之中`);
  const politicalRaw = get('政治面貌');
  const politicalStatus = politicalRaw ? keyOf(POLITICAL_LABELS, politicalRaw) : null;
  if (politicalRaw && (!politicalStatus || !(POLITICAL_STATUSES as readonly string[]).includes(politicalStatus))) errors.push(`政治面貌「${politicalRaw}」不在 ${Object.values(POLITICAL_LABELS).join('、')} 之中`);
  const termStart = get('届期开始') || null;
  const termEnd = get('届期结束') || null;
  const reserveRaw = get('后备');
  if (reserveRaw && !['是', '否'].includes(reserveRaw)) errors.push('后备应填「是」或「否」');
  const levelRaw = get('薪酬等级');
  const payLevel = levelRaw ? Number(levelRaw) : 1;
  if (!Number.isInteger(payLevel) || payLevel < 1 || payLevel > PAY_LEVELS) errors.push(`薪酬等级应为 1—${PAY_LEVELS} 的整数`);
  if (id.ok && /^\d{4}-\d{2}-\d{2}$/.test(joinedOn)) errors.push(...registrationProblems({ birthDate: id.birthDate, joinedOn, termStart, termEnd }, today()));
  if (errors.length || !id.ok || !post || !channel) return null;
  return {
    line,
    name,
    idNumber: id.id,
    villageCode,
    birthDate: id.birthDate,
    input: { post, sourceChannel: channel, joinedOn, education, politicalStatus, termStart, termEnd, isReserve: reserveRaw === '是', payLevel },
  };
}

/**
 * Roster import. Every row is checked (format, ID number, village in scope, vocabularies, dates,
 * duplicates in the file, already in post); a row-by-row report comes back. With dryRun nothing
 * is written; otherwise all rows are written in one transaction, or none when any row fails (422).
 */
export async function importCadres(db: Db, vault: PiiVault, actor: Actor, input: { csv?: string; file?: string; dryRun: boolean }): Promise<{ imported: number; rows: ImportRowReport[] }> {
  const table = await readUploadedTable(input);
  if (table.length < 2) throw badRequest('EMPTY_IMPORT', '文件中没有数据行（第一行应为表头）', 'No data rows');
  if (table.length - 1 > MAX_IMPORT_ROWS) throw badRequest('IMPORT_TOO_LARGE', `一次最多导入 ${MAX_IMPORT_ROWS} 行，请分批导入`, 'Too many rows');
  const header = table[0]!.map((h) => h.trim());
  const missing = IMPORT_HEADER.slice(0, 6).filter((h) => !header.includes(h));
  if (missing.length) throw badRequest('BAD_IMPORT_HEADER', `表头缺少列：${missing.join('、')}（模板列：${IMPORT_HEADER.join('、')}）`, 'Missing columns');
  const col = new Map(header.map((h, i) => [h, i]));

  const reports: ImportRowReport[] = [];
  const parsed: (ParsedRow | null)[] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach((cells, i) => {
    const line = i + 2;
    const errors: string[] = [];
    const row = parseRow(cells, line, col, errors);
    if (row) {
      const first = seen.get(row.idNumber);
      if (first) errors.push(`与第 ${first} 行身份证号重复`);
      else seen.set(row.idNumber, line);
    }
    const idCell = (cells[col.get('身份证号')!] ?? '').trim();
    reports.push({ line, name: (cells[col.get('姓名')!] ?? '').trim(), idNumber: idCell.length === 18 ? maskCitizenId(idCell.toUpperCase()) : idCell ? '（格式错误）' : '', ok: errors.length === 0, action: null, errors });
    parsed.push(errors.length ? null : row);
  });

  // Existing persons through the people module (each lookup is audited there).
  const personIds = new Map<string, number>();
  for (const row of parsed) {
    if (!row) continue;
    try {
      personIds.set(row.idNumber, (await findPersonByIdNumber(db, vault, actor, row.idNumber)).id);
    } catch (err) {
      if (!(err instanceof AppError && err.statusCode === 404)) throw err;
    }
  }

  const fail = (): never => {
    const bad = reports.filter((r) => !r.ok);
    throw new AppError(422, 'IMPORT_ROWS_INVALID', `有 ${bad.length} 行未通过校验，未导入任何数据（首个问题：第 ${bad[0]!.line} 行 ${bad[0]!.errors[0]}）`, `${bad.length} rows failed validation; nothing imported`, { rows: reports });
  };

  return withScope(db, actor, async (tx) => {
    const villages = new Map<string, { code: string; path: string; name: string; level: string }>();
    const found = await regionPathsByCode(tx, [...new Set(parsed.filter(Boolean).map((r) => r!.villageCode))]);
    for (const [code, r] of found) villages.set(code, { code, ...r });
    const linked = [...personIds.values()];
    const active = linked.length ? await tx.select({ personId: cadres.personId }).from(cadres).where(and(inArray(cadres.personId, linked), eq(cadres.status, 'active'))) : [];
    const activeSet = new Set(active.map((a) => a.personId));
    const linkedViews = new Map((await personViewsByIds(tx, linked)).map((p) => [p.id, p]));
    parsed.forEach((row, i) => {
      if (!row) return;
      const r = reports[i]!;
      const v = villages.get(row.villageCode);
      if (!v) r.errors.push(`村(社区)代码 ${row.villageCode} 不存在或不在您的数据范围内`);
      else if (v.level !== 'village') r.errors.push(`${row.villageCode}（${v.name}）不是村（社区）`);
      const pid = personIds.get(row.idNumber);
      if (pid !== undefined && !linkedViews.has(pid)) r.errors.push('该身份证号对应的人员不在您的数据范围内');
      if (pid !== undefined && activeSet.has(pid)) r.errors.push('该人员已是在岗村干部');
      r.ok = r.errors.length === 0;
      r.action = r.ok ? (pid !== undefined ? 'link' : 'create') : null;
    });
    if (reports.some((r) => !r.ok)) {
      if (input.dryRun) return { imported: 0, rows: reports };
      fail();
    }
    if (input.dryRun) return { imported: 0, rows: reports };

    // New persons in one batch, then cadres row by row (each gets its timeline and checks).
    const toCreate = parsed.filter((r) => r && !personIds.has(r.idNumber)) as ParsedRow[];
    const newRows = toCreate.map((r) => {
      const v = villages.get(r.villageCode)!;
      return personRow(vault, actor.countyCode, { name: r.name, idNumber: r.idNumber, relation: '其他', politicalStatus: r.input.politicalStatus ?? 'masses', education: r.input.education ?? '无', roles: ['resident', 'village_cadre'] }, { path: v.path, regionCode: v.code, householdId: null });
    });
    const newIds = await insertPersonRows(tx, newRows);
    toCreate.forEach((r, i) => personIds.set(r.idNumber, newIds[i]!));
    const views = new Map((await personViewsByIds(tx, [...personIds.values()])).map((p) => [p.id, p]));
    const created: number[] = [];
    for (const row of parsed as ParsedRow[]) {
      const person = views.get(personIds.get(row.idNumber)!)!;
      const c = await insertCadre(tx, actor, person, villages.get(row.villageCode)!, row.input);
      created.push(c.id);
    }
    await audit(tx, actor, { action: 'cadre.import', entity: 'cadre', entityId: null, path: `c${actor.countyCode}`, after: { rows: reports.length, created: created.length, newPersons: newIds.length } });
    return { imported: created.length, rows: reports };
  });
}

/** The import template: the header row and one example row (every cell text, so Excel keeps the ID number's 18 digits). */
export function importTemplate(): ExportTable {
  return { sheet: '村干部名册', header: [...IMPORT_HEADER], rows: [['张三', '11010519491231002X', '320582100201', '党组织书记', '选举产生', '2021-01-05', '本科', '中共党员', '2021-01-05', '2026-01-04', '否', '5']] };
}

export async function exportCadres(db: Db, actor: Actor, f: Omit<CadreFilter, 'page' | 'pageSize'>): Promise<ExportTable & { count: number }> {
  return withScope(db, actor, async (tx) => {
    const list = await tx.select().from(cadres).where(and(...(await cadreConditions(tx, f)))).orderBy(asc(cadres.villageCode), asc(cadres.id)).limit(50_000);
    const views = await cadreViews(tx, list);
    const masks = new Map<number, string>();
    for (let i = 0; i < list.length; i += 1000) for (const p of await personViewsByIds(tx, list.slice(i, i + 1000).map((c) => c.personId))) masks.set(p.id, p.idNumber);
    const rowsOut = views.map((v) => [
      v.name, v.sex === 'M' ? '男' : '女', v.birthDate, v.age, masks.get(v.personId) ?? '', v.townName, v.villageName, v.villageCode,
      POST_LABELS[v.post], SOURCE_CHANNEL_LABELS[v.sourceChannel], v.education, POLITICAL_LABELS[v.politicalStatus] ?? v.politicalStatus,
      v.joinedOn, v.termStart && v.termEnd ? `${v.termStart}至${v.termEnd}` : '', v.isReserve ? '是' : '否', PAY_POST_LABELS[v.payPost], v.payLevel, CADRE_STATUS_LABELS[v.status],
    ]);
    await audit(tx, actor, { action: 'cadre.export', entity: 'cadre', entityId: null, path: f.region ? (await regionRef(tx, f.region)).path : `c${actor.countyCode}`, after: { count: list.length, filter: f } });
    return {
      sheet: '村干部名册',
      header: ['姓名', '性别', '出生日期', '年龄', '身份证号（脱敏）', '镇（街道）', '村（社区）', '村（社区）代码', '岗位', '来源渠道', '学历', '政治面貌', '任职日期', '届期', '后备', '薪酬岗位', '薪酬等级', '状态'],
      rows: rowsOut,
      count: list.length,
    };
  });
}

/** Headline figures of the team in a region: by post, channel, education, age band; reserves. */
export async function cadreSummary(db: Db, actor: Actor, region?: string) {
  return withScope(db, actor, async (tx) => {
    const conds: SQL[] = [eq(cadres.status, 'active')];
    if (region) conds.push(sql`${cadres.path} <@ ${(await regionRef(tx, region)).path}::ltree`);
    const list = await tx.select({ post: cadres.post, birthDate: cadres.birthDate, education: cadres.education, channel: cadres.sourceChannel, isReserve: cadres.isReserve, villageCode: cadres.villageCode, sex: cadres.sex }).from(cadres).where(and(...conds));
    const on = today();
    const count = <K extends string>(keys: readonly K[], f: (c: (typeof list)[number]) => K) => Object.fromEntries(keys.map((k) => [k, list.filter((c) => f(c) === k).length])) as Record<K, number>;
    const secretaries = list.filter((c) => c.post === 'secretary');
    const eduGroup = (e: string) => (educationRank(e) >= 6 ? 'postgraduate' : educationRank(e) >= 5 ? 'bachelor' : educationRank(e) >= 4 ? 'college' : 'highSchoolOrBelow');
    const EDU_GROUPS = ['highSchoolOrBelow', 'college', 'bachelor', 'postgraduate'] as const;
    const secAges = secretaries.map((c) => ageOn(c.birthDate, on));
    return {
      total: list.length,
      secretaries: secretaries.length,
      villages: new Set(list.map((c) => c.villageCode)).size,
      reserves: list.filter((c) => c.isReserve).length,
      women: list.filter((c) => c.sex === 'F').length,
      secretaryAverageAge: secAges.length ? Math.round((secAges.reduce((a, b) => a + b, 0) / secAges.length) * 10) / 10 : null,
      byPost: count(POSTS, (c) => c.post as Post),
      byChannel: count(SOURCE_CHANNELS, (c) => c.channel as SourceChannel),
      byEducation: count(EDU_GROUPS, (c) => eduGroup(c.education)),
      byAgeBand: count(AGE_BANDS, (c) => ageBand(ageOn(c.birthDate, on))),
      secretariesByAgeBand: count(AGE_BANDS, (c) => (c.post === 'secretary' ? ageBand(ageOn(c.birthDate, on)) : ('none' as AgeBand))),
    };
  });
}
