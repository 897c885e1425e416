import { html, useState, ProblemView, Field, useAction } from './ui.js';
import { t } from './messages.js';
import { signInWithPassword, signInWithKey } from './api.js';

/** Sign-in as a member (the tenant's login policy: password, second factor, lockout) or with an API key. */
export function SignIn({ onSignedIn }) {
  const [how, setHow] = useState('member');
  const [tenant, setTenant] = useState('default');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [key, setKey] = useState('');
  const action = useAction();

  const submit = async (e) => {
    e.preventDefault();
    const me = await action.run(async () => {
      try {
        return how === 'member' ? await signInWithPassword(tenant, email, password, code) : await signInWithKey(key);
      } catch (p) {
        if (p.slug === 'second-factor-required') setNeedsCode(true);
        if (p.slug === 'login-locked' && p.retryAfter) p.detail = t('signin.locked', { seconds: p.retryAfter });
        throw p;
      }
    });
    if (me) onSignedIn(me);
  };

  return html`<main id="main" class="signin">
    <h1>${t('app.title')}</h1>
    <form onSubmit=${submit} aria-labelledby="signin-title">
      <h2 id="signin-title">${t('signin.title')}</h2>
      <fieldset>
        <legend>${t('signin.how')}</legend>
        <label class="inline"><input type="radio" name="how" checked=${how === 'member'} onChange=${() => setHow('member')} /> ${t('signin.member')}</label>
        <label class="inline"><input type="radio" name="how" checked=${how === 'key'} onChange=${() => setHow('key')} /> ${t('signin.apiKey')}</label>
      </fieldset>
      ${how === 'member'
        ? html`
          <${Field} id="tenant" label=${t('signin.tenant')} value=${tenant} onInput=${setTenant} problem=${action.problem} required />
          <${Field} id="email" label=${t('signin.email')} type="email" value=${email} onInput=${setEmail} problem=${action.problem} autocomplete="username" required />
          <${Field} id="password" label=${t('signin.password')} type="password" value=${password} onInput=${setPassword} problem=${action.problem} autocomplete="current-password" required />
          ${needsCode && html`<p class="note">${t('signin.codeNeeded')}</p>
            <${Field} id="code" label=${t('signin.code')} value=${code} onInput=${setCode} autocomplete="one-time-code" inputmode="numeric" />`}`
        : html`<${Field} id="key" label=${t('signin.key')} type="password" value=${key} onInput=${setKey} hint=${t('signin.keyHint')} required />`}
      <${ProblemView} problem=${action.problem} />
      <button type="submit" class="primary" disabled=${action.busy}>${action.busy ? t('app.working') : t('signin.submit')}</button>
    </form>
  </main>`;
}
