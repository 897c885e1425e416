import { html, useState, ProblemView, useAction, when } from './ui.js';
import { t } from './messages.js';
import { post, request } from './api.js';

// The gray-rule language as the API defines it: which operators apply to which attribute, and the
// form each value takes. The console checks a rule as it is typed; the API checks it again.
const TEXT = ['userId', 'deviceType', 'network', 'region'];
const VERSION = ['osVersion', 'hostAppVersion'];
const OPERATORS = ['eq', 'ne', 'in', 'prefix', 'contains', 'matches', 'lt', 'lte', 'gt', 'gte', 'between', 'percentage', 'is'];
// As the API's DottedVersion: 1 to 6 numeric parts of at most 9 digits, then an optional -pre-release
// or +build suffix; at most 64 characters.
const VERSION_TEXT = /^\d{1,9}(\.\d{1,9}){0,5}([-+].*)?$/;
const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;
const ORDERED = ['lt', 'lte', 'gt', 'gte', 'between'];

function kind(attribute) {
  if (TEXT.includes(attribute)) return 'text';
  if (VERSION.includes(attribute)) return 'version';
  if (/^tags\.[A-Za-z0-9_-]{1,32}$/.test(attribute)) return 'tag';
  return null;
}

const isVersion = (v) => v.length <= 64 && VERSION_TEXT.test(v);

/**
 * The JSON types a tag's value may take under an operator: a tag holds whatever the host sends, so an
 * operator says which comparison it means (text 'true' is not the boolean true; 1.10 as a number is
 * not 1.10 as a version). Other attributes have one type each, so they have no choice.
 */
export function valueTypes(rule) {
  if (kind(rule.attribute) !== 'tag') return [];
  if (rule.operator === 'eq' || rule.operator === 'ne') return ['text', 'number', 'boolean'];
  if (ORDERED.includes(rule.operator)) return ['number', 'version'];
  return [];
}

/** The type a rule's value is sent as: its chosen one where the operator offers a choice. */
function typeOf(rule) {
  const types = valueTypes(rule);
  return types.includes(rule.type) ? rule.type : types[0] || null;
}

/**
 * A list value: comma-separated; a backslash makes the next character plain, so a comma inside a value
 * is written \, and a backslash \\.
 */
function items(v) {
  const out = [];
  let current = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (c === '\\' && i + 1 < v.length) current += v[++i];
    else if (c === ',') { out.push(current); current = ''; }
    else current += c;
  }
  out.push(current);
  return out.map((x) => x.trim()).filter(Boolean);
}

/** One value of a list, written so that items() reads it back unchanged. */
const escapeItem = (x) => String(x).replace(/[\\,]/g, (c) => '\\' + c);

/** What is wrong with one rule ({field, message} naming the API's field path), or null. */
export function ruleProblem(rule, path) {
  const k = kind(rule.attribute);
  if (!k) return { field: `${path}.attribute`, message: t('gray.badAttribute') };
  const op = rule.operator;
  const ordered = ORDERED.includes(op);
  if ((['in', 'prefix', 'contains', 'matches'].includes(op) && k === 'version') || (ordered && k === 'text')
      || (op === 'percentage' && rule.attribute !== 'userId') || (op === 'is' && k !== 'tag')) {
    return { field: `${path}.operator`, message: t('gray.badOperator', { operator: op, attribute: rule.attribute }) };
  }
  const v = rule.value.trim();
  const value = `${path}.value`;
  // Empty is unfinished, not wrong: it keeps the form from being sent without marking the rule red.
  if (!v) return { field: value, message: t('gray.valueNeeded'), unfinished: true };
  if (op === 'percentage') {
    return /^\d{1,3}(\.\d{1,2})?$/.test(v) && Number(v) <= 100 ? null : { field: value, message: t('gray.badPercentage') };
  }
  const type = typeOf(rule);
  if (op === 'is' || type === 'boolean') {
    return v === 'true' || v === 'false' ? null : { field: value, message: t('gray.badBoolean') };
  }
  const one = (x) => (type === 'number' ? NUMBER_TEXT.test(x) : isVersion(x));
  if (op === 'between') {
    const parts = v.split(',').map((x) => x.trim());
    if (parts.length !== 2 || !parts.every(one)) {
      return { field: value, message: t(type === 'number' ? 'gray.badBetweenNumbers' : 'gray.badBetween') };
    }
    const [low, high] = type === 'number' ? parts.map(Number) : parts;
    if (type === 'number' && low > high) return { field: value, message: t('gray.badBetweenNumbers') };
    return null;
  }
  if (ordered || (k === 'version' && (op === 'eq' || op === 'ne'))) {
    return one(v) ? null : { field: value, message: t(type === 'number' ? 'gray.badNumber' : 'gray.badVersion') };
  }
  if (type === 'number') return NUMBER_TEXT.test(v) ? null : { field: value, message: t('gray.badNumber') };
  if (op === 'matches' && v.length > 200) return { field: value, message: t('gray.tooLong') };
  return null;
}

