import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { getLang, translate } from '../app/i18n';

/** An API failure, carrying the server's `{ error: { code, message } }` (message already in the user's language). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export function readCookie(name: string): string | null {
  const prefix = `${name}=`;
  for (const part of document.cookie.split(';')) {
    const item = part.trim();
    if (item.startsWith(prefix)) return decodeURIComponent(item.slice(prefix.length));
  }
  return null;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Endpoints whose 401 is an answer, not a lost session (the login form, the session probe). */
const AUTH_PATHS = ['/api/auth/login', '/api/auth/me', '/api/auth/logout'];

let unauthorizedHandler: (() => void) | null = null;
/** The auth context registers how to send the user to /login (client-side navigation). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

const middleware: Middleware = {
  onRequest({ request }) {
    if (UNSAFE_METHODS.has(request.method.toUpperCase())) {
      const token = readCookie('xz_csrf');
      if (token) request.headers.set('x-csrf-token', token);
    }
    request.headers.set('accept-language', getLang() === 'en' ? 'en,zh-CN;q=0.5' : 'zh-CN,zh;q=0.9');
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401) {
      const path = new URL(request.url, window.location.origin).pathname;
      if (!AUTH_PATHS.includes(path)) {
        if (unauthorizedHandler) unauthorizedHandler();
        else if (window.location.pathname !== '/login') {
          const next = window.location.pathname + window.location.search;
          window.location.assign(`/login?next=${encodeURIComponent(next)}`);
        }
      }
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(middleware);

function fallbackMessage(status: number): string {
  if (status === 401) return translate('error.http.401');
  if (status === 403) return translate('error.http.403');
  if (status === 404) return translate('error.http.404');
  if (status === 409) return translate('error.http.409');
  if (status === 400 || status === 422) return translate('error.http.400');
  if (status === 429) return translate('error.http.429');
  if (status >= 500) return translate('error.http.500');
  return translate('error.http.other', { status });
}

export function toApiError(error: unknown, response: Response | undefined): ApiError {
  const status = response?.status ?? 0;
  if (error && typeof error === 'object' && 'error' in error) {
    const inner = (error as { error?: { code?: unknown; message?: unknown } }).error;
    if (inner && typeof inner.message === 'string' && inner.message) {
      return new ApiError(status, typeof inner.code === 'string' ? inner.code : 'ERROR', inner.message);
    }
  }
  return new ApiError(status, `HTTP_${status}`, fallbackMessage(status));
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError with the server's message. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, 'NETWORK', translate('error.network'));
  }
  const { data, error, response } = result;
  if (error !== undefined || !response.ok) throw toApiError(error, response);
  return data as T;
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return translate('error.unknown');
}
