import { html, useState, ProblemView, Field, useAction, useLoad, Pager, CopyButton, when } from './ui.js';
import { t } from './messages.js';
import { get, post, request, readAfter } from './api.js';

const SIZE = 20;
const list = (text) => text.split(/[\s,]+/).filter(Boolean);

/** The secret a host app signs with, shown once (the API never shows it again), with a copy button. */
function Secret({ secret }) {
  if (!secret) return null;
  return html`<div class="secret" role="status"><p>${t('hosts.secretOnce')}</p>
    <code>${secret}</code> <${CopyButton} text=${secret} /></div>`;
}

export function HostApps({ me, navigate }) {
  const [page, setPage] = useState(0);
  const hosts = useLoad(() => get('/api/v1/host-apps', { page, size: SIZE }), [page]);
  const [name, setName] = useState('');
  const [bundleIds, setBundleIds] = useState('');
  const action = useAction();
  const create = (e) => {
    e.preventDefault();
    action.run(async () => {
      const answer = await post('/api/v1/host-apps', { name, bundleIds: list(bundleIds) });
      await readAfter('/api/v1/host-apps/' + answer.id, answer.position);
      hosts.reload();
      return answer;
    });
  };
  return html`<div>
    <h1>${t('hosts.title')}</h1>
    <${ProblemView} problem=${hosts.problem} />
    ${hosts.data && (hosts.data.items.length === 0 ? html`<p>${t('common.none')}</p>` : html`<div class="table" tabindex="0" role="region" aria-label=${t('hosts.title')}><table>
      <thead><tr><th scope="col">${t('hosts.name')}</th><th scope="col">${t('hosts.bundleIds')}</th><th scope="col">${t('hosts.programs')}</th><th scope="col">${t('programs.updated')}</th></tr></thead>
      <tbody>${hosts.data.items.map((h) => html`<tr key=${h.id}><td><a href=${'#/hosts/' + h.id}>${h.name}</a></td>
        <td>${h.bundleIds.join(', ')}</td><td>${h.miniPrograms.length}</td><td>${when(h.updatedAt)}</td></tr>`)}</tbody></table></div>
      <${Pager} page=${page} size=${SIZE} total=${hosts.data.total} onPage=${setPage} />`)}
    ${me.permissions.includes('manage-host-apps') && html`<section class="card" aria-labelledby="new-host">
      <h2 id="new-host">${t('hosts.new')}</h2>
      <form onSubmit=${create}>
        <${Field} id="host-name" name="name" label=${t('hosts.name')} value=${name} onInput=${setName} problem=${action.problem} required />
        <${Field} id="host-bundles" name="bundleIds" label=${t('hosts.bundleIdsInput')} value=${bundleIds} onInput=${setBundleIds} problem=${action.problem} />
        <${ProblemView} problem=${action.problem} />
        <${Secret} secret=${action.done && action.done.secret} />
        ${action.done && action.done.id && html`<p><a href=${'#/hosts/' + action.done.id}>${t('hosts.open')}</a></p>`}
        <button type="submit" class="primary" disabled=${action.busy}>${t('hosts.create')}</button>
      </form>
    </section>`}
  </div>`;
}

/** One host app: bundle ids, domains, associated mini-programs with their grants, custom APIs, menus, secret. */
export function HostApp({ id, me }) {
  const [position, setPosition] = useState(0);
  const host = useLoad(() => readAfter('/api/v1/host-apps/' + id, position), [id, position]);
  const can = me.permissions.includes('manage-host-apps');
  const changed = (answer) => setPosition(answer.position);
  if (host.problem) return html`<${ProblemView} problem=${host.problem} />`;
  if (!host.data) return html`<p aria-live="polite">${t('app.loading')}</p>`;
  const h = host.data;
  return html`<div>
    <h1>${h.name}</h1>
    <p class="meta"><code>${h.id}</code></p>
    <div class="columns">
      <${ListEditor} title=${t('hosts.bundleIds')} id="bundles" values=${h.bundleIds} editable=${can}
        save=${(values) => request('PUT', `/api/v1/host-apps/${h.id}/bundle-ids`, { body: { bundleIds: values } })} changed=${changed} />
      <${ListEditor} title=${t('hosts.domains')} id="domains" values=${h.domains} editable=${can}
        save=${(values) => request('PUT', `/api/v1/host-apps/${h.id}/domains`, { body: { domains: values } })} changed=${changed} />
    </div>
    <${Associations} host=${h} editable=${can} changed=${changed} />
    <div class="columns">
      <${Named} title=${t('hosts.customApis')} id="apis" items=${h.customApis} editable=${can} second="description"
        save=${(name, other) => post(`/api/v1/host-apps/${h.id}/custom-apis`, { name, description: other })} changed=${changed} />
      <${Named} title=${t('hosts.menus')} id="menus" items=${h.menus} editable=${can} second="title"
        save=${(name, other) => post(`/api/v1/host-apps/${h.id}/menus`, { name, title: other })} changed=${changed} />
    </div>
    ${can && html`<${Rotate} host=${h} changed=${changed} />`}
  </div>`;
}

function ListEditor({ title, id, values, editable, save, changed }) {
  const [text, setText] = useState(values.join(', '));
  const action = useAction();
  return html`<section class="card" aria-labelledby=${id + '-title'}>
    <h2 id=${id + '-title'}>${title}</h2>
    <form onSubmit=${(e) => { e.preventDefault(); action.run(async () => { changed(await save(list(text))); return t('program.saved'); }); }}>
      <${Field} id=${id} label=${t('hosts.commaSeparated')} value=${text} onInput=${setText} problem=${action.problem} disabled=${!editable} />
      <${ProblemView} problem=${action.problem} />
      ${editable && html`<button type="submit" disabled=${action.busy}>${t('common.save')}</button>`}
    </form>
  </section>`;
}

