import { html, useState, ProblemView, useLoad } from './ui.js';
import { t } from './messages.js';
import { get } from './api.js';

const MAX_DIFF_LINES = 3000;

/**
 * A line diff by longest common subsequence: each line of the two texts as kept (' '), removed ('-')
 * or added ('+'). Quadratic, so it is kept to texts of a few thousand lines.
 */
export function diffLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES) return null;
  const width = b.length + 1;
  const lcs = new Int32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { out.push([' ', a[i]]); i++; j++; }
    else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) { out.push(['-', a[i]]); i++; }
    else { out.push(['+', b[j]]); j++; }
  }
  while (i < a.length) out.push(['-', a[i++]]);
  while (j < b.length) out.push(['+', b[j++]]);
  return out;
}

/** Paths grouped by folder, as nested lists of buttons. */
function Tree({ files, status, open, selected }) {
  const root = {};
  files.forEach((f) => {
    let node = root;
    const parts = f.path.split('/');
    parts.slice(0, -1).forEach((p) => { node[p + '/'] = node[p + '/'] || {}; node = node[p + '/']; });
    node[parts[parts.length - 1]] = f;
  });
  const render = (node) => html`<ul>${Object.keys(node).sort().map((name) => {
    const value = node[name];
    if (name.endsWith('/')) return html`<li key=${name}><span class="folder">${name}</span>${render(value)}</li>`;
    const mark = status(value.path);
    return html`<li key=${name}><button type="button" class=${'file-link' + (selected === value.path ? ' selected' : '')}
      aria-pressed=${selected === value.path ? 'true' : 'false'} data-path=${value.path} onClick=${() => open(value.path)}>${name}</button>
      ${mark && html` <span class=${'mark-' + mark}>${t('files.' + mark)}</span>`}</li>`;
  })}</ul>`;
  return render(root);
}

/** A version's files: a tree, a file's text, and its diff against the released version. */
export function VersionFiles({ program, version, onClose }) {
  const released = program.currentVersion && program.currentVersion !== version ? program.currentVersion : null;
  const base = '/api/v1/mini-programs/' + program.id + '/versions/';
  const files = useLoad(() => Promise.all([
    get(base + version + '/files'),
    released ? get(base + released + '/files') : Promise.resolve(null),
  ]), [program.id, version]);
  const mine = files.data ? new Map(files.data[0].files.map((f) => [f.path, f.sha256])) : new Map();
  const theirs = files.data && files.data[1] ? new Map(files.data[1].files.map((f) => [f.path, f.sha256])) : null;
  // Added, or changed (the same path with other bytes); unchanged files carry no mark.
  const status = (path) => {
    if (!theirs) return null;
    if (!theirs.has(path)) return 'added';
    return theirs.get(path) !== mine.get(path) ? 'changed' : null;
  };
  const removed = theirs ? [...theirs.keys()].filter((p) => !mine.has(p)) : [];
  const changedCount = [...mine.keys()].filter((p) => status(p)).length;
  const [selected, setSelected] = useState(null);
  const [showDiff, setShowDiff] = useState(!!released);
  const content = useLoad(() => (selected
    ? Promise.all([
      get(base + version + '/file', { path: selected }),
      // Only a file the released version has is read from it: "not there" is then never a failure,
      // and any other failure shows as one instead of passing for an added file.
      released && theirs && theirs.has(selected) ? get(base + released + '/file', { path: selected }) : Promise.resolve(null),
    ])
    : Promise.resolve(null)), [selected]);


  let view = null;
  if (content.data) {
    const [now, before] = content.data;
    if (now.text === null) {
      view = html`<p class="note">${now.binary ? t('files.binary', { size: now.size }) : t('files.tooLarge', { size: now.size })}</p>`;
    } else if (showDiff && released) {
      const lines = diffLines(before && before.text !== null ? before.text : '', now.text);
      view = lines === null
        ? html`<p class="note">${t('files.noDiff')}</p>`
        : html`<div class="scroll" role="region" tabindex="0" aria-label=${t('files.diffOf', { path: selected, released })}>
            <pre class="diff">${lines.map(([op, line], n) => html`<span key=${n} class=${op === '+' ? 'add' : op === '-' ? 'del' : 'same'}>${op} ${line}\n</span>`)}</pre></div>`;
    } else {
      view = html`<div class="scroll" role="region" tabindex="0" aria-label=${selected}><pre class="text">${now.text}</pre></div>`;
    }
  }
  return html`<section class="card files" aria-labelledby="files-title">
    <h2 id="files-title">${t('files.title', { version })}</h2>
    <button type="button" onClick=${onClose}>${t('files.close')}</button>
    <${ProblemView} problem=${files.problem || content.problem} />
    ${files.data && html`<div class="browser">
      <nav aria-label=${t('files.tree')} class="tree">
        ${theirs && html`<p class="meta">${t('files.summary', { count: changedCount, released })}</p>`}
        <${Tree} files=${files.data[0].files} status=${status} open=${setSelected} selected=${selected} />
        ${removed.length > 0 && html`<p>${t('files.removedSince', { released })}</p><ul>${removed.map((p) => html`<li key=${p}><span class="mark-removed">${p}</span></li>`)}</ul>`}
      </nav>
      <div class="viewer">
        ${released && html`<label class="inline"><input type="checkbox" checked=${showDiff} onChange=${(e) => setShowDiff(e.target.checked)} /> ${t('files.diff', { released })}</label>`}
        ${selected ? html`<h3>${selected}</h3>${view}` : html`<p>${t('files.pick')}</p>`}
      </div>
    </div>`}
  </section>`;
}
