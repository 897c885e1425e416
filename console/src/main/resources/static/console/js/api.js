// The console's only way to the platform: the public HTTP API under /api/v1, with the signed-in
// caller's bearer token. Answers that are problems (application/problem+json) become thrown Problem
// objects, so every page shows the API's own title, detail and field.

const SESSION = 'atrium.console.session';

export class Problem extends Error {
  constructor(body, status) {
    super(body.detail || body.title || `HTTP ${status}`);
    this.status = status;
    this.type = body.type || '';
    this.title = body.title || `HTTP ${status}`;
    this.detail = body.detail || '';
    this.field = body.field || null;
    this.rule = body.rule || null;
    this.entry = body.entry ?? null;
    this.retryAfter = null;
  }

  /** The slug of the problem's type (https://atrium.dev/problems/<slug>). */
  get slug() {
    return this.type.substring(this.type.lastIndexOf('/') + 1);
  }
}

let session = load();
const listeners = new Set();

function load() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION)) || null;
  } catch {
    return null;
  }
}

function store(next) {
  session = next;
  if (next) {
    sessionStorage.setItem(SESSION, JSON.stringify(next));
  } else {
    sessionStorage.removeItem(SESSION);
  }
  listeners.forEach((l) => l(next));
}

export function currentSession() {
  return session;
}

export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function problemOf(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    body = { title: `HTTP ${response.status}` };
  }
  const problem = new Problem(body, response.status);
  problem.retryAfter = response.headers.get('Retry-After');
  return problem;
}

function unreachable(error) {
  return new Problem({ title: 'The server could not be reached', detail: String(error.message || error) }, 0);
}

function url(path, query) {
  const u = new URL(path, window.location.origin);
  Object.entries(query || {}).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, v);
  });
  return u.pathname + u.search;
}

let refreshing = null;

/**
 * A member's access token lasts minutes: a 401 is retried once after the refresh token renews it.
 * Every request refused at once shares one refresh: a refresh token is spent by its first use, and
 * presenting it twice makes the API revoke the whole login as a stolen token.
 */
function refreshed(refused) {
  if (!refused || refused.kind !== 'member' || !refused.refreshToken) {
    // A key the API no longer accepts stays refused: sign out rather than fail every page.
    if (refused && refused.kind === 'key' && session === refused) store(null);
    return Promise.resolve(false);
  }
  if (session !== refused) return Promise.resolve(!!session);
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const response = await fetch('/api/v1/auth/refresh', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refreshToken: refused.refreshToken }),
        });
        if (response.status === 401) {
          if (session === refused) store(null);
          return false;
        }
        if (!response.ok) return false;
        const tokens = await response.json();
        // Signed out meanwhile: the new tokens are not kept.
        if (session !== refused) return false;
        store({ ...refused, token: tokens.accessToken, refreshToken: tokens.refreshToken });
        return true;
      } catch {
        return false;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

export async function request(method, path, { body, bytes, query, headers = {}, raw = false } = {}, retried = false) {
  const init = { method, headers: { ...headers } };
  const sent = session;
  if (sent) init.headers.Authorization = `Bearer ${sent.token}`;
  if (bytes !== undefined) {
    // A body sent as it is (an image), with its own type.
    init.headers['Content-Type'] = bytes.type || 'application/octet-stream';
    init.body = bytes;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url(path, query), init);
  } catch (e) {
    throw unreachable(e);
  }
  if (response.status === 401 && !retried && (await refreshed(sent))) {
    return request(method, path, { body, bytes, query, headers, raw }, true);
  }
  if (!response.ok) throw await problemOf(response);
  if (raw) return response;
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

export const get = (path, query) => request('GET', path, { query });
export const post = (path, body) => request('POST', path, { body: body ?? {} });
export const patch = (path, body) => request('PATCH', path, { body });
export const del = (path) => request('DELETE', path);
/** Sends a file (a Blob with its type) as the request's body. */
export const putFile = (path, file) => request('PUT', path, { bytes: file });

/** Icons kept as blob: URLs, the most recently used last; past this many the oldest is let go. */
const IMAGES_KEPT = 100;
const images = new Map();

function forgetImages() {
  images.forEach((url) => url.then((u) => URL.revokeObjectURL(u), () => {}));
  images.clear();
}

// Another caller's images are not kept for the next one, nor their memory for the page's life.
onSessionChange((next) => { if (!next) forgetImages(); });

/**
 * An image the API answers behind the bearer token (an icon), as a blob: URL an <img> can show: an
 * <img src> cannot send the token. Kept per digest (at most IMAGES_KEPT, the least recently used
 * revoked first), so an icon is fetched once while it is in use.
 */
export async function imageUrl(path, digest) {
  const key = path + '@' + digest;
  let url = images.get(key);
  if (url) {
    images.delete(key);
  } else {
    url = request('GET', path, { raw: true })
      .then((response) => response.blob())
      .then((blob) => URL.createObjectURL(blob));
    url.catch(() => images.get(key) === url && images.delete(key));
  }
  images.set(key, url);
  while (images.size > IMAGES_KEPT) {
    const [oldest, kept] = images.entries().next().value;
    images.delete(oldest);
    kept.then((u) => URL.revokeObjectURL(u), () => {});
  }
  return url;
}

/**
 * Reads a path once the read model has applied a command's position: the API waits up to its own
 * limit and answers 503 not-yet-readable past it, which is retried a few times.
 */
export async function readAfter(path, position, query = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await get(path, { ...query, minPosition: position });
    } catch (e) {
      if (!(e instanceof Problem) || e.slug !== 'not-yet-readable' || attempt >= 5) throw e;
    }
  }
}

