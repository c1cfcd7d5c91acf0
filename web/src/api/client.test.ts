import { describe, expect, it } from 'vitest';
import { ApiError, toApiError, unwrap } from './client';

const response = (status: number) => new Response(null, { status });

describe('API errors', () => {
  it('carry the server message and code', () => {
    const e = toApiError({ error: { code: 'ACCOUNT_LOCKED', message: '账号已锁定，请 15 分钟后再试' } }, response(423));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('ACCOUNT_LOCKED');
    expect(e.message).toBe('账号已锁定，请 15 分钟后再试');
    expect(e.status).toBe(423);
  });

  it('fall back to a Chinese message by status when the body has none', () => {
    expect(toApiError(undefined, response(403)).message).toBe('没有权限执行此操作');
    expect(toApiError('<html>', response(502)).message).toBe('服务器出错，请稍后重试');
  });

  it('unwrap returns data or throws', async () => {
    await expect(unwrap(Promise.resolve({ data: { ok: true }, response: response(200) }))).resolves.toEqual({ ok: true });
    await expect(unwrap(Promise.resolve({ error: { error: { code: 'X', message: '不行' } }, response: response(409) }))).rejects.toThrow('不行');
    await expect(unwrap(Promise.reject(new TypeError('fetch failed')))).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
