/**
 * Talking to the API: the token lives in sessionStorage (gone when the tab closes) and travels only in the
 * Authorization header, never in a URL.
 */
import { t } from './i18n.js';

const TOKEN_KEY = 'sluice.token';

/** An error answer of the API. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** Called when the API says the token is not (or no longer) valid. */
let onUnauthorized: () => void = () => undefined;
export const whenUnauthorized = (fn: () => void): void => {
  onUnauthorized = fn;
};

/** A JSON request with the session's token. */
export async function api<T>(path: string, options: { method?: string; body?: unknown; token?: string } = {}): Promise<T> {
  const token = options.token ?? session.token();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    cache: 'no-store',
    credentials: 'omit',
  });
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok) {
    const error = new ApiError(res.status, body.error?.code ?? 'http_error', body.error?.message ?? t('api.httpError', { status: String(res.status) }));
    if (res.status === 401 && !options.token) onUnauthorized();
    throw error;
  }
  return body as T;
}

/** A query string from defined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