function Named({ title, id, items, editable, second, save, changed }) {
  const [name, setName] = useState('');
  const [other, setOther] = useState('');
  const action = useAction();
  return html`<section class="card" aria-labelledby=${id + '-title'}>
    <h2 id=${id + '-title'}>${title}</h2>
    ${items.length === 0 ? html`<p>${t('common.none')}</p>` : html`<ul>${items.map((i) => html`<li key=${i.name}><code>${i.name}</code> ${i.label}</li>`)}</ul>`}
    ${editable && html`<form onSubmit=${(e) => { e.preventDefault(); action.run(async () => changed(await save(name, other))); }}>
      <${Field} id=${id + '-name'} name="name" label=${t('hosts.itemName')} value=${name} onInput=${setName} problem=${action.problem} required />
      <${Field} id=${id + '-other'} name=${second} label=${t('hosts.item.' + second)} value=${other} onInput=${setOther} problem=${action.problem} />
      <${ProblemView} problem=${action.problem} />
      <button type="submit" disabled=${action.busy}>${t('hosts.add')}</button>
    </form>`}
  </section>`;
}

function Associations({ host, editable, changed }) {
  const [mp, setMp] = useState('');
  const [editing, setEditing] = useState(null);
  const [grants, setGrants] = useState({ apiGroups: '', apis: '', menus: '', scopes: '' });
  const action = useAction();
  const base = `/api/v1/host-apps/${host.id}/mini-programs/`;
  const run = (fn) => action.run(async () => { changed(await fn()); return t('program.saved'); });
  return html`<section class="card" aria-labelledby="assoc-title">
    <h2 id="assoc-title">${t('hosts.programs')}</h2>
    <${ProblemView} problem=${action.problem} />
    ${host.miniPrograms.length === 0 ? html`<p>${t('common.none')}</p>` : html`<div class="table" tabindex="0" role="region" aria-label=${t('hosts.programs')}><table>
      <thead><tr><th scope="col">${t('hosts.program')}</th><th scope="col">${t('hosts.grants')}</th><th scope="col">${t('program.actions')}</th></tr></thead>
      <tbody>${host.miniPrograms.map((a) => html`<tr key=${a.miniProgramId}>
        <td><a href=${'#/programs/' + a.miniProgramId}><code>${a.miniProgramId}</code></a></td>
        <td>${['apiGroups', 'apis', 'menus', 'scopes'].map((k) => a[k].length ? html`<div>${t('hosts.grant.' + k)}: ${a[k].join(', ')}</div>` : null)}</td>
        <td class="actions">${editable && html`
          <button type="button" onClick=${() => { setEditing(a.miniProgramId); setGrants({ apiGroups: a.apiGroups.join(', '), apis: a.apis.join(', '), menus: a.menus.join(', '), scopes: a.scopes.join(', ') }); }}>${t('hosts.editGrants')}</button>
          <button type="button" disabled=${action.busy} onClick=${() => run(() => request('DELETE', base + a.miniProgramId))}>${t('hosts.dissociate')}</button>`}</td></tr>`)}</tbody></table></div>`}
    ${editing && html`<form class="card" onSubmit=${(e) => {
      e.preventDefault();
      run(() => request('PUT', `/api/v1/host-apps/${host.id}/grants/${editing}`, { body: Object.fromEntries(Object.entries(grants).map(([k, v]) => [k, list(v)])) })).then((ok) => ok && setEditing(null));
    }}>
      <h3>${t('hosts.grantsFor', { id: editing })}</h3>
      ${['apiGroups', 'apis', 'menus', 'scopes'].map((k) => html`<${Field} id=${'grant-' + k} name=${k} label=${t('hosts.grant.' + k)} value=${grants[k]}
        onInput=${(v) => setGrants({ ...grants, [k]: v })} problem=${action.problem} />`)}
      <button type="submit" disabled=${action.busy}>${t('common.save')}</button>
      <button type="button" onClick=${() => setEditing(null)}>${t('common.cancel')}</button>
    </form>`}
    ${editable && html`<form onSubmit=${(e) => { e.preventDefault(); run(() => request('PUT', base + mp.trim())); }}>
      <${Field} id="assoc-mp" name="mpId" label=${t('hosts.associate')} value=${mp} onInput=${setMp} problem=${action.problem} placeholder="mp-…" required />
      <button type="submit" disabled=${action.busy}>${t('hosts.add')}</button>
    </form>`}
  </section>`;
}

function Rotate({ host, changed }) {
  const [grace, setGrace] = useState('86400');
  const action = useAction();
  return html`<section class="card" aria-labelledby="rotate-title">
    <h2 id="rotate-title">${t('hosts.rotate')}</h2>
    <form onSubmit=${(e) => {
      e.preventDefault();
      action.run(async () => {
        const answer = await post(`/api/v1/host-apps/${host.id}/secret`, { graceSeconds: Number(grace) });
        changed(answer);
        return answer;
      });
    }}>
      <${Field} id="grace" name="graceSeconds" label=${t('hosts.grace')} type="number" value=${grace} onInput=${setGrace} problem=${action.problem} />
      <${ProblemView} problem=${action.problem} />
      <${Secret} secret=${action.done && action.done.secret} />
      ${action.done && action.done.previousSecretValidUntil && html`<p class="note">${t('hosts.previousUntil', { until: when(action.done.previousSecretValidUntil) })}</p>`}
      <button type="submit" disabled=${action.busy}>${t('hosts.rotate')}</button>
    </form>
  </section>`;
}
