import { html, useState, useEffect, ProblemView, Field, useAction, useLoad, Progress, when } from './ui.js';
import { t } from './messages.js';
import { post, patch, del, putFile, readAfter, upload } from './api.js';
import { Icon } from './icon.js';
import { GrayRelease } from './gray.js';
import { VersionFiles } from './files.js';

/** One mini-program: its details, its versions with their review state, and each role's actions. */
export function Program({ id, me }) {
  const [position, setPosition] = useState(0);
  const mp = useLoad(() => readAfter('/api/v1/mini-programs/' + id, position), [id, position]);
  const can = (p) => me.permissions.includes(p);
  // After a command, the page reads again once the read model has its position.
  const changed = (answer) => setPosition(answer.position);

  if (mp.problem) return html`<${ProblemView} problem=${mp.problem} />`;
  if (!mp.data) return html`<p aria-live="polite">${t('app.loading')}</p>`;
  const program = mp.data;
  return html`<div>
    <h1 class="with-icon"><${Icon} icon=${program.icon} />${program.name}</h1>
    <p class="meta">${t('program.state', { state: t('state.' + program.state) })}
      ${program.currentVersion ? ' · ' + program.currentVersion : ''} · <code>${program.id}</code></p>
    ${program.delistReason && html`<p class="note">${t('program.delistedBecause', { reason: program.delistReason })}</p>`}
    ${program.developerFrozen && html`<p class="note">${t('program.frozen')}</p>`}
    <div class="columns">
      <div>
        <${Details} program=${program} editable=${can('develop')} changed=${changed} />
        <${IconEditor} program=${program} editable=${can('develop')} changed=${changed} />
      </div>
      ${can('develop') && html`<${Upload} program=${program} changed=${changed} />`}
    </div>
    <${Versions} program=${program} me=${me} changed=${changed} />
    ${can('operate') && html`<${GrayRelease} key=${program.id + ':' + (program.grayRelease ? program.grayRelease.id : 'none')} program=${program} changed=${changed} />`}
    ${can('operate') && html`<${Operate} program=${program} changed=${changed} />`}
  </div>`;
}

function Details({ program, editable, changed }) {
  const [name, setName] = useState(program.name);
  const [description, setDescription] = useState(program.description || '');
  const [category, setCategory] = useState(program.category || '');
  const [tags, setTags] = useState((program.tags || []).join(', '));
  const action = useAction();
  useEffect(() => {
    setName(program.name);
    setDescription(program.description || '');
    setCategory(program.category || '');
    setTags((program.tags || []).join(', '));
  }, [program.position]);
  const submit = (e) => {
    e.preventDefault();
    action.run(async () => {
      const answer = await patch('/api/v1/mini-programs/' + program.id, {
        name,
        description,
        category,
        tags: tags.split(',').map((s) => s.trim()).filter(Boolean),
      });
      changed(answer);
      return t('program.saved');
    });
  };
  return html`<section class="card" aria-labelledby="details-title">
    <h2 id="details-title">${t('program.details')}</h2>
    <form onSubmit=${submit}>
      <fieldset class="plain" disabled=${!editable}>
        <${Field} id="name" label=${t('programs.name')} value=${name} onInput=${setName} problem=${action.problem} required />
        <${Field} id="description" label=${t('programs.description')} type="textarea" value=${description} onInput=${setDescription} problem=${action.problem} />
        <${Field} id="category" label=${t('programs.category')} value=${category} onInput=${setCategory} problem=${action.problem} />
        <${Field} id="tags" label=${t('programs.tags')} value=${tags} onInput=${setTags} problem=${action.problem} />
      </fieldset>
      <${ProblemView} problem=${action.problem} />
      ${typeof action.done === 'string' && html`<p class="ok" role="status">${action.done}</p>`}
      ${editable && html`<button type="submit" disabled=${action.busy}>${action.busy ? t('app.working') : t('program.edit')}</button>`}
    </form>
  </section>`;
}

