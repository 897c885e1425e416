import { html, useState, ProblemView, Field, useAction, useLoad, when } from './ui.js';
import { t } from './messages.js';
import { get, download } from './api.js';

const LIMIT = 50;

/** The operation log: filters, cursor paging, export and the hash chain's check. */
export function Audit() {
  const [actor, setActor] = useState('');
  const [aggregateId, setAggregateId] = useState('');
  const [type, setType] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [filters, setFilters] = useState({});
  // The cursor of each page seen, so Previous goes back without the API paging backwards.
  const [cursors, setCursors] = useState([0]);
  const after = cursors[cursors.length - 1];
  const log = useLoad(() => get('/api/v1/audit/events', { ...filters, after, limit: LIMIT }), [filters, after]);
  const exporting = useAction();
  const verifying = useAction();
  const iso = (local) => (local ? new Date(local).toISOString() : '');

  const apply = (e) => {
    e.preventDefault();
    setCursors([0]);
    setFilters({ actor, aggregateId, type, from: iso(from), to: iso(to) });
  };
  const exportAs = (format) =>
    exporting.run(async () => {
      const file = 'atrium-audit.' + format;
      const lines = await download('/api/v1/audit/export', { ...filters, format }, file);
      return t('audit.exported', { lines: format === 'csv' ? lines - 1 : lines, file });
    });
  const verify = () =>
    verifying.run(async () => {
      const check = await get('/api/v1/audit/verify');
      return check.valid
        ? t('audit.valid', { entries: check.entries, hash: (check.lastHash || '').substring(0, 16) })
        : t('audit.broken', { seq: check.brokenAtSeq, reason: check.reason });
    });

  return html`<div>
    <h1>${t('audit.title')}</h1>
    <form class="filters" role="search" aria-label=${t('audit.filters')} onSubmit=${apply}>
      <${Field} id="actor" label=${t('audit.actor')} value=${actor} onInput=${setActor} problem=${log.problem} />
      <${Field} id="aggregateId" label=${t('audit.aggregate')} value=${aggregateId} onInput=${setAggregateId} problem=${log.problem} />
      <${Field} id="type" label=${t('audit.type')} value=${type} onInput=${setType} problem=${log.problem} placeholder="atrium.miniprogram.VersionUploaded" />
      <${Field} id="from" label=${t('audit.from')} type="datetime-local" value=${from} onInput=${setFrom} problem=${log.problem} />
      <${Field} id="to" label=${t('audit.to')} type="datetime-local" value=${to} onInput=${setTo} problem=${log.problem} />
      <button type="submit">${t('audit.apply')}</button>
    </form>
    <div class="toolbar">
      <button type="button" disabled=${exporting.busy} onClick=${() => exportAs('csv')}>${t('audit.exportCsv')}</button>
      <button type="button" disabled=${exporting.busy} onClick=${() => exportAs('ndjson')}>${t('audit.exportNdjson')}</button>
      <button type="button" disabled=${verifying.busy} onClick=${verify}>${t('audit.verify')}</button>
    </div>
    <${ProblemView} problem=${exporting.problem || verifying.problem} />
    ${typeof exporting.done === 'string' && html`<p class="ok export-result" role="status">${exporting.done}</p>`}
    ${typeof verifying.done === 'string' && html`<p class="ok verify-result" role="status">${verifying.done}</p>`}
    <${ProblemView} problem=${log.problem} />
    ${log.data && (log.data.items.length === 0 ? html`<p>${t('common.none')}</p>` : html`<div class="table" tabindex="0" role="region" aria-label=${t('audit.title')}><table class="log">
      <thead><tr><th scope="col">${t('audit.seq')}</th><th scope="col">${t('audit.time')}</th><th scope="col">${t('audit.event')}</th>
        <th scope="col">${t('audit.actor')}</th><th scope="col">${t('audit.aggregate')}</th></tr></thead>
      <tbody>${log.data.items.map((e) => html`<tr key=${e.seq}>
        <td>${e.seq}</td><td>${when(e.occurredAt)}</td><td><code>${e.eventType}</code></td>
        <td><code>${e.actor}</code></td><td><code>${e.aggregateId}</code></td></tr>`)}</tbody></table></div>`)}
    <nav class="pager" aria-label=${t('audit.title')}>
      <button type="button" disabled=${cursors.length <= 1} onClick=${() => setCursors(cursors.slice(0, -1))}>${t('common.previous')}</button>
      <button type="button" disabled=${!log.data || log.data.next == null} onClick=${() => setCursors([...cursors, log.data.next])}>${t('common.next')}</button>
    </nav>
  </div>`;
}
