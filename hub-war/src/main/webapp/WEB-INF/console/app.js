// The console's shell: session (sign-in, expiry, sign-out), navigation between pages, notices
// and the two dialogs the pages share.
import { api, setCsrfToken, whenSessionEnds } from './api.js';
import { $, time } from './format.js';
import * as devices from './devices.js';
import * as streams from './streams.js';
import * as audit from './audit.js';
import * as hub from './hub.js';

const PAGES = { devices, streams, audit, hub };
const RIGHTS = { devices: 'RegistryRead', streams: 'ServiceConnect', audit: 'ServiceConnect', hub: 'RegistryRead' };

let session = null;
let current = null;
let expiryTimer = null;

/** What the signed-in policy may do, for the pages to show only what it may use. */
export function may(right) {
  return session !== null && session.rights.includes(right);
}

export function notify(message, bad = false) {
  const notice = $('notice');
  notice.textContent = message;
  notice.classList.toggle('bad', bad);
  notice.hidden = false;
}

export function clearNotice() {
  $('notice').hidden = true;
}

/** Asks a yes/no question in a modal dialog; resolves with the answer. */
export function confirmAction(title, text, yes) {
  const dialog = $('dialog-confirm');
  $('dialog-confirm-title').textContent = title;
  $('dialog-confirm-text').textContent = text;
  $('dialog-confirm-yes').textContent = yes;
  return new Promise((resolve) => {
    const done = (answer) => {
      $('dialog-confirm-yes').onclick = null;
      $('dialog-confirm-no').onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    $('dialog-confirm-yes').onclick = () => done(true);
    $('dialog-confirm-no').onclick = () => done(false);
    dialog.onclose = () => done(false);
    dialog.showModal();
    $('dialog-confirm-no').focus();
  });
}

/** Shows a device's connection string once, with a copy button. */
export function showConnectionString(intro, value) {
  const dialog = $('dialog-keys');
  $('dialog-keys-intro').textContent = intro;
  $('dialog-keys-value').value = value;
  $('dialog-keys-copied').textContent = '';
  dialog.onclose = () => {
    $('dialog-keys-value').value = '';
  };
  dialog.showModal();
  $('dialog-keys-copy').focus();
}

async function copyConnectionString() {
  const field = $('dialog-keys-value');
  try {
    await navigator.clipboard.writeText(field.value);
  } catch (e) {
    field.select();
    document.execCommand('copy');
  }
  $('dialog-keys-copied').textContent = 'Copied to the clipboard.';
}

function showOnly(id) {
  for (const page of document.querySelectorAll('main > .page')) {
    page.hidden = page.id !== id;
  }
}

function applyRights(root = document) {
  for (const node of root.querySelectorAll('[data-right]')) {
    node.hidden = !may(node.dataset.right);
  }
}

function firstAllowedPage() {
  return Object.keys(PAGES).find((name) => may(RIGHTS[name]));
}

function route() {
  if (!session) return;
  const wanted = location.hash.replace(/^#\//, '') || firstAllowedPage();
  const name = PAGES[wanted] ? wanted : firstAllowedPage();
  if (current) {
    PAGES[current].hide();
  }
  current = null;
  clearNotice();
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', false);
    if (link.dataset.page === name) link.setAttribute('aria-current', 'page');
  }
  if (!name || !may(RIGHTS[name])) {
    $('forbidden-text').textContent = name
      ? `Policy '${session.policy}' does not grant ${RIGHTS[name]}, which this page needs.`
      : `Policy '${session.policy}' grants none of the rights the console's pages need.`;
    showOnly('page-forbidden');
    return;
  }
  current = name;
  showOnly(`page-${name}`);
  document.title = `${name[0].toUpperCase()}${name.slice(1)} · devstreams console`;
  PAGES[name].show();
}

function signedIn(info) {
  session = info;
  setCsrfToken(info.csrfToken);
  $('who-policy').textContent = info.policy;
  $('who-expiry').textContent = `session ends ${time(info.expiresAt)}`;
  $('nav').hidden = false;
  $('who').hidden = false;
  applyRights();
  clearTimeout(expiryTimer);
  const left = new Date(info.expiresAt).getTime() - Date.now();
  expiryTimer = setTimeout(() => sessionEnded(`Your session expired at ${time(info.expiresAt)}: sign in again.`), Math.max(0, left) + 500);
  route();
}

/** Leaves every page and shows the sign-in form, with a message if given. */
function sessionEnded(message) {
  if (current) {
    PAGES[current].hide();
    current = null;
  }
  session = null;
  setCsrfToken(null);
  clearTimeout(expiryTimer);
  $('nav').hidden = true;
  $('who').hidden = true;
  const error = $('signin-error');
  error.textContent = message || '';
  error.hidden = !message;
  clearNotice();
  showOnly('page-signin');
  document.title = 'Sign in · devstreams console';
  $('signin-policy').focus();
}

async function signIn(event) {
  event.preventDefault();
  const policy = $('signin-policy').value.trim();
  const keyField = $('signin-key');
  const key = keyField.value.trim();
  keyField.value = '';
  const error = $('signin-error');
  if (!policy || !key) {
    error.textContent = 'Enter the policy name and its key.';
    error.hidden = false;
    return;
  }
  $('signin-submit').disabled = true;
  try {
    const info = await api('POST', 'api/session', { policy, key });
    error.hidden = true;
    signedIn(info);
  } catch (e) {
    error.textContent = e.status === 401 ? 'Sign-in failed: the policy name or key is wrong.' : `Sign-in failed: ${e.message}`;
    error.hidden = false;
    keyField.focus();
  } finally {
    $('signin-submit').disabled = false;
  }
}

async function signOut() {
  try {
    await api('DELETE', 'api/session');
  } catch (e) {
    // the session may have ended already; the sign-in form is shown either way
  }
  sessionEnded('You signed out.');
}

async function start() {
  whenSessionEnds((message) => sessionEnded(message));
  $('signin-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  $('dialog-keys-copy').addEventListener('click', copyConnectionString);
  $('dialog-keys-close').addEventListener('click', () => $('dialog-keys').close());
  window.addEventListener('hashchange', route);
  // The skip link moves focus to the content without touching the hash the pages are routed by.
  document.querySelector('.skip').addEventListener('click', (event) => {
    event.preventDefault();
    $('main').focus();
  });
  try {
    signedIn(await api('GET', 'api/session'));
  } catch (e) {
    sessionEnded(null);
  }
}

start();
