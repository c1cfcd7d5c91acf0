import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../testing/world';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(() => w.close());

describe('API description', () => {
  it('serves the OpenAPI 3 document with every route and its Chinese summary', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/persons'].get.summary).toContain('人员');
    expect(doc.paths['/api/persons'].post.requestBody).toBeDefined();
  });

  it('serves interactive docs at /api/docs', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('reports health with the database kind', async () => {
    const res = await w.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toMatchObject({ status: 'ok', database: expect.stringMatching(/pglite|postgres/) });
  });
});
