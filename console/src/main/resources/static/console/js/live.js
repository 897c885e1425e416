import { html, useState, useEffect, ProblemView, when } from './ui.js';
import { t } from './messages.js';
import { stream } from './api.js';

/** The tenant's events as they are recorded (the API's server-sent events, read with fetch). */
export function Live() {
  const [events, setEvents] = useState([]);
  const [problem, setProblem] = useState(null);
  const [open, setOpen] = useState(true);
  useEffect(() => {
    const abort = new AbortController();
    stream('GET', '/api/v1/events/stream', (name, data) => setEvents((list) => [data, ...list].slice(0, 200)), abort.signal)
      .then(() => setOpen(false))
      .catch((p) => { setProblem(p); setOpen(false); });
    return () => abort.abort();
  }, []);
  return html`<div>
    <h1>${t('live.title')}</h1>
    <p>${t('live.intro')}</p>
    <p role="status">${open ? t('live.connected', { count: events.length }) : t('live.closed')}</p>
    <${ProblemView} problem=${problem} />
    <ol class="feed">${events.map((e) => html`<li key=${e.position}>
      <code>${e.eventType}</code> · ${when(e.occurredAt)} · <code>${e.actor}</code> · <code>${e.aggregateId}</code></li>`)}</ol>
  </div>`;
}
