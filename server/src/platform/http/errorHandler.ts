import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from './errors';

function wantsEnglish(req: FastifyRequest): boolean {
  const lang = (req.headers['x-lang'] as string | undefined) ?? req.headers['accept-language'] ?? '';
  return /^en/i.test(lang);
}

export function sendError(req: FastifyRequest, reply: FastifyReply, status: number, code: string, zh: string, en?: string, details?: unknown) {
  const message = wantsEnglish(req) && en ? en : zh;
  return reply.status(status).send({ error: { code, message, ...(details ? { details } : {}) } });
}

const FIELD_NAMES: Record<string, string> = {
  idNumber: '身份证号', phone: '手机号', name: '姓名', uscc: '统一社会信用代码', regionCode: '区域代码',
  username: '用户名', password: '密码', code: '代码', page: '页码', pageSize: '每页条数',
};

/** Database errors a client can provoke are 4xx, never 500. */
const PG_ERRORS: Record<string, [number, string, string, string]> = {
  '23505': [409, 'DUPLICATE', '数据已存在（重复）', 'Duplicate record'],
  '23503': [409, 'REFERENCE', '引用的数据不存在或仍被引用', 'Referenced record missing or in use'],
  '23514': [400, 'CHECK_FAILED', '数据不符合约束条件', 'Constraint check failed'],
  '42501': [403, 'OUT_OF_SCOPE', '超出您的数据范围', 'Outside your data scope'],
  '22P02': [400, 'BAD_VALUE', '参数格式不正确', 'Malformed value'],
  '22001': [400, 'TOO_LONG', '输入内容过长', 'Value too long'],
  '22007': [400, 'BAD_DATE', '日期格式不正确', 'Malformed date'],
  '22008': [400, 'BAD_DATE', '日期超出范围', 'Date out of range'],
  '22003': [400, 'OUT_OF_RANGE', '数值超出范围', 'Number out of range'],
  '0A000': [400, 'UNSUPPORTED', '不支持的请求', 'Unsupported request'],
  '40001': [409, 'CONCURRENT_UPDATE', '数据正被他人修改，请重试', 'Concurrent update, retry'],
  '40P01': [409, 'CONCURRENT_UPDATE', '数据正被他人修改，请重试', 'Concurrent update, retry'],
};

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { code?: string }, req, reply) => {
    if (err instanceof AppError) return sendError(req, reply, err.statusCode, err.code, err.message, err.messageEn, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => {
        const field = String(v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
        const label = FIELD_NAMES[field.split('.').pop() ?? ''] ?? field;
        const params = v.params as { issue?: { message?: string; code?: string; keys?: string[] } } | undefined;
        const issue = params?.issue;
        if (issue?.code === 'unrecognized_keys') return `不允许的字段：${(issue.keys ?? []).join('、')}`;
        return `${label ? label + '：' : ''}${issue?.message ?? v.message ?? '格式不正确'}`;
      });
      const where = err.validationContext === 'querystring' ? '查询参数' : err.validationContext === 'params' ? '路径参数' : '请求内容';
      return sendError(req, reply, 400, 'VALIDATION', `${where}不合法：${issues.join('；')}`, `Invalid ${err.validationContext}: ${issues.join('; ')}`, { issues });
    }
    // Drizzle wraps driver errors: the SQLSTATE is on the cause.
    const code = err.code ?? (err as { cause?: { code?: string } }).cause?.code ?? '';
    if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && err.statusCode === 400))
      return sendError(req, reply, 400, 'MALFORMED_JSON', '请求体不是合法的 JSON', 'Malformed JSON body');
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(req, reply, 413, 'BODY_TOO_LARGE', '请求体过大', 'Request body too large');
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(req, reply, 415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请使用 application/json', 'Unsupported media type');
    if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return sendError(req, reply, 400, 'EMPTY_BODY', '请求体不能为空', 'Empty JSON body');
    if (code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return sendError(req, reply, 400, 'BAD_LENGTH', '请求长度不正确', 'Invalid content length');
    if (err.statusCode === 429) return sendError(req, reply, 429, 'RATE_LIMITED', '请求过于频繁，请稍后再试', 'Too many requests');
    const pg = PG_ERRORS[code];
    if (pg) {
      req.log.info({ err: err.message, code }, 'database rejected a client request');
      return sendError(req, reply, pg[0], pg[1], pg[2], pg[3]);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return sendError(req, reply, err.statusCode, 'BAD_REQUEST', '请求不合法', err.message);
    req.log.error({ err }, 'unhandled error');
    return sendError(req, reply, 500, 'INTERNAL', '服务器内部错误，请稍后重试', 'Internal server error');
  });
}
