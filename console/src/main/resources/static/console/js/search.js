import { html, useState, useEffect, ProblemView, Field, useAction, when } from './ui.js';
import { t } from './messages.js';
import { get } from './api.js';

/**
 * A highlight as the index returns it marks matches with <em>; it is split into text and marked text
 * here, never parsed as HTML, so a page's content cannot inject markup into the console.
 */
const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'", '&#x2F;': '/', '&#47;': '/' };
// The index escapes the page's text in a highlight; its entities become characters again, as text.
const decode = (s) => s.replace(/&(amp|lt|gt|quot|#x27|#39|#x2F|#47);/g, (e) => ENTITIES[e]);

function Highlight({ text }) {
  const parts = text.split(/(<em>.*?<\/em>)/g).filter(Boolean);
  return html`<span>${parts.map((p) => (p.startsWith('<em>') ? html`<mark>${decode(p.slice(4, -5))}</mark>` : decode(p)))}</span>`;
}

/** The search API as an integrator calls it, and each release's crawl. */
export function Search() {
  const [hostApp, setHostApp] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [tags, setTags] = useState('');
  const [suggestions, setSuggestions] = useState([]);
  const [hits, setHits] = useState(null);
  const action = useAction();
  useEffect(() => {
    if (!hostApp || q.trim().length < 1) { setSuggestions([]); return undefined; }
    const timer = setTimeout(() => get('/api/v1/search/suggest', { hostApp, q: q.trim(), size: 8 })
      .then((s) => setSuggestions(s.suggestions)).catch(() => setSuggestions([])), 200);
    return () => clearTimeout(timer);
  }, [hostApp, q]);
  const search = (e) => {
    e.preventDefault();
    action.run(async () => setHits(await get('/api/v1/search', { hostApp, q, category, tags })));
  };
  return html`<div>
    <h1>${t('search.title')}</h1>
    <form class="filters" role="search" aria-label=${t('search.title')} onSubmit=${search}>
      <${Field} id="hostApp" label=${t('search.hostApp')} value=${hostApp} onInput=${setHostApp} problem=${action.problem} placeholder="ha-…" required />
      <${Field} id="q" label=${t('search.q')} value=${q} onInput=${setQ} problem=${action.problem} list="suggestions" required />
      <datalist id="suggestions">${suggestions.map((s) => html`<option value=${s}></option>`)}</datalist>
      <${Field} id="category" label=${t('programs.category')} value=${category} onInput=${setCategory} problem=${action.problem} />
      <${Field} id="tags" label=${t('search.tags')} value=${tags} onInput=${setTags} problem=${action.problem} />
      <button type="submit" disabled=${action.busy}>${t('common.search')}</button>
    </form>
    <${ProblemView} problem=${action.problem} />
    ${hits && html`<p role="status">${t('search.total', { total: hits.total })}</p>
      <ol class="hits">${hits.hits.map((h) => html`<li key=${h.miniProgramId + h.page}>
        <strong>${h.title || h.name}</strong> · ${h.name} ${h.version} · <code>${h.page}</code>
        ${h.highlights.map((x) => html`<p><${Highlight} text=${x} /></p>`)}
      </li>`)}</ol>`}
    <${Crawls} />
  </div>`;
}

function Crawls() {
  const [mp, setMp] = useState('');
  const [crawls, setCrawls] = useState(null);
  const action = useAction();
  return html`<section class="card" aria-labelledby="crawls-title">
    <h2 id="crawls-title">${t('search.crawls')}</h2>
    <form onSubmit=${(e) => { e.preventDefault(); action.run(async () => setCrawls((await get('/api/v1/search/crawls', { miniProgramId: mp.trim() })).crawls)); }}>
      <${Field} id="crawl-mp" name="miniProgramId" label=${t('search.crawlsOf')} value=${mp} onInput=${setMp} problem=${action.problem} placeholder="mp-…" required />
      <button type="submit" disabled=${action.busy}>${t('common.search')}</button>
    </form>
    <${ProblemView} problem=${action.problem} />
    ${crawls && (crawls.length === 0 ? html`<p>${t('common.none')}</p>` : html`<ul>${crawls.map((c) => html`<li key=${c.id}>
      ${c.version}: ${c.state}, ${t('search.pages', { done: c.pagesDone, known: c.pagesKnown })} · ${when(c.startedAt)}
      ${c.failures.length > 0 && html`<ul>${c.failures.map((f) => html`<li><code>${f.pageUrl}</code>: ${f.reason}</li>`)}</ul>`}
    </li>`)}</ul>`)}
  </section>`;
}
