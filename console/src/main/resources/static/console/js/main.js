import { html, useState, useEffect, ProblemView } from './ui.js';
import { render } from '../vendor/preact/standalone.module.js';
import { t } from './messages.js';
import { currentSession, onSessionChange, whoAmI, signOut } from './api.js';
import { SignIn } from './signin.js';
import { Programs } from './programs.js';
import { Program } from './program.js';
import { Review } from './review.js';
import { Audit } from './audit.js';
import { Live } from './live.js';
import { Projections } from './projections.js';
import { Keys } from './keys.js';
import { HostApps, HostApp } from './hostapps.js';
import { Search } from './search.js';
import { Members } from './members.js';

// Each section, the permission that shows it in the menu (the API decides anyway), and its page.
const SECTIONS = [
  { path: '/programs', label: 'nav.programs', permission: 'read', page: Programs },
  { path: '/review', label: 'nav.review', permission: 'review', page: Review },
  { path: '/hosts', label: 'nav.hosts', permission: 'read', page: HostApps },
  { path: '/search', label: 'nav.search', permission: 'read', page: Search },
  { path: '/audit', label: 'nav.audit', permission: 'audit', page: Audit },
  { path: '/live', label: 'nav.live', permission: 'audit', page: Live },
  { path: '/projections', label: 'nav.projections', permission: 'administer', page: Projections },
  { path: '/keys', label: 'nav.keys', permission: 'manage-keys', page: Keys },
  { path: '/members', label: 'nav.members', permission: 'manage-members', page: Members },
];

function route() {
  return window.location.hash.replace(/^#/, '') || '/programs';
}

function navigate(path) {
  window.location.hash = path;
}

function App() {
  const [me, setMe] = useState(null);
  const [checking, setChecking] = useState(!!currentSession());
  const [problem, setProblem] = useState(null);
  const [path, setPath] = useState(route());

  useEffect(() => {
    const changed = () => setPath(route());
    window.addEventListener('hashchange', changed);
    const unsubscribe = onSessionChange((s) => { if (!s) setMe(null); });
    if (currentSession()) {
      whoAmI().then(setMe).catch(setProblem).finally(() => setChecking(false));
    }
    return () => { window.removeEventListener('hashchange', changed); unsubscribe(); };
  }, []);
  useEffect(() => {
    // Focus moves to the new page's heading, so keyboard and screen-reader users land on it.
    const heading = document.querySelector('main h1');
    if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
  }, [path, me]);

  if (checking) return html`<main id="main"><p aria-live="polite">${t('app.loading')}</p></main>`;
  if (!me) return html`<${SignIn} onSignedIn=${(m) => { setMe(m); setProblem(null); }} />${problem && html`<${ProblemView} problem=${problem} />`}`;

  const allowed = SECTIONS.filter((s) => me.permissions.includes(s.permission));
  let page;
  const program = path.match(/^\/programs\/(mp-[A-Za-z0-9]+)$/);
  const host = path.match(/^\/hosts\/(ha-[A-Za-z0-9]+)$/);
  if (program) {
    page = html`<${Program} id=${program[1]} me=${me} />`;
  } else if (host) {
    page = html`<${HostApp} id=${host[1]} me=${me} />`;
  } else {
    const section = SECTIONS.find((s) => s.path === path) || SECTIONS[0];
    page = allowed.includes(section)
      ? html`<${section.page} me=${me} navigate=${navigate} />`
      : html`<h1>${t(section.label)}</h1><p>${t('app.notAllowed')}</p>`;
  }
  const current = (s) => path === s.path || path.startsWith(s.path + '/');
  return html`
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>${t('app.skip')}</a>
    <header class="top">
      <a class="brand" href="#/programs">${t('app.title')}</a>
      <nav aria-label=${t('nav.label')}>
        <ul>${allowed.map((s) => html`<li key=${s.path}><a href=${'#' + s.path} aria-current=${current(s) ? 'page' : undefined}>${t(s.label)}</a></li>`)}</ul>
      </nav>
      <div class="who">
        <span>${t('app.signedInAs', { actor: me.actor, tenant: me.tenant })}</span>
        <button type="button" onClick=${() => signOut()}>${t('app.signOut')}</button>
      </div>
    </header>
    <main id="main" tabindex="-1">${page}</main>`;
}

render(html`<${App} />`, document.getElementById('app'));
