// Calls to the console's API: the session cookie goes along by itself (HttpOnly, SameSite=Strict);
// every change carries the session's CSRF token, which lives only in this module's memory.

let csrfToken = null;
let onSessionEnded = () => {};

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export function setCsrfToken(token) {
  csrfToken = token;
}

export function whenSessionEnds(callback) {
  onSessionEnded = callback;
}

async function problemDetail(res) {
  try {
    const problem = await res.json();
    if (problem && problem.detail) {
      return problem.detail;
    }
  } catch (e) {
    // not JSON: fall back to the status line below
  }
  return `${res.status} ${res.statusText}`;
}

/** Sends a request; resolves with the JSON answer (null for 204), rejects with an ApiError. */
export async function api(method, path, body, headers = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) {
    init.headers['X-CSRF-Token'] = csrfToken;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.ok) {
    return res.status === 204 ? null : res.json();
  }
  const detail = await problemDetail(res);
  if (res.status === 401 && !path.endsWith('api/session')) {
    onSessionEnded(detail);
  }
  throw new ApiError(detail, res.status);
}

/**
 * Opens a server-sent event feed; calls onUpdate with each named event's JSON and onEnded with the
 * reason when the hub ends the feed (the session ended). Returns a function that closes it.
 */
export function feed(path, eventName, onUpdate, onEnded, onOpenChange) {
  const source = new EventSource(path, { withCredentials: true });
  source.addEventListener(eventName, (e) => onUpdate(JSON.parse(e.data)));
  source.addEventListener('ended', (e) => {
    source.close();
    onOpenChange(false);
    // The hub ends a feed when the session ends (or the hub stops): ask which.
    api('GET', 'api/session').then(() => onEnded(e.data)).catch((err) => {
      if (err.status === 401) {
        onSessionEnded(err.message);
      } else {
        onEnded(e.data);
      }
    });
  });
  source.addEventListener('open', () => onOpenChange(true));
  source.addEventListener('error', () => {
    onOpenChange(false);
    // EventSource reconnects by itself; a refused reconnect (401) closes it for good, so ask the
    // hub whether the session is still there.
    if (source.readyState === EventSource.CLOSED) {
      api('GET', 'api/session').catch((err) => {
        if (err.status === 401) {
          onSessionEnded(err.message);
        }
      });
    }
  });
  return () => {
    source.close();
    onOpenChange(false);
  };
}