/** A rule as the API takes it: the value in its JSON form for the operator and type. */
function wire(rule) {
  const v = rule.value.trim();
  const type = typeOf(rule);
  let value = v;
  if (rule.operator === 'in') value = items(v);
  else if (rule.operator === 'between') value = v.split(',').map((x) => (type === 'number' ? Number(x.trim()) : x.trim()));
  else if (rule.operator === 'percentage' || type === 'number') value = Number(v);
  else if (rule.operator === 'is' || type === 'boolean') value = v === 'true';
  return { attribute: rule.attribute, operator: rule.operator, value };
}

/** A rule as the editor holds it, from the API's JSON: the value's JSON type kept as the rule's type. */
function fromWire(rule) {
  const v = rule.value;
  const first = Array.isArray(v) ? v[0] : v;
  const type = typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean'
    : ORDERED.includes(rule.operator) ? 'version' : 'text';
  const text = Array.isArray(v)
    ? v.map((x) => (rule.operator === 'in' ? escapeItem(x) : String(x))).join(', ')
    : String(v);
  return { attribute: rule.attribute, operator: rule.operator, value: text, type };
}

const blankRule = () => ({ attribute: 'userId', operator: 'percentage', value: '', type: 'text' });

/** The gray release of a mini-program: the plan in force with promote and cancel, and the rule editor. */
export function GrayRelease({ program, changed }) {
  const active = program.grayRelease;
  const approved = program.versions.filter((v) => v.state === 'approved').map((v) => v.version);
  const [picked, setVersion] = useState('');
  const version = approved.includes(picked) ? picked : approved[approved.length - 1] || '';
  const [groups, setGroups] = useState(active ? active.rules.groups.map((g) => g.rules.map(fromWire)) : [[blankRule()]]);
  const [userIds, setUserIds] = useState(active ? (active.rules.userIds || []).join(', ') : '');
  const action = useAction();
  const base = '/api/v1/mini-programs/' + program.id + '/gray-release';

  const problems = [];
  groups.forEach((g, gi) => g.forEach((r, ri) => {
    const p = ruleProblem(r, `groups[${gi}].rules[${ri}]`);
    if (p) problems.push(p);
  }));
  // The API's own answer, when it refused: its field path names the rule at fault.
  const apiField = action.problem && action.problem.field;
  const faulty = (gi, ri) => {
    const rule = `groups[${gi}].rules[${ri}]`;
    // rules[1] is not rules[10]: the path must end or go on with a dot.
    const names = (field) => field === rule || field.startsWith(rule + '.');
    return problems.find((p) => !p.unfinished && names(p.field)) || (apiField && names(apiField) ? { message: action.problem.detail } : null);
  };
  const set = (gi, ri, key, value) => setGroups(groups.map((g, i) => (i !== gi ? g : g.map((r, j) => (j !== ri ? r : { ...r, [key]: value })))));
  const body = () => ({
    groups: groups.map((g) => ({ rules: g.map(wire) })),
    userIds: userIds.split(/[\s,]+/).filter(Boolean),
  });
  const run = (label, fn) =>
    action.run(async () => {
      const answer = await fn();
      changed(answer);
      return t('program.done', { action: label });
    });

  return html`<section class="card gray" aria-labelledby="gray-title">
    <h2 id="gray-title">${t('gray.title')}</h2>
    ${active
      ? html`<div class="plan">
          <p>${t('gray.active', { version: active.version, since: when(active.startedAt) })}</p>
          <div class="toolbar">
            <button type="button" class="promote" disabled=${action.busy} onClick=${() => run(t('gray.promote'), () => post(base + '/promote'))}>${t('gray.promote')}</button>
            <button type="button" disabled=${action.busy} onClick=${() => run(t('gray.cancel'), () => request('DELETE', base))}>${t('gray.cancel')}</button>
          </div>
        </div>`
      : html`<p>${t('gray.none')}</p>`}
    ${!active && approved.length === 0 ? html`<p class="note">${t('gray.nothingApproved')}</p>` : html`<form onSubmit=${(e) => {
      e.preventDefault();
      if (active) run(t('gray.update'), () => request('PUT', base, { body: body() }));
      else run(t('gray.start'), () => post(base, { version, ...body() }));
    }}>
      ${!active && html`<div class="field">
        <label for="gray-version">${t('gray.version')}</label>
        <select id="gray-version" value=${version} onChange=${(e) => setVersion(e.target.value)}>
          ${approved.map((v) => html`<option value=${v}>${v}</option>`)}
        </select>
      </div>`}
      ${groups.map((g, gi) => html`<fieldset class="group" key=${gi}>
        <legend>${t('gray.group', { n: gi + 1 })}</legend>
        ${g.map((r, ri) => {
          const p = faulty(gi, ri);
          const id = `g${gi}r${ri}`;
          return html`<div class=${'rule' + (p ? ' invalid' : '')} data-rule=${`${gi}.${ri}`} key=${ri}>
            <div class="field"><label for=${id + 'a'}>${t('gray.attribute')}</label>
              <input id=${id + 'a'} list="gray-attributes" value=${r.attribute} aria-invalid=${p && p.field && p.field.endsWith('attribute') ? 'true' : 'false'}
                onInput=${(e) => set(gi, ri, 'attribute', e.target.value)} /></div>
            <div class="field"><label for=${id + 'o'}>${t('gray.operator')}</label>
              <select id=${id + 'o'} value=${r.operator} onChange=${(e) => set(gi, ri, 'operator', e.target.value)}>
                ${OPERATORS.map((o) => html`<option value=${o}>${o}</option>`)}
              </select></div>
            ${valueTypes(r).length > 0 && html`<div class="field"><label for=${id + 't'}>${t('gray.valueType')}</label>
              <select id=${id + 't'} value=${typeOf(r)} onChange=${(e) => set(gi, ri, 'type', e.target.value)}>
                ${valueTypes(r).map((x) => html`<option value=${x}>${t('gray.type.' + x)}</option>`)}
              </select></div>`}
            <div class="field"><label for=${id + 'v'}>${t('gray.value')}</label>
              <input id=${id + 'v'} value=${r.value} aria-invalid=${p ? 'true' : 'false'} aria-describedby=${p ? id + 'p' : undefined}
                onInput=${(e) => set(gi, ri, 'value', e.target.value)} /></div>
            <button type="button" aria-label=${t('gray.removeRule', { n: ri + 1 })} onClick=${() => setGroups(groups.map((x, i) => (i !== gi ? x : x.filter((_, j) => j !== ri))).filter((x) => x.length))}>✕</button>
            ${p && html`<p class="rule-problem" id=${id + 'p'} role="alert">${p.message}</p>`}
          </div>`;
        })}
        <button type="button" onClick=${() => setGroups(groups.map((x, i) => (i !== gi ? x : [...x, blankRule()])))}>${t('gray.addRule')}</button>
      </fieldset>`)}
      <datalist id="gray-attributes">${[...TEXT, ...VERSION, 'tags.'].map((a) => html`<option value=${a}></option>`)}</datalist>
      <div class="toolbar"><button type="button" onClick=${() => setGroups([...groups, [blankRule()]])}>${t('gray.addGroup')}</button></div>
      <div class="field">
        <label for="gray-users">${t('gray.userIds')}</label>
        <textarea id="gray-users" value=${userIds} onInput=${(e) => setUserIds(e.target.value)}></textarea>
      </div>
      <p class="note">${t('gray.how')}</p>
      <${ProblemView} problem=${action.problem} />
      ${typeof action.done === 'string' && html`<p class="ok" role="status">${action.done}</p>`}
      <button type="submit" class="primary" disabled=${action.busy || problems.length > 0 || (!active && !version)}>
        ${active ? t('gray.update') : t('gray.start')}</button>
    </form>`}
  </section>`;
}
