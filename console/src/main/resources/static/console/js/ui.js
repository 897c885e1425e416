// Shared pieces: how a problem is shown, labelled fields, buttons that never block the page.
import { html, useState, useEffect, useCallback } from '../vendor/preact/standalone.module.js';
import { t } from './messages.js';

export { html, useState, useEffect, useCallback };

/** The API's problem as it came: title, detail, and the field, rule and file at fault. Never a stack. */
export function ProblemView({ problem }) {
  if (!problem) return null;
  return html`<div class="problem" role="alert">
    <strong>${problem.title}</strong>
    ${problem.detail && html`<p>${problem.detail}</p>`}
    ${(problem.field || problem.rule || problem.entry) &&
    html`<dl>
      ${problem.field && html`<dt>${t('problem.field')}</dt><dd><code>${problem.field}</code></dd>`}
      ${problem.rule && html`<dt>${t('problem.rule')}</dt><dd><code>${problem.rule}</code></dd>`}
      ${problem.entry && html`<dt>${t('problem.entry')}</dt><dd><code>${problem.entry}</code></dd>`}
    </dl>`}
  </div>`;
}

/** A labelled input; marked invalid when the problem names its field (the API's field path). */
export function Field({ id, label, value, onInput, problem, type = 'text', required, hint, name, ...rest }) {
  const invalid = problem && problem.field && (problem.field === (name || id) || problem.field.startsWith(`${name || id}[`));
  return html`<div class=${'field' + (invalid ? ' invalid' : '')}>
    <label for=${id}>${label}</label>
    ${type === 'textarea'
      ? html`<textarea id=${id} value=${value} onInput=${(e) => onInput(e.target.value)} aria-invalid=${invalid ? 'true' : 'false'} ...${rest}></textarea>`
      : html`<input id=${id} type=${type} value=${value} required=${required} onInput=${(e) => onInput(e.target.value)}
          aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${hint ? id + '-hint' : undefined} ...${rest} />`}
    ${hint && html`<small id=${id + '-hint'}>${hint}</small>`}
  </div>`;
}

/**
 * Runs an async action without blocking the page: the button shows it is busy, the rest stays usable,
 * and the outcome (a message or the problem) is kept for the caller to show.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState(null);
  const [done, setDone] = useState(null);
  const run = useCallback(async (fn) => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const result = await fn();
      setDone(result ?? true);
      return result;
    } catch (e) {
      setProblem(e.title ? e : { title: t('problem.unreachable'), detail: String(e.message || e) });
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, done, run, setProblem, setDone };
}

/** Loads data when its inputs change; reload() loads again (after a command's read caught up). */
export function useLoad(load, inputs) {
  const [state, setState] = useState({ loading: true, data: null, problem: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load()
      .then((data) => live && setState({ loading: false, data, problem: null }))
      .catch((problem) => live && setState({ loading: false, data: null, problem }));
    return () => {
      live = false;
    };
  }, [...inputs, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export function Pager({ page, size, total, onPage }) {
  const pages = Math.max(1, Math.ceil(total / size));
  return html`<nav class="pager" aria-label=${t('common.page', { page: page + 1, pages, total })}>
    <button type="button" disabled=${page <= 0} onClick=${() => onPage(page - 1)}>${t('common.previous')}</button>
    <span>${t('common.page', { page: page + 1, pages, total })}</span>
    <button type="button" disabled=${page + 1 >= pages} onClick=${() => onPage(page + 1)}>${t('common.next')}</button>
  </nav>`;
}

export function Progress({ label, value }) {
  return html`<div class="progress">
    <label>${label} <progress max="100" value=${value} aria-label=${label}>${value} %</progress> <span class="percent">${value} %</span></label>
  </div>`;
}

export function CopyButton({ text }) {
  const [copied, setCopied] = useState(false);
  return html`<button type="button" class="copy" onClick=${async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }}>${copied ? t('common.copied') : t('common.copy')}</button>`;
}

export function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}
