import { html, useState, ProblemView, Field, useAction, useLoad, Pager, CopyButton, when } from './ui.js';
import { t } from './messages.js';
import { get, post, request } from './api.js';

const SIZE = 20;

/** The tenant's API keys (never their secrets), and issuing one: its secret is shown once. */
export function Keys() {
  const [page, setPage] = useState(0);
  const [position, setPosition] = useState(0);
  const keys = useLoad(() => get('/api/v1/api-keys', { page, size: SIZE, minPosition: position }), [page, position]);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState('');
  const action = useAction();
  const revoking = useAction();
  const issue = (e) => {
    e.preventDefault();
    action.run(async () => {
      const answer = await post('/api/v1/api-keys', { name, roles: roles.split(',').map((s) => s.trim()).filter(Boolean) });
      setPosition(answer.position);
      return answer;
    });
  };
  return html`<div>
    <h1>${t('keys.title')}</h1>
    <${ProblemView} problem=${keys.problem} />
    ${keys.data && html`<div class="table" tabindex="0" role="region" aria-label=${t('keys.title')}><table>
      <thead><tr><th scope="col">${t('keys.name')}</th><th scope="col">${t('keys.roles')}</th><th scope="col">${t('programs.updated')}</th>
        <th scope="col">${t('programs.state')}</th><th scope="col">${t('program.actions')}</th></tr></thead>
      <tbody>${keys.data.items.map((k) => html`<tr key=${k.id} data-key=${k.id}><td>${k.name}</td><td>${k.roles.join(', ')}</td>
        <td>${when(k.issuedAt)}</td><td>${k.revoked ? t('keys.revoked') : t('keys.active')}</td>
        <td>${!k.revoked && html`<button type="button" disabled=${revoking.busy}
          onClick=${() => revoking.run(async () => setPosition((await request('DELETE', '/api/v1/api-keys/' + k.id)).position))}>${t('keys.revoke')}</button>`}</td></tr>`)}</tbody></table></div>
      <${ProblemView} problem=${revoking.problem} />
      <${Pager} page=${page} size=${SIZE} total=${keys.data.total} onPage=${setPage} />`}
    <section class="card" aria-labelledby="issue-title">
      <h2 id="issue-title">${t('keys.issue')}</h2>
      <form onSubmit=${issue}>
        <${Field} id="key-name" name="name" label=${t('keys.name')} value=${name} onInput=${setName} problem=${action.problem} required />
        <${Field} id="key-roles" name="roles" label=${t('keys.roles')} value=${roles} onInput=${setRoles} problem=${action.problem} required />
        <${ProblemView} problem=${action.problem} />
        ${action.done && action.done.key && html`<div class="secret" role="status"><p>${t('keys.issued')}</p>
          <code>${action.done.key}</code> <${CopyButton} text=${action.done.key} /></div>`}
        <button type="submit" class="primary" disabled=${action.busy}>${t('keys.issue')}</button>
      </form>
    </section>
  </div>`;
}
