import { html, useState, ProblemView, Field, useAction, useLoad, Pager, CopyButton, when } from './ui.js';
import { t } from './messages.js';
import { get, post, request } from './api.js';

const SIZE = 20;

/** The tenant's members with their roles and state, inviting one (the invitation token shown once), and the roles. */
export function Members() {
  const [page, setPage] = useState(0);
  const [position, setPosition] = useState(0);
  const members = useLoad(() => get('/api/v1/members', { page, size: SIZE, minPosition: position }), [page, position]);
  const roles = useLoad(() => get('/api/v1/roles'), []);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [chosen, setChosen] = useState('');
  const action = useAction();
  const changing = useAction();
  const invite = (e) => {
    e.preventDefault();
    action.run(async () => {
      const answer = await post('/api/v1/members', { email, displayName, roles: chosen.split(',').map((s) => s.trim()).filter(Boolean) });
      setPosition(answer.position);
      return answer;
    });
  };
  return html`<div>
    <h1>${t('members.title')}</h1>
    <${ProblemView} problem=${members.problem} />
    ${members.data && html`<div class="table" tabindex="0" role="region" aria-label=${t('members.title')}><table>
      <thead><tr><th scope="col">${t('signin.email')}</th><th scope="col">${t('members.name')}</th><th scope="col">${t('keys.roles')}</th>
        <th scope="col">${t('programs.state')}</th><th scope="col">${t('members.lastLogin')}</th><th scope="col">${t('program.actions')}</th></tr></thead>
      <tbody>${members.data.items.map((m) => html`<tr key=${m.id}><td>${m.email}</td><td>${m.displayName}</td><td>${m.roles.join(', ')}</td>
        <td>${m.status}${m.secondFactor ? ' · 2FA' : ''}</td><td>${when(m.lastLoginAt)}</td>
        <td class="actions">
          ${m.status !== 'disabled' && html`<button type="button" disabled=${changing.busy}
            onClick=${() => changing.run(async () => setPosition((await post('/api/v1/members/' + m.id + '/disable')).position))}>${t('members.disable')}</button>`}
          <button type="button" disabled=${changing.busy}
            onClick=${() => changing.run(async () => setPosition((await request('DELETE', '/api/v1/members/' + m.id)).position))}>${t('members.remove')}</button>
        </td></tr>`)}</tbody></table></div>
      <${ProblemView} problem=${changing.problem} />
      <${Pager} page=${page} size=${SIZE} total=${members.data.total} onPage=${setPage} />`}
    <section class="card" aria-labelledby="invite-title">
      <h2 id="invite-title">${t('members.invite')}</h2>
      <form onSubmit=${invite}>
        <${Field} id="invite-email" name="email" label=${t('signin.email')} type="email" value=${email} onInput=${setEmail} problem=${action.problem} required />
        <${Field} id="invite-name" name="displayName" label=${t('members.name')} value=${displayName} onInput=${setDisplayName} problem=${action.problem} required />
        <${Field} id="invite-roles" name="roles" label=${t('keys.roles')} value=${chosen} onInput=${setChosen} problem=${action.problem} required />
        <${ProblemView} problem=${action.problem} />
        ${action.done && action.done.invitationToken && html`<div class="secret" role="status"><p>${t('members.token')}</p>
          <code>${action.done.invitationToken}</code> <${CopyButton} text=${action.done.invitationToken} /></div>`}
        <button type="submit" class="primary" disabled=${action.busy}>${t('members.invite')}</button>
      </form>
    </section>
    <section class="card" aria-labelledby="roles-title">
      <h2 id="roles-title">${t('members.roles')}</h2>
      <${ProblemView} problem=${roles.problem} />
      ${roles.data && html`<ul>${roles.data.roles.map((r) => html`<li key=${r.name}><strong>${r.name}</strong>${r.predefined ? '' : ' *'}: ${r.permissions.join(', ')}</li>`)}</ul>`}
    </section>
  </div>`;
}
