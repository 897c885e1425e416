import { html, ProblemView, useLoad } from './ui.js';
import { t } from './messages.js';
import { get } from './api.js';

/**
 * Versions waiting for review. The API has no queue of its own, so this reads the catalogue a page at
 * a time and each mini-program's versions, and keeps those in review.
 */
async function waiting() {
  const found = [];
  for (let page = 0; page < 50; page++) {
    const list = await get('/api/v1/mini-programs', { page, size: 100 });
    const versions = await Promise.all(list.items.map((mp) =>
      get('/api/v1/mini-programs/' + mp.id + '/versions').then((v) => ({ mp, items: v.items }))));
    versions.forEach(({ mp, items }) => items
      .filter((v) => v.state === 'in_review')
      .forEach((v) => found.push({ mp, version: v })));
    if ((page + 1) * 100 >= list.total) break;
  }
  return found;
}

export function Review() {
  const queue = useLoad(waiting, []);
  return html`<div>
    <h1>${t('review.title')}</h1>
    <p>${t('review.intro')}</p>
    <${ProblemView} problem=${queue.problem} />
    ${queue.loading && html`<p aria-live="polite">${t('app.loading')}</p>`}
    ${queue.data && (queue.data.length === 0 ? html`<p>${t('common.none')}</p>` : html`<div class="table" tabindex="0" role="region" aria-label=${t('review.title')}><table>
      <thead><tr><th scope="col">${t('programs.name')}</th><th scope="col">${t('program.version')}</th>
        <th scope="col">${t('program.uploadedBy')}</th><th scope="col">${t('program.actions')}</th></tr></thead>
      <tbody>${queue.data.map(({ mp, version }) => html`<tr key=${mp.id + version.version}>
        <td>${mp.name}</td><td>${version.version}</td><td><code>${version.uploadedBy}</code></td>
        <td><a href=${'#/programs/' + mp.id}>${t('review.open')}</a></td></tr>`)}</tbody></table></div>`)}
  </div>`;
}
