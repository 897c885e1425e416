import { html, useState, useEffect, ProblemView, when } from './ui.js';
import { t } from './messages.js';
import { stream, currentSession } from './api.js';

/** The tenant's events as they are recorded (the API's server-sent events, read with fetch). */
export function Live() {
  const [events, setEvents] = useState([]);
  const [problem, setProblem] = useState(null);
  const [open, setOpen] = useState(true);
  useEffect(() => {
    const abort = new AbortController();
    // The API ends the feed when the login behind it ends, a member's access token included (it lasts
    // minutes). While this page is open the feed is opened again from the last position seen: the
    // expired token is renewed on the way (api.stream), and a login that really ended signs out.
    (async () => {
      let after = null;
      let quickEnds = 0;
      while (!abort.signal.aborted) {
        const opened = Date.now();
        setOpen(true);
        try {
          await stream('GET', '/api/v1/events/stream' + (after === null ? '' : '?after=' + after), (name, data) => {
            after = data.position;
            setEvents((list) => [data, ...list].slice(0, 200));
          }, abort.signal);
        } catch (p) {
          setProblem(p);
          setOpen(false);
          return;
        }
        if (abort.signal.aborted || !currentSession()) break;
        setOpen(false);
        // A feed that keeps ending at once is not retried for ever.
        quickEnds = Date.now() - opened < 5000 ? quickEnds + 1 : 0;
        if (quickEnds >= 3) {
          setProblem({ title: t('live.stopped') });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 * (quickEnds + 1)));
      }
      setOpen(false);
    })();
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