export async function signInWithPassword(tenant, email, password, code) {
  let response;
  try {
    response = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant, email, password, code: code || null }),
    });
  } catch (e) {
    throw unreachable(e);
  }
  if (!response.ok) throw await problemOf(response);
  const tokens = await response.json();
  store({ kind: 'member', token: tokens.accessToken, refreshToken: tokens.refreshToken });
  return whoAmI();
}

export async function signInWithKey(key) {
  store({ kind: 'key', token: key.trim() });
  try {
    return await whoAmI();
  } catch (e) {
    store(null);
    throw e;
  }
}

export function whoAmI() {
  return get('/api/v1/me');
}

export async function signOut() {
  const ending = session;
  store(null);
  if (ending && ending.kind === 'member' && ending.refreshToken) {
    try {
      await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: ending.refreshToken }),
      });
    } catch {
      // Signed out here either way; the refresh token expires on its own.
    }
  }
}

/**
 * Uploads a multipart form with progress: fetch cannot report upload progress, XMLHttpRequest can.
 * Resolves with the answer's JSON, rejects with a Problem.
 */
export async function upload(path, form, onProgress) {
  const sent = session;
  try {
    return await send(path, form, onProgress, sent);
  } catch (e) {
    // A member's access token that expired while the page sat idle: renewed once, the upload sent again.
    if (e instanceof Problem && e.status === 401 && (await refreshed(sent))) {
      onProgress(0);
      return send(path, form, onProgress, session);
    }
    throw e;
  }
}

function send(path, form, onProgress, sent) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (sent) xhr.setRequestHeader('Authorization', `Bearer ${sent.token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body = {};
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      } catch {
        body = { title: `HTTP ${xhr.status}` };
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(body);
      } else {
        reject(new Problem(body, xhr.status));
      }
    };
    xhr.onerror = () => reject(unreachable(new Error('network error')));
    xhr.send(form);
  });
}

/**
 * Reads a text/event-stream answer with fetch (EventSource cannot send the bearer header, nor POST):
 * calls onEvent(name, data) for each event until the stream ends or the signal aborts.
 */
export async function stream(method, path, onEvent, signal, retried = false) {
  const sent = session;
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${sent ? sent.token : ''}`, Accept: 'text/event-stream' },
    signal,
  }).catch((e) => {
    if (e.name === 'AbortError') return null;
    throw unreachable(e);
  });
  if (!response) return;
  if (response.status === 401 && !retried && (await refreshed(sent))) {
    return stream(method, path, onEvent, signal, true);
  }
  if (!response.ok) throw await problemOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (e) {
      if (e.name === 'AbortError') return;
      throw e;
    }
    if (chunk.done) return;
    buffer += chunk.value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.substring(0, end);
      buffer = buffer.substring(end).replace(/^\r?\n\r?\n/, '');
      let name = 'message';
      const data = [];
      block.split(/\r?\n/).forEach((line) => {
        if (line.startsWith('event:')) name = line.substring(6).trim();
        else if (line.startsWith('data:')) data.push(line.substring(5).replace(/^ /, ''));
      });
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}

/** Fetches an export with the bearer header and hands it to the browser as a download. */
export async function download(path, query, file) {
  const response = await request('GET', path, { query, raw: true });
  const blob = await response.blob();
  const text = await blob.text();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = file;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  return text.split('\n').filter((l) => l.trim()).length;
}
