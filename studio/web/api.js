// i2v studio: the HTTP API next to this page, its API key, and uploads to presigned URLs.

import { $ } from './dom.js';

export const KEY_STORE = 'i2v.apiKey'; // sessionStorage only: gone when the tab closes

export class ApiError extends Error {
  constructor(code, status, message) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export function randomKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// ---------- API key: asked once (on the first 401), kept in this tab's session storage only
let keyPrompt = null;
function askKey(reason) {
  if (keyPrompt) return keyPrompt;
  const dialog = $('key-dialog');
  $('key-reason').textContent = reason || 'This service needs an API key.';
  $('api-key').value = '';
  keyPrompt = new Promise((resolve) => {
    dialog.addEventListener('close', function done() {
      dialog.removeEventListener('close', done);
      keyPrompt = null;
      const key = $('api-key').value.trim();
      if (dialog.returnValue === 'ok' && key) {
        sessionStorage.setItem(KEY_STORE, key);
        showAccount();
        resolve(true);
      } else {
        resolve(false);
      }
    });
  });
  dialog.showModal();
  $('api-key').focus();
  return keyPrompt;
}

export function showAccount(extra) {
  const key = sessionStorage.getItem(KEY_STORE);
  $('account').hidden = !key && !extra;
  $('account-text').textContent = [key ? 'API key set for this tab.' : '', extra || ''].filter(Boolean).join(' ');
  $('forget-key').hidden = !key;
}

// ---------- HTTP
export async function api(method, path, body, { idempotencyKey } = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const key = sessionStorage.getItem(KEY_STORE);
    if (key) headers.Authorization = `Bearer ${key}`;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError('network', 0, e.message);
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: shown as text below */ }
    if (res.ok) return json;
    const err = json && json.error ? json.error : { code: `http_${res.status}`, message: text.slice(0, 300) || res.statusText };
    if (res.status === 401 && attempt < 3) {
      sessionStorage.removeItem(KEY_STORE);
      showAccount();
      const reason = key ? 'That key was not accepted. Enter a valid API key.' : 'This service needs an API key.';
      if (await askKey(reason)) continue;
    }
    throw new ApiError(err.code, res.status, err.message);
  }
}

// A presigned PUT with upload progress (fetch cannot report upload progress; XMLHttpRequest can).
export function put(url, headers, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [k, v] of Object.entries(headers || {})) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => (xhr.status >= 200 && xhr.status < 300 ? resolve()
      : reject(new ApiError('upload_failed', xhr.status, `storage answered HTTP ${xhr.status} for ${file.name}`))));
    xhr.addEventListener('error', () => reject(new ApiError('upload_failed', 0, `the upload of ${file.name} was interrupted`)));
    xhr.send(file);
  });
}

export function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new ApiError('invalid_request', 0, `${file.name} could not be read`));
    reader.readAsDataURL(file);
  });
}
