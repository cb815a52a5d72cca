/**
 * The one way the app talks to the server. Cookies carry the session (httpOnly, set at
 * sign-in); every write echoes the CSRF cookie in X-CSRF-Token. An expired access token is
 * renewed once with the refresh cookie and the call repeated, so a user never sees a
 * 401 for a token that simply aged. Errors arrive as ApiError with the server's
 * field-level details, so a form can put each message next to its field.
 */

export interface ApiErrorDetail {
  field?: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  readonly requestId?: string;

  constructor(status: number, code: string, message: string, details: ApiErrorDetail[] = [], requestId?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }

  /** The message for one form field, if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.details.find((d) => d.field === field)?.message;
  }
}

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith('hale_csrf='));
  return match ? decodeURIComponent(match.slice('hale_csrf='.length)) : undefined;
}

/** Listeners told when the session is gone for good (the refresh failed too). */
const signedOutListeners = new Set<(reason: string) => void>();
export function onSignedOut(listener: (reason: string) => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

let refreshing: Promise<boolean> | undefined;

/** One refresh at a time: parallel 401s wait for the same renewal (refresh tokens are single-use). */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...(csrfToken() ? { 'x-csrf-token': csrfToken()! } : {}) },
    body: '{}',
  })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Sent as is (FormData, Blob); no JSON encoding. */
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Sign-in and refresh themselves must not try to refresh. */
  noRefresh?: boolean;
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string; details?: ApiErrorDetail[]; requestId?: string };
      issue?: { diagnostics?: string; expression?: string[] }[];
    };
    if (body.error)
      return new ApiError(
        response.status,
        body.error.code ?? 'error',
        body.error.message ?? response.statusText,
        body.error.details ?? [],
        body.error.requestId,
      );
    if (body.issue)
      return new ApiError(
        response.status,
        'operation-outcome',
        body.issue
          .map((i) => i.diagnostics)
          .filter(Boolean)
          .join('; ') || response.statusText,
        body.issue.map((i) => ({ field: i.expression?.[0], message: i.diagnostics ?? '' })),
      );
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, 'http-error', text.slice(0, 200) || response.statusText);
}

export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  const send = () => fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  let response: Response;
  try {
    response = await send();
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check the connection and try again.');
  }
  if (response.status === 401 && !options.noRefresh) {
    if (await refreshSession()) {
      if (method !== 'GET' && method !== 'HEAD') {
        const token = csrfToken();
        if (token) headers['x-csrf-token'] = token;
      }
      response = await send();
    }
    if (response.status === 401) {
      const error = await toApiError(response);
      for (const listener of signedOutListeners) listener(error.message);
      throw error;
    }
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

/** JSON in, JSON out; 204 gives undefined. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiFetch(path, options);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await response.text()) as T;
  return (await response.json()) as T;
}
