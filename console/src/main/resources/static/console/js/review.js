import { html, useState, ProblemView, useLoad, Pager, when } from './ui.js';
import { t } from './messages.js';
import { get } from './api.js';
import { Icon } from './icon.js';

const SIZE = 20;

/** Versions waiting for review, the longest waiting first (the API's review queue). */
export function Review() {
  const [page, setPage] = useState(0);
  const queue = useLoad(() => get('/api/v1/reviews', { page, size: SIZE }), [page]);
  return html`<div>
    <h1>${t('review.title')}</h1>
    <p>${t('review.intro')}</p>
    <${ProblemView} problem=${queue.problem} />
    ${queue.loading && !queue.data && html`<p aria-live="polite">${t('app.loading')}</p>`}
    ${queue.data && (queue.data.items.length === 0 ? html`<p>${t('common.none')}</p>` : html`<div class="table" tabindex="0" role="region" aria-label=${t('review.title')}><table>
      <thead><tr><th scope="col">${t('programs.name')}</th><th scope="col">${t('program.version')}</th>
        <th scope="col">${t('review.against')}</th><th scope="col">${t('review.files')}</th>
        <th scope="col">${t('program.uploadedBy')}</th><th scope="col">${t('review.uploadedAt')}</th>
        <th scope="col">${t('program.actions')}</th></tr></thead>
      <tbody>${queue.data.items.map((w) => html`<tr key=${w.miniProgramId + '@' + w.version}>
        <td><span class="with-icon"><${Icon} icon=${w.icon} size="small" />${w.name}</span></td><td>${w.version}</td>
        <td>${w.currentVersion || t('review.nothingReleased')}</td><td>${w.fileCount}</td>
        <td><code>${w.uploadedBy}</code></td><td>${when(w.uploadedAt)}</td>
        <td><a href=${'#/programs/' + w.miniProgramId}>${t('review.open')}</a></td></tr>`)}</tbody></table></div>
      <${Pager} page=${page} size=${SIZE} total=${queue.data.total} onPage=${setPage} />`)}
  </div>`;
}
