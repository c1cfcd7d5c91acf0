import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { addUser, buildWorld, signIn, PASSWORD, type World } from '../../testing/world';
import { actorFor, resolveSession } from './service';
import { users } from './schema';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
  await addUser(w, 'county', ['county_admin'], 'all', w.codes.county);
  await addUser(w, 'locker', ['grid_worker'], 'own_and_below', w.codes.groupA1);
});
afterAll(() => w.close());

describe('signing in', () => {
  it('sets an HttpOnly SameSite session cookie and a readable CSRF cookie', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'county', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'xz_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    const csrf = res.cookies.find((c) => c.name === 'xz_csrf')!;
    expect(csrf.httpOnly).toBeFalsy();
    expect(res.json().user.scope.kind).toBe('all');
    expect(res.json().user.permissions).toContain('person:pii');
  });

  it('rejects a wrong password with a Chinese message and no session', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'county', password: 'nope12345' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('用户名或密码错误');
    expect(res.cookies.find((c) => c.name === 'xz_session')).toBeUndefined();
  });

  it('gives the same answer for an unknown user as for a wrong password', async () => {
    const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'nope12345' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('用户名或密码错误');
  });

  it('locks the account after five failures, even for the right password', async () => {
    for (let i = 0; i < 4; i++) {
      const r = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locker', password: 'wrong1234' } });
      expect(r.statusCode).toBe(401);
    }
    const fifth = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locker', password: 'wrong1234' } });
    expect(fifth.statusCode).toBe(403);
    expect(fifth.json().error.message).toContain('锁定');
    const right = await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locker', password: PASSWORD } });
    expect(right.statusCode).toBe(403);
    // An administrator unlocks it.
    const admin = await signIn(w, 'county');
    const list = (await admin.get('/api/admin/users?q=locker')).json();
    const unlock = await admin.send('POST', `/api/admin/users/${list.items[0].id}/unlock`);
    expect(unlock.statusCode).toBe(200);
    expect((await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locker', password: PASSWORD } })).statusCode).toBe(200);
  });
});

describe('requests', () => {
  it('refuses anonymous calls with 401', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/api/persons' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('请先登录');
  });

  it('requires the CSRF header on writes made with the session cookie', async () => {
    const c = await signIn(w, 'county');
    const body = { name: '测试企业', kind: 'enterprise', uscc: '91350100M000100Y43', regionCode: w.codes.townA };
    const without = await w.app.inject({ method: 'POST', url: '/api/organizations', headers: { cookie: c.cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.message).toContain('CSRF');
    const wrong = await c.send('POST', '/api/organizations', body, { 'x-csrf-token': 'forged' });
    expect(wrong.statusCode).toBe(403);
    const ok = await c.send('POST', '/api/organizations', body);
    expect(ok.statusCode).toBe(201);
  });

  it('accepts API tokens as Bearer without CSRF, and stops after revocation', async () => {
    const c = await signIn(w, 'county');
    const issued = await c.send('POST', '/api/admin/tokens', { name: '12345 热线对接' });
    expect(issued.statusCode).toBe(201);
    const { id, token } = issued.json();
    const auth = { authorization: `Bearer ${token}` };
    expect((await w.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth })).statusCode).toBe(200);
    expect((await c.send('DELETE', `/api/admin/tokens/${id}`)).statusCode).toBe(200);
    expect((await w.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth })).statusCode).toBe(401);
  });

  it('sends secure headers', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('ends the session on logout', async () => {
    const c = await signIn(w, 'county');
    await c.send('POST', '/api/auth/logout');
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('the session lookup', () => {
  // Each sign-in from its own address: the login route allows 20 attempts a minute per address.
  let signIns = 0;
  const sessionOf = async (username: string) => {
    const res = await w.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: `10.9.0.${++signIns}`, payload: { username, password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return res.cookies.find((c) => c.name === 'xz_session')!.value;
  };
  it('builds the same actor as reading roles, regions and person one by one, for every scope kind', async () => {
    await addUser(w, 'lk_town', ['town_officer'], 'own_and_below', w.codes.townA);
    await addUser(w, 'lk_village', ['village_secretary', 'grid_worker'], 'own', w.codes.villageA1);
    await addUser(w, 'lk_custom', ['town_officer'], 'custom', w.codes.county, { scopeRegionCodes: [w.codes.villageA2, w.codes.groupB1] });
    await addUser(w, 'lk_self', ['resident'], 'self', w.codes.groupA1, { personId: w.persons.a1 });
    for (const username of ['county', 'lk_town', 'lk_village', 'lk_custom', 'lk_self']) {
      const auth = await resolveSession(w.database.db, await sessionOf(username));
      expect(auth, username).not.toBeNull();
      const [user] = await w.database.db.select().from(users).where(eq(users.username, username));
      const fromLookup = await actorFor(w.database.db, auth!.user, '10.0.0.1', auth!.extras);
      const oneByOne = await actorFor(w.database.db, user, '10.0.0.1');
      const sorted = (a: typeof fromLookup) => ({ ...a, permissions: [...a.permissions].sort(), scope: JSON.parse(JSON.stringify(a.scope)) });
      expect(sorted(fromLookup), username).toEqual(sorted(oneByOne));
    }
    // The scopes really differ: the lookup did not flatten them to one shape.
    const custom = await resolveSession(w.database.db, await sessionOf('lk_custom'));
    expect(custom!.extras!.scopePaths).toHaveLength(2);
    const self = await resolveSession(w.database.db, await sessionOf('lk_self'));
    expect(self!.extras!.selfPath).toMatch(/^c320582\./);
  });

  it('finds no session for an unknown or logged-out token', async () => {
    expect(await resolveSession(w.database.db, 'no-such-token')).toBeNull();
    const token = await sessionOf('county');
    expect(await resolveSession(w.database.db, token)).not.toBeNull();
    await w.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `xz_session=${token}` } });
    expect(await resolveSession(w.database.db, token)).toBeNull();
  });
});
