import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/auth/plugin';
import { pageSchema, pagingQuery } from '../../platform/http/paging';
import type { AppDeps } from '../../app';
import { regionCode } from '../regions/routes';
import { EDUCATIONS, PERSON_ROLES, POLITICAL_STATUSES, RELATIONS } from './rules';
import { createPerson, findPersonByIdNumber, getHousehold, getPerson, listHouseholds, listPersons, revealPerson, updatePerson } from './service';

export const PersonSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  age: z.number().int(),
  idNumber: z.string().describe('脱敏身份证号'),
  phone: z.string().nullable().describe('脱敏手机号'),
  householdId: z.number().int().nullable(),
  householdCode: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  politicalStatus: z.string(),
  education: z.string(),
  relation: z.string(),
  roles: z.array(z.string()),
});

const HouseholdSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  address: z.string(),
  headName: z.string().nullable(),
  size: z.number().int(),
  regionCode: z.string(),
  regionName: z.string(),
  isLiaison: z.boolean(),
  liaison: z.object({ id: z.number().int(), headName: z.string().nullable() }).nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
});

const idParam = z.object({ id: z.coerce.number().int().positive('编号必须是正整数') });
const personName = z.string().trim().min(1, '姓名不能为空').max(40, '姓名过长');
const phone = z.string().regex(/^1[3-9]\d{9}$/, '手机号应为 11 位，以 1 开头');

const PersonCreate = z.strictObject({
  name: personName,
  idNumber: z.string().trim().length(18, '身份证号应为 18 位'),
  phone: phone.nullish(),
  householdId: z.number().int().positive().nullish(),
  regionCode: regionCode.nullish(),
  relation: z.enum(RELATIONS).default('其他'),
  politicalStatus: z.enum(POLITICAL_STATUSES).default('masses'),
  education: z.enum(EDUCATIONS).default('无'),
  roles: z.array(z.enum(PERSON_ROLES)).max(6).default(['resident']),
});

const PersonPatch = z.strictObject({
  name: personName.optional(),
  phone: phone.nullable().optional(),
  relation: z.enum(RELATIONS).optional(),
  politicalStatus: z.enum(POLITICAL_STATUSES).optional(),
  education: z.enum(EDUCATIONS).optional(),
  roles: z.array(z.enum(PERSON_ROLES)).max(6).optional(),
});

const tags = ['people'];

export const peopleRoutes = (deps: AppDeps): FastifyPluginAsyncZod => async (app) => {
  const { db } = deps.database;
  app.get('/api/persons', {
    config: { permission: 'person:read' },
    schema: {
      tags,
      summary: '人员列表（按区域子树、姓名片段、性别、政治面貌、角色、年龄筛选；个人信息脱敏）',
      querystring: z.object({
        region: regionCode.optional(),
        q: z.string().trim().max(20, '搜索词过长').optional(),
        sex: z.enum(['M', 'F']).optional(),
        politicalStatus: z.enum(POLITICAL_STATUSES).optional(),
        role: z.enum(PERSON_ROLES).optional(),
        ageMin: z.coerce.number().int().min(0).max(150).optional(),
        ageMax: z.coerce.number().int().min(0).max(150).optional(),
        ...pagingQuery,
      }),
      response: { 200: pageSchema(PersonSchema).extend({ totalCapped: z.boolean().describe('姓名搜索最多计数 1000 人：为 true 时匹配人数超过 total，仅列出其中 total 人') }) },
    },
  }, async (req) => listPersons(db, actorOf(req), req.query));

  app.get('/api/persons/lookup', {
    config: { permission: 'person:pii' },
    schema: { tags, summary: '按身份证号查找（密钥哈希检索，留痕）', querystring: z.object({ idNumber: z.string().trim().length(18, '身份证号应为 18 位') }), response: { 200: PersonSchema } },
  }, async (req) => findPersonByIdNumber(db, deps.vault, actorOf(req), req.query.idNumber));

  app.get('/api/persons/:id', {
    config: { permission: 'person:read' },
    schema: { tags, summary: '人员详情（脱敏）', params: idParam, response: { 200: PersonSchema.extend({ address: z.string().nullable() }) } },
  }, async (req) => getPerson(db, actorOf(req), req.params.id));

  app.post('/api/persons/:id/reveal', {
    config: { permission: 'person:pii' },
    schema: { tags, summary: '查看完整身份证号与手机号（审计留痕）', params: idParam, response: { 200: z.object({ idNumber: z.string(), phone: z.string().nullable() }) } },
  }, async (req) => revealPerson(db, deps.vault, actorOf(req), req.params.id));

  app.post('/api/persons', {
    config: { permission: 'person:write' },
    schema: { tags, summary: '登记人员（校验身份证号，出生日期与性别由号码推出）', body: PersonCreate, response: { 201: PersonSchema } },
  }, async (req, reply) => reply.status(201).send(await createPerson(db, deps.vault, actorOf(req), req.body)));

  app.patch('/api/persons/:id', {
    config: { permission: 'person:write' },
    schema: { tags, summary: '修改人员信息', params: idParam, body: PersonPatch, response: { 200: PersonSchema } },
  }, async (req) => updatePerson(db, deps.vault, actorOf(req), req.params.id, req.body));

  app.get('/api/households', {
    config: { permission: 'household:read' },
    schema: { tags, summary: '户列表', querystring: z.object({ region: regionCode.optional(), q: z.string().trim().max(40).optional(), ...pagingQuery }), response: { 200: pageSchema(HouseholdSchema) } },
  }, async (req) => listHouseholds(db, actorOf(req), req.query));

  app.get('/api/households/:id', {
    config: { permission: 'household:read' },
    schema: { tags, summary: '户详情及成员', params: idParam, response: { 200: HouseholdSchema.extend({ members: z.array(PersonSchema) }) } },
  }, async (req) => getHousehold(db, actorOf(req), req.params.id));
};
