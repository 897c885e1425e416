'use strict';
// The view travels as HTML and patches (paths of child indexes from the page's root); taps and
// inputs travel back by POST, addressed by element id or by '@' + element-only indexes.
const app = document.getElementById('app');
const titleEl = document.getElementById('title');
const styleEl = document.getElementById('page-style');
const notices = document.getElementById('notices');

function showPage(page) {
  document.title = page.title || page.path;
  titleEl.textContent = page.title || page.path;
  styleEl.textContent = page.style || '';
  app.innerHTML = page.html;
  app.dataset.path = page.path;
}

function unescape(html) {
  const t = document.createElement('textarea');
  t.innerHTML = html;
  return t.value;
}

function nodeAt(path) {
  let node = app.firstElementChild;
  if (!node || path === '') return node;
  for (const step of path.split('.')) {
    node = node.childNodes[Number(step)];
    if (!node) return null;
  }
  return node;
}

function applyPatch(p) {
  const node = nodeAt(p.path);
  if (!node) return false;
  if (p.op === 'text') {
    if (node.nodeType !== Node.TEXT_NODE) return false;
    node.textContent = unescape(p.html);
    return true;
  }
  if (p.op === 'attributes') {
    if (node.nodeType !== Node.ELEMENT_NODE) return false;
    for (const a of Array.from(node.attributes)) if (!(a.name in p.attributes)) node.removeAttribute(a.name);
    for (const [k, v] of Object.entries(p.attributes)) {
      // The renderer never sends a handler; should one arrive anyway, it is not set.
      if (/^on/i.test(k)) continue;
      if (node.getAttribute(k) !== v) node.setAttribute(k, v);
    }
    if ('value' in p.attributes && 'value' in node && node.value !== p.attributes.value) node.value = p.attributes.value;
    return true;
  }
  if (p.op === 'replace') {
    const t = document.createElement('template');
    t.innerHTML = p.html;
    node.replaceWith(t.content);
    return true;
  }
  if (p.op === 'children') {
    if (node.nodeType !== Node.ELEMENT_NODE) return false;
    node.innerHTML = p.html;
    return true;
  }
  return false;
}

async function reload() {
  const response = await fetch('/page');
  if (response.ok) showPage(await response.json());
}

function notice(kind, text) {
  const line = document.createElement('div');
  line.className = 'notice-' + kind;
  line.textContent = '[' + kind + '] ' + text;
  notices.appendChild(line);
  while (notices.childNodes.length > 50) notices.removeChild(notices.firstChild);
  notices.scrollTop = notices.scrollHeight;
}

const events = new EventSource('/events');
events.addEventListener('page', e => showPage(JSON.parse(e.data)));
events.addEventListener('patch', e => {
  const message = JSON.parse(e.data);
  if (message.path !== app.dataset.path) return reload();
  for (const p of message.patches) {
    if (!applyPatch(p)) return reload();
  }
});
events.addEventListener('notice', e => { const n = JSON.parse(e.data); notice(n.kind, n.text); });

function address(element) {
  if (element.id) return element.id;
  const steps = [];
  const root = app.firstElementChild;
  while (element && element !== root) {
    steps.unshift(Array.prototype.indexOf.call(element.parentElement.children, element));
    element = element.parentElement;
  }
  return '@' + steps.join('.');
}

// Every POST carries the session's token, which only a page of this host's origin can read.
const token = fetch('/session').then(r => r.json()).then(s => s.token, () => '');

async function post(url, body) {
  const headers = {'Content-Type': 'application/json', 'X-Atrium-Token': await token};
  const response = await fetch(url, {method: 'POST', headers, body: JSON.stringify(body)});
  if (!response.ok) {
    const problem = await response.json().catch(() => ({detail: response.statusText}));
    notice('error', problem.detail);
  }
}

app.addEventListener('click', e => {
  const target = e.target.closest('[data-ft-bind-tap],[data-ft-catch-tap],[data-ft-url]');
  if (!target || !app.contains(target)) return;
  e.preventDefault();
  post('/event', {type: 'tap', target: address(e.target === app ? target : e.target)});
});
app.addEventListener('input', e => {
  if (!e.target.closest('[data-ft-bind-input],[data-ft-catch-input]')) return;
  post('/event', {type: 'input', target: address(e.target), value: e.target.value});
});
document.getElementById('host-back').addEventListener('click', () => post('/back', {}));