/** The icon: shown as the catalogue has it; a developer picks or drops a new image, or removes it. */
function IconEditor({ program, editable, changed }) {
  const [over, setOver] = useState(false);
  const action = useAction();
  const send = (file) => {
    if (!file) return;
    action.run(async () => {
      changed(await putFile('/api/v1/mini-programs/' + program.id + '/icon', file));
      return t('program.iconSaved');
    });
  };
  const remove = () => action.run(async () => {
    changed(await del('/api/v1/mini-programs/' + program.id + '/icon'));
    return t('program.iconRemoved');
  });
  const icon = program.icon;
  return html`<section class="card" aria-labelledby="icon-title">
    <h2 id="icon-title">${t('program.icon')}</h2>
    <div class="with-icon">
      <${Icon} icon=${icon} />
      <p class="meta">${icon ? t('program.iconSize', icon) : t('program.iconNone')}</p>
    </div>
    ${editable && html`<div class=${'drop' + (over ? ' over' : '') + (action.problem ? ' invalid' : '')}
        onDragOver=${(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave=${() => setOver(false)}
        onDrop=${(e) => { e.preventDefault(); setOver(false); if (e.dataTransfer.files.length) send(e.dataTransfer.files[0]); }}>
        <label for="icon-file">${t('program.iconSet')}</label>
        <input id="icon-file" type="file" accept="image/png,image/jpeg" disabled=${action.busy}
          aria-describedby="icon-help" onChange=${(e) => { send(e.target.files[0] || null); e.target.value = ''; }} />
        <p id="icon-help" class="meta">${t('program.iconHelp')}</p>
      </div>
      ${icon && html`<button type="button" disabled=${action.busy} onClick=${remove}>${t('program.iconRemove')}</button>`}`}
    <${ProblemView} problem=${action.problem} />
    ${typeof action.done === 'string' && html`<p class="ok" role="status">${action.done}</p>`}
  </section>`;
}

function Upload({ program, changed }) {
  const [version, setVersion] = useState('');
  const [notes, setNotes] = useState('');
  const [file, setFile] = useState(null);
  const [percent, setPercent] = useState(null);
  const [over, setOver] = useState(false);
  const action = useAction();
  const submit = (e) => {
    e.preventDefault();
    action.run(async () => {
      const form = new FormData();
      form.append('version', version);
      form.append('notes', notes);
      if (file) form.append('package', file, file.name);
      setPercent(0);
      try {
        const answer = await upload('/api/v1/mini-programs/' + program.id + '/versions', form, setPercent);
        changed(answer);
        return answer;
      } catch (p) {
        setPercent(null);
        throw p;
      }
    });
  };
  const answer = action.done && action.done.leftOut ? action.done : null;
  return html`<section class="card" aria-labelledby="upload-title">
    <h2 id="upload-title">${t('program.upload')}</h2>
    <form onSubmit=${submit}>
      <${Field} id="version" label=${t('program.version')} value=${version} onInput=${setVersion} problem=${action.problem} required placeholder="1.0.0" />
      <${Field} id="notes" label=${t('program.notes')} type="textarea" value=${notes} onInput=${setNotes} problem=${action.problem} />
      <div class=${'drop' + (over ? ' over' : '') + (action.problem && action.problem.field === 'package' ? ' invalid' : '')}
        onDragOver=${(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave=${() => setOver(false)}
        onDrop=${(e) => { e.preventDefault(); setOver(false); if (e.dataTransfer.files.length) setFile(e.dataTransfer.files[0]); }}>
        <label for="package">${t('program.drop')}</label>
        <input id="package" type="file" accept=".zip,application/zip" onChange=${(e) => setFile(e.target.files[0] || null)} />
        ${file && html`<p class="file">${file.name} (${file.size} B)</p>`}
      </div>
      ${percent !== null && html`<${Progress} label=${t('program.uploading', { percent })} value=${percent} />`}
      <${ProblemView} problem=${action.problem} />
      ${answer && html`<p class="ok" role="status">${t('program.uploaded', { version })}</p>
        ${answer.leftOut.map((l) => html`<p class="note">${t('program.leftOut', l)}</p>`)}`}
      <button type="submit" class="primary" disabled=${action.busy || !file}>${action.busy ? t('app.working') : t('program.uploadButton')}</button>
    </form>
  </section>`;
}

function Versions({ program, me, changed }) {
  const action = useAction();
  const [rejecting, setRejecting] = useState(null);
  const [browsing, setBrowsing] = useState(null);
  const [reason, setReason] = useState('');
  const can = (p) => me.permissions.includes(p);
  const base = '/api/v1/mini-programs/' + program.id;
  const act = (label, path, body) =>
    action.run(async () => {
      const answer = await post(path, body);
      changed(answer);
      return t('program.done', { action: label });
    });
  const versions = [...program.versions].reverse();
  return html`<section class="card" aria-labelledby="versions-title">
    <h2 id="versions-title">${t('program.versions')}</h2>
    <${ProblemView} problem=${action.problem} />
    ${typeof action.done === 'string' && html`<p class="ok" role="status">${action.done}</p>`}
    ${versions.length === 0 ? html`<p>${t('common.none')}</p>` : html`<div class="table" tabindex="0" role="region" aria-label=${t('program.versions')}><table>
      <thead><tr><th scope="col">${t('program.version')}</th><th scope="col">${t('programs.state')}</th>
        <th scope="col">${t('program.uploadedBy')}</th><th scope="col">${t('program.uploadedAt')}</th>
        <th scope="col">${t('program.reviewNote')}</th><th scope="col">${t('program.actions')}</th></tr></thead>
      <tbody>${versions.map((v) => {
        const own = v.uploadedBy === me.actor;
        return html`<tr key=${v.version} data-version=${v.version}>
          <td>${v.version}</td><td class="state">${t('state.' + v.state)}</td><td><code>${v.uploadedBy}</code></td>
          <td>${when(v.uploadedAt)}</td><td>${v.rejectionReason || (v.reviewedBy ? v.reviewedBy : '')}</td>
          <td class="actions">
            <button type="button" class="files-open" onClick=${() => setBrowsing(v.version)}>${t('files.open')}</button>
            ${can('develop') && v.state === 'uploaded' && html`<button type="button" class="submit" disabled=${action.busy}
              onClick=${() => act(t('program.submit'), `${base}/versions/${v.version}/submit`)}>${t('program.submit')}</button>`}
            ${can('review') && v.state === 'in_review' && html`
              <button type="button" class="approve" disabled=${action.busy || own} aria-describedby=${own ? 'four-eyes-' + v.version : undefined}
                onClick=${() => act(t('program.approve'), `${base}/versions/${v.version}/approve`)}>${t('program.approve')}</button>
              <button type="button" disabled=${action.busy} onClick=${() => { setRejecting(v.version); setReason(''); }}>${t('program.reject')}</button>
              ${own && html`<small id=${'four-eyes-' + v.version} class="why">${t('program.fourEyes')}</small>`}`}
            ${can('operate') && v.state === 'approved' && !v.releasedAt && html`<button type="button" class="release" disabled=${action.busy}
              onClick=${() => act(t('program.release'), `${base}/release`, { version: v.version })}>${t('program.release')}</button>`}
            ${can('operate') && v.releasedAt && v.version !== program.currentVersion && html`<button type="button" class="rollback" disabled=${action.busy}
              onClick=${() => act(t('program.rollback'), `${base}/rollback`, { version: v.version })}>${t('program.rollback')}</button>`}
          </td></tr>`;
      })}</tbody></table></div>`}
    ${browsing && html`<${VersionFiles} key=${browsing} program=${program} version=${browsing} onClose=${() => setBrowsing(null)} />`}
    ${rejecting && html`<form class="inline-form" onSubmit=${(e) => {
      e.preventDefault();
      act(t('program.reject'), `${base}/versions/${rejecting}/reject`, { reason }).then((ok) => ok && setRejecting(null));
    }}>
      <${Field} id="reject-reason" name="reason" label=${t('program.rejectReason', { version: rejecting })} value=${reason} onInput=${setReason} problem=${action.problem} required />
      <button type="submit" disabled=${action.busy}>${t('program.reject')}</button>
      <button type="button" onClick=${() => setRejecting(null)}>${t('common.cancel')}</button>
    </form>`}
  </section>`;
}

function Operate({ program, changed }) {
  const [reason, setReason] = useState('');
  const [freeze, setFreeze] = useState(false);
  const action = useAction();
  const base = '/api/v1/mini-programs/' + program.id;
  const run = (label, path, body) =>
    action.run(async () => {
      const answer = await post(path, body);
      changed(answer);
      return t('program.done', { action: label });
    });
  return html`<section class="card" aria-labelledby="operate-title">
    <h2 id="operate-title">${t('program.operate')}</h2>
    <${ProblemView} problem=${action.problem} />
    ${typeof action.done === 'string' && html`<p class="ok" role="status">${action.done}</p>`}
    ${program.state === 'listed'
      ? html`<form onSubmit=${(e) => { e.preventDefault(); run(t('program.delist'), base + '/delist', { reason, freezeDeveloper: freeze }); }}>
          <${Field} id="delist-reason" name="reason" label=${t('program.delistReason')} value=${reason} onInput=${setReason} problem=${action.problem} required />
          <label class="inline"><input type="checkbox" checked=${freeze} onChange=${(e) => setFreeze(e.target.checked)} /> ${t('program.freeze')}</label>
          <button type="submit" disabled=${action.busy}>${t('program.delist')}</button>
        </form>`
      : html`<button type="button" disabled=${action.busy} onClick=${() => run(t('program.relist'), base + '/relist')}>${t('program.relist')}</button>`}
  </section>`;
}
