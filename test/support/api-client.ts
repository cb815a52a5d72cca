/** A small JSON client for /api/v1 and /fhir/R4 as one signed-in user. */
export interface ApiResult {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult> {
  const isFhir = path.startsWith('/fhir/');
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': isFhir ? 'application/fhir+json' : 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Signs in; returns the whole answer (tokens, scope, user). */
export async function login(baseUrl: string, username: string, password: string, extra: Record<string, string> = {}): Promise<ApiResult> {
  return call(baseUrl, 'POST', '/api/v1/auth/login', undefined, { username, password, ...extra });
}
