/** The one error shape: { error: { code, message } }. Messages are Chinese; English on request. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly messageEn?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, messageEn?: string, details?: unknown) =>
  new AppError(400, code, message, messageEn, details);
export const unauthorized = (message = '请先登录', messageEn = 'Please sign in') => new AppError(401, 'UNAUTHENTICATED', message, messageEn);
export const forbidden = (message = '没有权限执行此操作', messageEn = 'Permission denied') => new AppError(403, 'FORBIDDEN', message, messageEn);
export const notFound = (what: string, whatEn = 'Resource') => new AppError(404, 'NOT_FOUND', `${what}不存在或不在您的数据范围内`, `${whatEn} not found or outside your scope`);
export const conflict = (code: string, message: string, messageEn?: string, details?: unknown) => new AppError(409, code, message, messageEn, details);
export const unprocessable = (code: string, message: string, messageEn?: string) => new AppError(422, code, message, messageEn);
