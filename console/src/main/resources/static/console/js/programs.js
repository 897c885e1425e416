import { html, useState, ProblemView, Field, useAction, useLoad, Pager, when } from './ui.js';
import { t } from './messages.js';
import { get, post, readAfter } from './api.js';
import { Icon } from './icon.js';

const SIZE = 20;

export function Programs({ me, navigate }) {
  const [q, setQ] = useState('');
  const [state, setState] = useState('');
  const [category, setCategory] = useState('');
  const [filters, setFilters] = useState({});
  const [page, setPage] = useState(0);
  const list = useLoad(() => get('/api/v1/mini-programs', { ...filters, page, size: SIZE }), [filters, page]);
  const can = (p) => me.permissions.includes(p);

  return html`<div>
    <h1>${t('programs.title')}</h1>
    <form class="filters" role="search" aria-label=${t('programs.filter')}
      onSubmit=${(e) => { e.preventDefault(); setPage(0); setFilters({ q, state, category }); }}>
      <${Field} id="q" label=${t('programs.q')} value=${q} onInput=${setQ} problem=${list.problem} type="search" />
      <div class="field">
        <label for="state">${t('programs.state')}</label>
        <select id="state" value=${state} onChange=${(e) => setState(e.target.value)}>
          <option value="">${t('common.any')}</option>
          <option value="listed">${t('programs.listed')}</option>
          <option value="delisted">${t('programs.delisted')}</option>
        </select>
      </div>
      <${Field} id="category" label=${t('programs.category')} value=${category} onInput=${setCategory} problem=${list.problem} />
      <button type="submit">${t('common.search')}</button>
    </form>
    <${ProblemView} problem=${list.problem} />
    ${list.loading && !list.data && html`<p aria-live="polite">${t('app.loading')}</p>`}
    ${list.data && (list.data.items.length === 0
      ? html`<p>${t('common.none')}</p>`
      : html`<div class="table" tabindex="0" role="region" aria-label=${t('programs.title')}><table>
          <thead><tr><th scope="col">${t('programs.name')}</th><th scope="col">${t('programs.category')}</th>
            <th scope="col">${t('programs.state')}</th><th scope="col">${t('programs.current')}</th><th scope="col">${t('programs.updated')}</th></tr></thead>
          <tbody>${list.data.items.map((mp) => html`<tr key=${mp.id}>
            <td><span class="with-icon"><${Icon} icon=${mp.icon} size="small" /><a href=${'#/programs/' + mp.id}>${mp.name}</a></span></td><td>${mp.category}</td>
            <td>${t('state.' + mp.state)}</td><td>${mp.currentVersion || ''}</td><td>${when(mp.updatedAt)}</td></tr>`)}
          </tbody></table></div>
        <${Pager} page=${page} size=${SIZE} total=${list.data.total} onPage=${setPage} />`)}
    ${can('develop') && html`<${CreateProgram} navigate=${navigate} />`}
  </div>`;
}

function CreateProgram({ navigate }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('');
  const [tags, setTags] = useState('');
  const action = useAction();
  const submit = async (e) => {
    e.preventDefault();
    const created = await action.run(async () => {
      const answer = await post('/api/v1/mini-programs', {
        name,
        description,
        category,
        tags: tags.split(',').map((s) => s.trim()).filter(Boolean),
      });
      // Open it once the read side has it: the command's position is what to wait for.
      await readAfter('/api/v1/mini-programs/' + answer.id, answer.position);
      return answer;
    });
    if (created) navigate('/programs/' + created.id);
  };
  return html`<section aria-labelledby="new-title" class="card">
    <h2 id="new-title">${t('programs.new')}</h2>
    <form onSubmit=${submit}>
      <${Field} id="new-name" name="name" label=${t('programs.name')} value=${name} onInput=${setName} problem=${action.problem} required />
      <${Field} id="new-description" name="description" label=${t('programs.description')} type="textarea" value=${description} onInput=${setDescription} problem=${action.problem} />
      <${Field} id="new-category" name="category" label=${t('programs.category')} value=${category} onInput=${setCategory} problem=${action.problem} />
      <${Field} id="new-tags" name="tags" label=${t('programs.tags')} value=${tags} onInput=${setTags} problem=${action.problem} />
      <${ProblemView} problem=${action.problem} />
      <button type="submit" class="primary" disabled=${action.busy}>${action.busy ? t('app.working') : t('programs.create')}</button>
    </form>
  </section>`;
}
