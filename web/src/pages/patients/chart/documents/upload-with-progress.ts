/**
 * A document upload that reports its progress. fetch() cannot tell how much of a request body
 * has been sent, XMLHttpRequest can (upload.onprogress), so this one call uses it, with what
 * api() does for every other call: the CSRF header, one session renewal on a 401, and the
 * server's error body turned into an ApiError (its message and field details).
 */
import { ApiError, refreshSession, type ApiErrorDetail } from '../../../../api/http.ts';

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith('hale_csrf='));
  return match ? decodeURIComponent(match.slice('hale_csrf='.length)) : undefined;
}

/** The server's JSON error body, or a plain sentence for what a proxy may answer instead. */
export function errorFrom(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: ApiErrorDetail[]; requestId?: string } };
    if (body.error?.message)
      return new ApiError(status, body.error.code ?? 'error', body.error.message, body.error.details ?? [], body.error.requestId);
  } catch {
    // not JSON: fall through
  }
  if (status === 413) return new ApiError(413, 'payload-too-large', 'The file is larger than this server accepts.');
  return new ApiError(status, 'http-error', text.slice(0, 200) || `The upload failed (HTTP ${status}).`);
}

interface Answer {
  status: number;
  text: string;
}

function send(url: string, body: FormData, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload did not reach the server. Check the connection and try again.'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

export async function uploadWithProgress<T>(
  url: string,
  body: FormData,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  let answer = await send(url, body, onProgress, signal);
  if (answer.status === 401 && (await refreshSession())) {
    onProgress(0);
    answer = await send(url, body, onProgress, signal);
  }
  if (answer.status >= 200 && answer.status < 300) return JSON.parse(answer.text) as T;
  throw errorFrom(answer.status, answer.text);
}
