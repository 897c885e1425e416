import { html, useState, ProblemView, useAction, useLoad, Progress } from './ui.js';
import { t } from './messages.js';
import { get, stream } from './api.js';

/** The projections with their positions and lag, and a replay with its progress (platform operators). */
export function Projections() {
  const status = useLoad(() => get('/api/v1/admin/projections'), []);
  const [progress, setProgress] = useState(null);
  const action = useAction();
  const replay = (name) =>
    action.run(async () => {
      setProgress({ projection: name, phase: 'cloning', eventsDone: 0, eventsTotal: 0 });
      let last = null;
      await stream('POST', `/api/v1/admin/projections/${name}/replay`, (phase, data) => {
        last = { ...data, phase };
        setProgress(last);
      });
      status.reload();
      // The stream also ends after a failed phase, or when the connection drops: only "done" is success.
      if (!last || last.phase !== 'done') {
        throw { title: t('projections.notDone', { name }), detail: last && last.message ? last.message : '' };
      }
    });
  const percent = (p) => {
    if (p.phase === 'done') return 100;
    return p.eventsTotal > 0 ? Math.min(99, Math.floor((p.eventsDone / p.eventsTotal) * 100)) : 0;
  };
  return html`<div>
    <h1>${t('projections.title')}</h1>
    <${ProblemView} problem=${status.problem || action.problem} />
    ${progress && html`<section class="card replay" aria-labelledby="replay-title">
      <h2 id="replay-title">${t('projections.progress', { name: progress.projection })}</h2>
      <${Progress} label=${t('projections.phase', { phase: progress.phase, done: progress.eventsDone, total: progress.eventsTotal })} value=${percent(progress)} />
      ${progress.message && html`<p>${progress.message}</p>`}
    </section>`}
    ${status.data && html`<div class="table" tabindex="0" role="region" aria-label=${t('projections.title')}><table>
      <thead><tr><th scope="col">${t('projections.name')}</th><th scope="col">${t('projections.state')}</th>
        <th scope="col">${t('projections.position')}</th><th scope="col">${t('projections.lag')}</th><th scope="col">${t('program.actions')}</th></tr></thead>
      <tbody>${status.data.projections.map((p) => html`<tr key=${p.name} data-projection=${p.name}>
        <td>${p.name}</td><td>${p.state}</td><td>${p.position}</td><td>${p.lagEvents}</td>
        <td><button type="button" disabled=${action.busy} onClick=${() => replay(p.name)}>${t('projections.replay', { name: p.name })}</button></td></tr>`)}
      </tbody></table></div>`}
  </div>`;
}
