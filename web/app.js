/* PermitFlow browser app: hash routes, plain DOM, Form.io renderer, bpmn-js viewer. */
(function () {
  'use strict';
  const state = { user: null, csrf: null, lang: localStorage.getItem('pf.lang') || 'zh', stream: null };
  const $view = document.getElementById('view');
  const t = (k, vars) => {
    let s = (I18N[state.lang] && I18N[state.lang][k]) || I18N.zh[k] || k;
    for (const [n, v] of Object.entries(vars || {})) s = s.replace(`{${n}}`, v);
    return s;
  };
  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const fmt = (d) => (d ? new Date(d).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : '');
  const statusText = (s) => `<span class="status-${esc(s)}">${esc(t('s_' + s))}</span>`;

  async function api(method, path, body) {
    const headers = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (state.csrf && method !== 'GET') headers['x-csrf-token'] = state.csrf;
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    const text = await res.text();
    const data = text ? JSON.parse(text) : undefined;
    if (!res.ok) {
      const err = new Error((data && data.error && data.error.message) || res.statusText);
      err.status = res.status;
      err.fields = data && data.error && data.error.fields;
      err.missing = data && data.error && data.error.missing;
      throw err;
    }
    return data;
  }

  function toast(msg) {
    const el = document.getElementById('toast');
    el.textContent = msg;
    el.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (el.hidden = true), 3000);
  }

  function dueBadge(task) {
    if (!task.dueDate) return `<span class="badge">${t('noDue')}</span>`;
    if (task.overdue) return `<span class="badge overdue" title="${esc(fmt(task.dueDate))}">${t('overdue')}</span>`;
    const n = task.workingDaysLeft;
    if (n === 0) return `<span class="badge soon" title="${esc(fmt(task.dueDate))}">${t('dueToday')}</span>`;
    return `<span class="badge ${n <= 1 ? 'soon' : 'ok'}" title="${esc(fmt(task.dueDate))}">${esc(t('daysLeft', { n }))}</span>`;
  }

  function renderChrome() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach((el) => (el.textContent = t(el.dataset.i18n)));
    document.getElementById('lang').textContent = t('lang');
    document.getElementById('logout').hidden = !state.user;
    document.getElementById('who').textContent = state.user ? state.user.displayName : '';
    const nav = document.getElementById('nav');
    if (!state.user) nav.innerHTML = '';
    else if (state.user.kind === 'admin') nav.innerHTML = `<a href="#/inbox">${t('inbox')}</a><a href="#/admin">${t('workbench')}</a><a href="#/service">${t('rateTitle')}</a>`;
    else if (state.user.kind === 'reviewer') nav.innerHTML = `<a href="#/inbox">${t('inbox')}</a>`;
    else nav.innerHTML = `<a href="#/home">${t('home')}</a>`;
  }

  function showFieldErrors(container, fields) {
    const list = Object.entries(fields || {}).map(([k, v]) => `<li data-field="${esc(k)}"><b>${esc(k)}</b>: ${esc(v)}</li>`).join('');
    container.innerHTML = list ? `<ul class="errors">${list}</ul>` : '';
  }

  /** Form.io file uploads go through our API with the session's CSRF token. */
  const fileService = {
    async uploadFile(_storage, file, fileName) {
      const fd = new FormData();
      fd.append('file', file, fileName || file.name);
      const res = await fetch('/api/files', { method: 'POST', body: fd, headers: state.csrf ? { 'x-csrf-token': state.csrf } : {}, credentials: 'same-origin' });
      const data = await res.json();
      if (!res.ok) throw new Error((data.error && data.error.message) || 'upload failed');
      return { storage: 'url', name: data.id, originalName: data.name, url: data.url, size: data.size, type: data.type, data };
    },
    async downloadFile(file) {
      return file;
    },
    async deleteFile() {},
  };

  /** Form.io's own messages in Chinese (field labels are bilingual already). */
  const FORMIO_ZH = {
    required: '{{field}}：此项为必填项', pattern: '{{field}}：格式不正确', minLength: '{{field}}：至少 {{length}} 个字符', maxLength: '{{field}}：最多 {{length}} 个字符',
    invalid_email: '{{field}}：电子邮箱格式不正确', min: '{{field}}：不能小于 {{min}}', max: '{{field}}：不能大于 {{max}}', invalid_date: '{{field}}：日期无效',
    error: '请修正以下错误后再提交', errorsListNavigationMessage: '点击定位到错误', next: '下一步', previous: '上一步', cancel: '取消', submit: '提交', complete: '提交成功',
    'Drop files to attach,': '拖放文件到此处，或', 'Browse Files': '选择文件', 'File Name': '文件名', Size: '大小',
  };

  async function createForm(el, schema, submission) {
    const form = await Formio.createForm(el, schema, {
      fileService,
      noAlerts: false,
      language: state.lang === 'zh' ? 'zh' : 'en',
      i18n: { zh: FORMIO_ZH },
      buttonSettings: { showCancel: false },
    });
    if (submission) form.submission = { data: submission };
    return form;
  }

  // ---- pages -------------------------------------------------------------------------------

  function loginPage() {
    $view.innerHTML = `<div class="card login"><h2>${t('loginTitle')}</h2>
      <form id="login-form"><label for="login">${t('account')}</label><input id="login" name="login" autocomplete="username" required />
      <label for="password">${t('password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required />
      <p class="error" id="login-error"></p><button class="btn" type="submit">${t('login')}</button></form>
      <p><a href="#/register">${t('register')}</a> · <a href="#/password-reset">${t('forgot')}</a> · <a href="#/appeal">${t('appeal')}</a></p></div>`;
    document.getElementById('login-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const r = await api('POST', '/api/auth/login', { login: e.target.login.value, password: e.target.password.value });
        state.user = r.user;
        state.csrf = r.csrfToken;
        renderChrome();
        location.hash = state.user.kind === 'reviewer' || state.user.kind === 'admin' ? '#/inbox' : '#/home';
      } catch (err) {
        document.getElementById('login-error').textContent = err.message;
      }
    });
  }

  async function homePage() {
    $view.innerHTML = `<div class="card"><h2>${t('myTasks')}</h2><div class="tabs"><button data-tab="CREATED" class="on">${t('todo')}</button><button data-tab="COMPLETED">${t('done')}</button></div><div id="my-tasks"></div></div>
      <div class="card"><h2>${t('myCases')} <span style="float:right"><a class="btn secondary" href="#/apply/unit-qualification">${t('newQualification')}</a> <a class="btn secondary" href="#/apply/unit-info-change">${t('infoChange')}</a> <a class="btn secondary" href="#/power-permit/power-permit-new">${t('ppNew')}</a></span></h2><div id="my-cases"></div></div>`;
    const loadTasks = async (st) => {
      const r = await api('GET', `/api/tasks?assignee=me&state=${st}`);
      const box = document.getElementById('my-tasks');
      if (!box) return;
      box.innerHTML = r.items.length
        ? `<table class="list"><tr><th>${t('number')}</th><th>${t('process')}</th><th>${t('due')}</th><th></th></tr>${r.items.map((x) => `<tr><td>${esc(x.applicationNumber)}</td><td>${esc(x.processName)}</td><td>${dueBadge(x)}</td><td><a href="#/task/${x.id}">${t('open')}</a></td></tr>`).join('')}</table>`
        : `<p>${t('none')}</p>`;
    };
    document.querySelectorAll('.tabs button').forEach((b) =>
      b.addEventListener('click', () => {
        document.querySelectorAll('.tabs button').forEach((x) => x.classList.toggle('on', x === b));
        loadTasks(b.dataset.tab);
      }),
    );
    await loadTasks('CREATED');
    selfInspectionList();
    const cases = await api('GET', '/api/applications');
    const box = document.getElementById('my-cases');
    if (!box) return;
    box.innerHTML = cases.items.length
      ? `<table class="list" id="cases"><tr><th>${t('number')}</th><th>${t('process')}</th><th>${t('status')}</th><th>${t('submitted')}</th><th></th></tr>${cases.items
          .map((c) => `<tr data-number="${esc(c.number)}"><td>${esc(c.number)}</td><td>${esc(c.processId)}</td><td>${statusText(c.status)}</td><td>${esc(fmt(c.submittedAt))}</td><td><a href="#/case/${c.id}">${t('view')}</a></td></tr>`)
          .join('')}</table>`
      : `<p>${t('none')}</p>`;
  }

  async function applyPage(processId) {
    const scope = `start:${processId}`;
    $view.innerHTML = `<div class="card"><div id="form"></div><div id="form-errors"></div><button class="btn secondary" id="save-draft" type="button">${t('saveDraft')}</button></div>`;
    const [{ schema }, draft] = await Promise.all([api('GET', `/api/forms/${processId}`), api('GET', `/api/drafts/${scope}`).catch(() => null)]);
    const form = await createForm(document.getElementById('form'), schema, draft && draft.data);
    document.getElementById('save-draft').addEventListener('click', async () => {
      await api('PUT', `/api/drafts/${scope}`, { data: form.submission.data });
      toast(t('draftSaved'));
    });
    form.on('submit', async (submission) => {
      try {
        const r = await api('POST', '/api/applications', { processId, data: submission.data });
        toast(`${t('submittedOk')} ${r.number}`);
        location.hash = `#/case/${r.id}`;
      } catch (err) {
        form.emit('submitError');
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
  }

  async function showDiagram(el, processId, progress) {
    const xml = await fetch(`/api/processes/${processId}/diagram`, { credentials: 'same-origin' }).then((r) => r.text());
    const viewer = new BpmnJS({ container: el });
    await viewer.importXML(xml);
    const canvas = viewer.get('canvas');
    canvas.zoom('fit-viewport');
    const registry = viewer.get('elementRegistry');
    for (const id of progress.completed) if (registry.get(id)) canvas.addMarker(id, 'pf-done');
    for (const id of progress.active) if (registry.get(id)) canvas.addMarker(id, 'pf-active');
  }

  function historyTable(rows) {
    return `<table class="list history"><tr><th>${t('submitted')}</th><th>${t('assignee')}</th><th>${t('actions')}</th><th>${t('status')}</th></tr>${rows
      .map((h) => `<tr><td>${esc(fmt(h.at))}</td><td>${esc(h.actor)}</td><td>${esc(h.action)}</td><td>${h.to_status ? statusText(h.to_status) : ''}</td></tr>`)
      .join('')}</table>`;
  }

  function attachmentsOf(data) {
    const files = [];
    const walk = (v) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        if (typeof v.id === 'string' && /^[0-9a-f-]{36}$/.test(v.id) && v.name) files.push(v);
        else Object.values(v).forEach(walk);
      }
    };
    walk(data);
    return files.length ? `<ul>${files.map((f) => `<li><a href="/api/files/${f.id}" target="_blank">${esc(f.name)}</a></li>`).join('')}</ul>` : `<p>${t('none')}</p>`;
  }

  async function casePage(id) {
    const c = await api('GET', `/api/applications/${id}`);
    $view.innerHTML = `<div class="card"><h2>${t('caseTitle')} ${esc(c.number)}</h2>
      <dl class="kv"><dt>${t('process')}</dt><dd>${esc(c.processId)}</dd><dt>${t('status')}</dt><dd id="case-status" data-status="${esc(c.status)}">${statusText(c.status)}</dd>
      <dt>${t('submitted')}</dt><dd>${esc(fmt(c.submittedAt))}</dd>${c.reason ? `<dt>${t('reason')}</dt><dd>${esc(c.reason)}</dd>` : ''}</dl></div>
      <div class="card"><h2>${t('progress')}</h2><div class="diagram" id="diagram" data-state="${esc(c.progress.state || '')}" data-active="${esc(c.progress.active.join(' '))}"></div></div>
      <div class="two"><div class="card"><h2>${t('attachments')}</h2>${attachmentsOf(c.data)}</div><div class="card"><h2>${t('history')}</h2>${historyTable(c.history)}</div></div>
      <div class="card"><h2>${t('documents')}</h2><div id="case-documents"></div></div>`;
    api('GET', `/api/applications/${id}/documents`)
      .then((d) => {
        const el = document.getElementById('case-documents');
        if (el) el.innerHTML = documentsTable(d.items);
      })
      .catch(() => null);
    powerPermitCaseExtras(c);
    await showDiagram(document.getElementById('diagram'), c.processId, c.progress);
    // follow a running case until it ends
    if (c.progress.state === 'ACTIVE') {
      const here = location.hash;
      clearTimeout(casePage.timer);
      casePage.timer = setTimeout(() => location.hash === here && route(), 3000);
    }
  }

  // ---- generated documents and their public verification ----------------------------------------

  function documentsTable(items) {
    if (!items.length) return `<p class="muted">${t('none')}</p>`;
    return `<table class="list" id="documents"><tr><th>${t('docTitle')}</th><th>${t('number')}</th><th>${t('verifyCode')}</th><th>${t('issued')}</th><th></th></tr>${items
      .map((d) => `<tr data-code="${esc(d.code)}"><td>${esc(d.title)}</td><td>${esc(d.number || '—')}</td><td><code>${esc(d.code)}</code></td><td>${esc(fmt(d.issuedAt))}</td><td><a href="${esc(d.url)}" target="_blank" rel="noopener">${t('download')}</a></td></tr>`)
      .join('')}</table>`;
  }

  async function verifyPage(code) {
    $view.innerHTML = `<div class="card narrow"><h2>${t('verifyTitle')}</h2>
      <form id="verify-form"><label>${t('verifyCode')}<input id="v-code" value="${esc(code || '')}" placeholder="XXXX-XXXX-XXXX" autocomplete="off" /></label>
      <label>${t('verifyFile')}<input id="v-file" type="file" accept="application/pdf" /></label>
      <button class="btn" type="submit">${t('verify')}</button></form><div id="verify-result" aria-live="polite"></div></div>`;
    const out = document.getElementById('verify-result');
    const check = async () => {
      const c = document.getElementById('v-code').value.trim();
      if (!c) return;
      const file = document.getElementById('v-file').files[0];
      const res = file
        ? await fetch(`/api/public/verify/${encodeURIComponent(c)}`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: file })
        : await fetch(`/api/public/verify/${encodeURIComponent(c)}`);
      const body = await res.json();
      if (!res.ok) {
        out.innerHTML = `<p class="error" id="verify-status" data-status="unknown">${esc(body.error.message)}</p>`;
        return;
      }
      const ok = body.status === 'valid' && (body.matches === undefined || body.matches);
      const verdict = body.status !== 'valid' ? t('verifyRevoked') : body.matches === false ? t('verifyMismatch') : body.matches ? t('verifyMatch') : t('verifyValid');
      out.innerHTML = `<p class="${ok ? 'ok' : 'error'}" id="verify-status" data-status="${esc(body.status)}" data-matches="${body.matches === undefined ? '' : String(body.matches)}">${esc(verdict)}</p>
        <dl class="kv"><dt>${t('docTitle')}</dt><dd>${esc(body.title)}</dd><dt>${t('number')}</dt><dd>${esc(body.number || '—')}</dd>
        <dt>${t('issued')}</dt><dd>${esc(fmt(body.issuedAt))}</dd><dt>SHA-256</dt><dd><code>${esc(body.sha256)}</code></dd>
        ${body.revokedReason ? `<dt>${t('reason')}</dt><dd>${esc(body.revokedReason)}</dd>` : ''}</dl>`;
    };
    document.getElementById('verify-form').addEventListener('submit', (e) => {
      e.preventDefault();
      check().catch((err) => (out.innerHTML = `<p class="error">${esc(err.message)}</p>`));
    });
    if (code) await check();
  }

  const inboxFilter = { candidateGroup: '', assignee: '', overdue: false, text: '' };

  async function inboxPage() {
    $view.innerHTML = `<div class="card"><h2>${t('inbox')} <span class="live" id="live"></span></h2>
      <div class="chips" id="chips"></div>
      <div class="filters"><label>${t('assignee')}<select id="f-assignee"><option value="">${t('all')}</option><option value="me">${t('me')}</option><option value="none">${t('unassigned')}</option></select></label>
      <label>${t('search')}<input id="f-text" type="search" /></label><label><span>${t('overdueOnly')}</span><input id="f-overdue" type="checkbox" /></label></div>
      <table class="list" id="inbox"><thead><tr><th>${t('number')}</th><th>${t('applicant')}</th><th>${t('unit')}</th><th>${t('process')}</th><th>${t('due')}</th><th>${t('assignee')}</th><th>${t('actions')}</th></tr></thead><tbody></tbody></table>
      <button class="btn secondary" id="more" hidden>${t('more')}</button></div>`;
    document.getElementById('f-assignee').value = inboxFilter.assignee;
    document.getElementById('f-text').value = inboxFilter.text;
    document.getElementById('f-overdue').checked = inboxFilter.overdue;
    let cursor = null;
    const load = async (append) => {
      const q = new URLSearchParams({ sort: 'due', limit: '50' });
      for (const [k, v] of Object.entries(inboxFilter)) if (v) q.set(k, String(v));
      if (append && cursor) q.set('cursor', cursor);
      const [r, counts] = await Promise.all([api('GET', `/api/tasks?${q}`), append ? null : api('GET', '/api/tasks/counts')]);
      cursor = r.nextCursor;
      const rows = r.items
        .map((x) => `<tr data-task="${x.id}" data-number="${esc(x.applicationNumber)}"><td>${esc(x.applicationNumber)}</td><td>${esc(x.applicantName)}</td><td>${esc(x.unitName)}</td><td>${esc(x.processName)}</td><td>${dueBadge(x)}</td><td>${esc(x.assignee || '—')}</td>
          <td>${x.assignee ? '' : `<button class="btn secondary claim" data-id="${x.id}">${t('claim')}</button> `}<a href="#/task/${x.id}">${t('open')}</a></td></tr>`)
        .join('');
      const body = document.querySelector('#inbox tbody');
      if (append) body.insertAdjacentHTML('beforeend', rows);
      else body.innerHTML = rows || `<tr><td colspan="7">${t('none')}</td></tr>`;
      document.getElementById('more').hidden = !cursor;
      if (counts) {
        const groups = Object.entries(counts.byGroup);
        document.getElementById('chips').innerHTML = [`<button data-group="" class="${inboxFilter.candidateGroup ? '' : 'on'}">${t('all')}</button>`]
          .concat(groups.map(([g, n]) => `<button data-group="${esc(g)}" class="${inboxFilter.candidateGroup === g ? 'on' : ''}">${esc(g)} <b>${n}</b></button>`))
          .join('');
      }
    };
    document.getElementById('chips').addEventListener('click', (e) => {
      const b = e.target.closest('button');
      if (!b) return;
      inboxFilter.candidateGroup = b.dataset.group;
      load(false);
    });
    document.getElementById('f-assignee').addEventListener('change', (e) => ((inboxFilter.assignee = e.target.value), load(false)));
    document.getElementById('f-overdue').addEventListener('change', (e) => ((inboxFilter.overdue = e.target.checked), load(false)));
    document.getElementById('f-text').addEventListener('input', (e) => {
      clearTimeout(inboxPage.timer);
      inboxPage.timer = setTimeout(() => ((inboxFilter.text = e.target.value.trim()), load(false)), 250);
    });
    document.getElementById('more').addEventListener('click', () => load(true));
    document.getElementById('inbox').addEventListener('click', async (e) => {
      const b = e.target.closest('button.claim');
      if (!b) return;
      try {
        await api('POST', `/api/tasks/${b.dataset.id}/claim`);
        toast(t('claimed'));
        load(false);
      } catch (err) {
        toast(err.message);
      }
    });
    await load(false);
    openStream(() => {
      clearTimeout(inboxPage.reload);
      inboxPage.reload = setTimeout(() => location.hash === '#/inbox' && load(false), 150);
    });
  }

  function openStream(onChange) {
    if (state.stream) state.stream.close();
    const es = new EventSource('/api/tasks/stream');
    es.addEventListener('open', () => {
      const el = document.getElementById('live');
      if (el) el.textContent = `● ${t('live')}`;
    });
    es.addEventListener('task', onChange);
    state.stream = es;
  }

  function compareTable(current, requested) {
    const rows = ['name', 'legalRepresentative', 'uscc', 'address', 'postcode']
      .filter((k) => requested[k] !== undefined)
      .map((k) => `<tr><td>${esc(t('f_' + k))}</td><td>${esc(current[k])}</td><td class="${requested[k] !== current[k] ? 'status-approved' : ''}">${esc(requested[k])}</td></tr>`)
      .join('');
    return `<h3>${t('changes')}</h3><table class="list" id="compare"><tr><th></th><th>${t('currentValue')}</th><th>${t('requestedValue')}</th></tr>${rows}</table>`;
  }

  async function taskPage(id) {
    const d = await api('GET', `/api/tasks/${id}`);
    const task = d.task;
    const mine = task.assignee === state.user.login;
    $view.innerHTML = `<div class="two"><div class="card"><h2>${esc(d.case ? d.case.number : task.id)} ${dueBadge(task)}</h2>
      <dl class="kv"><dt>${t('process')}</dt><dd>${esc(task.processId)}</dd><dt>${t('applicant')}</dt><dd>${esc(task.applicantName || task.unitName || '')}</dd>
      <dt>${t('status')}</dt><dd>${d.case ? statusText(d.case.status) : ''}</dd><dt>${t('assignee')}</dt><dd id="task-assignee">${esc(task.assignee || '—')}</dd></dl>
      ${d.current && task.processId === 'unit-info-change' ? compareTable(d.current, d.case.data) : ''}
      ${d.subject ? `<h3>${t('taskSubject')}</h3><dl class="meta" id="task-subject">${Object.entries(d.subject).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(typeof v === 'object' ? JSON.stringify(v) : v)}</dd>`).join('')}</dl>` : ''}
      <h3>${t('attachments')}</h3>${d.case ? attachmentsOf(d.case.data) : ''}<h3>${t('history')}</h3>${historyTable(d.history)}</div>
      <div class="card"><h2>${t('decision')}</h2>${task.state !== 'CREATED' ? `<p>${t('taskDone')}</p>` : mine ? '' : `<button class="btn" id="claim">${t('claim')}</button>`}
      <div id="task-form"></div><div id="form-errors"></div></div></div>`;
    if (task.state !== 'CREATED') return;
    const claimBtn = document.getElementById('claim');
    if (claimBtn) {
      claimBtn.addEventListener('click', async () => {
        try {
          await api('POST', `/api/tasks/${id}/claim`);
          route();
        } catch (err) {
          toast(err.message);
        }
      });
      return;
    }
    const draft = await api('GET', `/api/drafts/task:${id}`).catch(() => null);
    const form = await createForm(document.getElementById('task-form'), d.form.schema, draft && draft.data);
    form.on('submit', async (submission) => {
      try {
        await api('POST', `/api/tasks/${id}/complete`, { data: submission.data });
        await api('DELETE', `/api/drafts/task:${id}`).catch(() => null);
        toast(t('taskDone'));
        location.hash = '#/inbox';
      } catch (err) {
        form.emit('submitError');
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
  }

  // ---- process admin workbench ----------------------------------------------------------------

  const INBOX_EVENTS = ['creating', 'assigning', 'updating', 'completing', 'canceling'];

  async function adminPage(processId) {
    const [{ items: versions }, { items: forms }] = await Promise.all([api('GET', '/api/admin/processes'), api('GET', '/api/admin/forms')]);
    const ids = [...new Set(versions.map((v) => v.processId))];
    processId = processId || ids[0];
    const mine = versions.filter((v) => v.processId === processId);
    $view.innerHTML = `<div class="card"><h2>${t('workbench')} <select id="process-pick">${ids.map((id) => `<option ${id === processId ? 'selected' : ''}>${esc(id)}</option>`).join('')}</select></h2>
      <div class="workbench"><div class="modeler" id="modeler"></div>
      <div class="side"><h3>${t('element')}</h3><div id="element-props"><p>${t('pickElement')}</p></div>
      <p><button class="btn secondary" id="lint">${t('lint')}</button> <button class="btn" id="deploy">${t('deploy')}</button></p>
      <ul id="lint-issues"></ul></div></div></div>
      <div class="card"><h2>${t('versions')}</h2><table class="list" id="versions"><tr><th>${t('version')}</th><th>${t('deployedBy')}</th><th>${t('submitted')}</th><th>${t('running')}</th><th>${t('incidents')}</th></tr>
      ${mine.map((v) => `<tr data-version="${v.version}"><td>v${v.version}</td><td>${esc(v.deployedBy)}</td><td>${esc(fmt(v.deployedAt))}</td><td>${v.instances.active}</td><td>${v.instances.incidents}</td></tr>`).join('')}</table></div>`;
    document.getElementById('process-pick').addEventListener('change', (e) => (location.hash = `#/admin/${e.target.value}`));
    const zeebe = await fetch('/vendor/zeebe-moddle/zeebe.json').then((r) => r.json());
    const modeler = new window.BpmnModeler({ container: '#modeler', moddleExtensions: { zeebe } });
    window.pfModeler = modeler; // for tests and power users
    const latest = mine[0];
    // the newest deployed version (or, for one deployed before versions were kept, the file)
    let res = latest ? await fetch(`/api/admin/processes/${processId}/versions/${latest.version}/xml`, { credentials: 'same-origin' }) : null;
    if (!res || !res.ok) res = await fetch(`/api/processes/${processId}/diagram`);
    const xml = await res.text();
    await modeler.importXML(xml);
    modeler.get('canvas').zoom('fit-viewport');
    const moddle = modeler.get('moddle');
    const modeling = modeler.get('modeling');

    const extOf = (bo, type) => (bo.extensionElements && bo.extensionElements.values || []).find((v) => v.$type === type);
    function setUserTaskConfig(element, formKey, groups) {
      const bo = element.businessObject;
      const values = (bo.extensionElements && bo.extensionElements.values || []).filter((v) => !['zeebe:UserTask', 'zeebe:FormDefinition', 'zeebe:AssignmentDefinition', 'zeebe:TaskListeners'].includes(v.$type));
      values.push(moddle.create('zeebe:UserTask'));
      if (formKey) values.push(moddle.create('zeebe:FormDefinition', { externalReference: formKey }));
      if (groups) values.push(moddle.create('zeebe:AssignmentDefinition', { candidateGroups: groups }));
      // every user task keeps the inbox in step (PermitFlow convention, checked by the lint)
      values.push(moddle.create('zeebe:TaskListeners', { listeners: INBOX_EVENTS.map((e) => moddle.create('zeebe:TaskListener', { eventType: e, type: `inbox.sync.${e}`, retries: '5' })) }));
      modeling.updateProperties(element, { extensionElements: moddle.create('bpmn:ExtensionElements', { values }) });
    }

    function showProps(element) {
      const box = document.getElementById('element-props');
      const bo = element.businessObject;
      if (element.type !== 'bpmn:UserTask') {
        box.innerHTML = `<p><b>${esc(bo.id)}</b> ${esc(bo.name || '')}<br/>${esc(element.type)}</p>`;
        return;
      }
      const form = extOf(bo, 'zeebe:FormDefinition');
      const assignment = extOf(bo, 'zeebe:AssignmentDefinition');
      box.innerHTML = `<p><b>${esc(bo.id)}</b> ${esc(bo.name || '')}</p>
        <label for="prop-form">${t('formKey')}</label><select id="prop-form"><option value="">—</option>${forms.map((f) => `<option value="${esc(f.key)}" ${form && form.externalReference === f.key ? 'selected' : ''}>${esc(f.key)} · ${esc(f.title || '')}</option>`).join('')}</select>
        <label for="prop-groups">${t('candidateGroups')}</label><input id="prop-groups" value="${esc(assignment ? assignment.candidateGroups : '')}" />`;
      const apply = () => setUserTaskConfig(element, document.getElementById('prop-form').value, document.getElementById('prop-groups').value.trim());
      document.getElementById('prop-form').addEventListener('change', apply);
      document.getElementById('prop-groups').addEventListener('change', apply);
    }
    modeler.on('selection.changed', (e) => e.newSelection[0] && showProps(e.newSelection[0]));

    async function lint() {
      const { xml: current } = await modeler.saveXML({ format: true });
      const { issues } = await api('POST', '/api/admin/lint', { xml: current });
      const canvas = modeler.get('canvas');
      const registry = modeler.get('elementRegistry');
      registry.getAll().forEach((el) => canvas.removeMarker(el.id, 'pf-lint-error'));
      issues.forEach((i) => i.elementId && registry.get(i.elementId) && canvas.addMarker(i.elementId, 'pf-lint-error'));
      document.getElementById('lint-issues').innerHTML = issues.length
        ? issues.map((i) => `<li data-element="${esc(i.elementId)}" data-rule="${esc(i.rule)}"><b>${esc(i.elementId)}</b> ${esc(i.message)}</li>`).join('')
        : `<li class="ok" style="color:var(--green)">${t('lintOk')}</li>`;
      return { issues, xml: current };
    }
    document.getElementById('lint').addEventListener('click', () => lint().catch((err) => toast(err.message)));
    document.getElementById('deploy').addEventListener('click', async () => {
      const { issues, xml: current } = await lint();
      if (issues.length) return toast(t('fixFirst'));
      try {
        const r = await api('POST', '/api/admin/deployments', { resourceName: `${processId}.bpmn`, xml: current });
        toast(`${t('deployed')} v${r.version}`);
        route();
      } catch (err) {
        toast(err.message);
      }
    });
  }

  // ---- public pages (no sign-in) ---------------------------------------------------------------

  /** Form.io adds the submit button's value; our APIs refuse unknown fields. */
  const clean = (data) => {
    const { submit: _s, ...rest } = data || {};
    return rest;
  };

  async function registerPage(id, token) {
    $view.innerHTML = `<div class="card"><h2>${t(id ? 'resubmitTitle' : 'registerTitle')}</h2><div id="reason"></div><div id="form"></div><div id="form-errors"></div></div>`;
    const { schema } = await api('GET', '/api/forms/unit-registration');
    let data;
    if (id) {
      const kept = await api('GET', `/api/registrations/${id}/resubmission?token=${encodeURIComponent(token)}`);
      data = kept.data;
      document.getElementById('reason').innerHTML = `<p class="error">${t('reason')}：${esc(kept.reason || '')}</p>`;
    }
    const form = await createForm(document.getElementById('form'), schema, data);
    form.on('submit', async (submission) => {
      try {
        const body = clean(submission.data);
        const r = id ? await api('POST', `/api/registrations/${id}/resubmission`, { token, registration: body }) : await api('POST', '/api/registrations', body);
        $view.innerHTML = `<div class="card"><h2>${t('submittedOk')} ${esc(r.number)}</h2><p>${t('registeredHint')}</p></div>`;
      } catch (err) {
        form.emit('submitError');
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
  }

  async function appealPage() {
    $view.innerHTML = `<div class="card"><div id="form"></div><div id="form-errors"></div></div>`;
    const { schema } = await api('GET', '/api/forms/account-appeal');
    const form = await createForm(document.getElementById('form'), schema);
    form.on('submit', async (submission) => {
      try {
        const r = await api('POST', '/api/appeals', clean(submission.data));
        $view.innerHTML = `<div class="card"><h2>${t('submittedOk')} ${esc(r.number)}</h2><p>${t('appealHint')}</p></div>`;
      } catch (err) {
        form.emit('submitError');
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
  }

  function passwordSetPage(token) {
    $view.innerHTML = `<div class="card login"><h2>${t('setPassword')}</h2><form id="pw"><label>${t('password')}<input name="password" type="password" required autocomplete="new-password" /></label>
      <label>${t('passwordAgain')}<input name="passwordConfirm" type="password" required autocomplete="new-password" /></label><div id="form-errors"></div><button class="btn">${t('save')}</button></form></div>`;
    document.getElementById('pw').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const r = await api('POST', '/api/password-set', { token, password: e.target.password.value, passwordConfirm: e.target.passwordConfirm.value });
        toast(`${t('passwordSaved')} ${r.login}`);
        location.hash = '#/';
      } catch (err) {
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
  }

  function passwordResetPage() {
    $view.innerHTML = `<div class="card login"><h2>${t('forgot')}</h2><form id="ask"><label>${t('uscc')}<input name="uscc" required /></label><label>${t('contactName')}<input name="contactName" required /></label>
      <label>${t('mobile')}<input name="mobile" required /></label><button class="btn">${t('sendCode')}</button></form>
      <form id="reset" hidden><label>${t('code')}<input name="code" required inputmode="numeric" /></label><label>${t('password')}<input name="newPassword" type="password" required /></label>
      <label>${t('passwordAgain')}<input name="newPasswordConfirm" type="password" required /></label><button class="btn">${t('save')}</button></form><div id="form-errors"></div></div>`;
    let mobile = '';
    document.getElementById('ask').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        mobile = e.target.mobile.value;
        await api('POST', '/api/password-reset/code', { uscc: e.target.uscc.value, contactName: e.target.contactName.value, mobile });
        document.getElementById('reset').hidden = false;
        showFieldErrors(document.getElementById('form-errors'), {});
      } catch (err) {
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
    document.getElementById('reset').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', '/api/password-reset', { mobile, code: e.target.code.value, newPassword: e.target.newPassword.value, newPasswordConfirm: e.target.newPasswordConfirm.value });
        toast(t('passwordSaved'));
        location.hash = '#/';
      } catch (err) {
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
  }

  // ---- power-facility permits (issue 8): completeness check, submit, missing materials, rating ----

  function missingList(missing) {
    if (!missing.length) return `<p class="ok" id="complete-ok">${t('ppComplete')}</p>`;
    const bySection = {};
    for (const m of missing) (bySection[m.section] = bySection[m.section] || []).push(m);
    return `<p class="error">${esc(t('ppMissingN', { n: missing.length }))}</p><ul id="missing">${Object.entries(bySection)
      .map(([sec, items]) => `<li><b>${esc(sec)}</b><ul>${items.map((m) => `<li data-field="${esc(m.field)}">${esc(m.message)}</li>`).join('')}</ul></li>`)
      .join('')}</ul>`;
  }

  function totalsText(totals) {
    if (!totals) return '';
    const volt = Object.entries(totals.projectsByVoltage || {}).map(([v, n]) => `${esc(v)}: ${n}`).join('，');
    return `<p id="totals">${esc(t('ppTotals', { e: totals.electricians, w: totals.skilledWorkers, p: totals.projects }))}${volt ? `（${volt}）` : ''}</p>`;
  }

  async function powerPermitPage(processId) {
    const me = await api('GET', '/api/power-permits/me');
    const offer = processId === 'power-permit-new' && me.missingMaterials.offered;
    $view.innerHTML = `<div class="card"><p id="pp-info">${me.fastTrack ? `<span class="badge ok">${t('ppFastTrack')}</span> ` : ''}${esc(t('ppLimit', { n: me.statutoryDays[processId] }))}${me.permit ? ` · ${t('ppPermit')} ${esc(me.permit.number)}` : ''}</p>
      ${offer ? `<label><input type="checkbox" id="pp-missing-materials" /> ${t('ppMissingMaterials')}</label>` : ''}
      <div id="form"></div><button class="btn secondary" id="pp-check" type="button">${t('ppCheck')}</button><div id="pp-result"></div></div>`;
    const { schema } = await api('GET', `/api/forms/${processId}`);
    const form = await createForm(document.getElementById('form'), schema, { basicInfo: me.basicInfo });
    const show = (missing, totals) => (document.getElementById('pp-result').innerHTML = missingList(missing) + totalsText(totals));
    document.getElementById('pp-check').addEventListener('click', async () => {
      const r = await api('POST', '/api/power-permits/check', { processId, data: form.submission.data });
      show(r.missing, r.totals);
    });
    form.on('submit', async (submission) => {
      const box = document.getElementById('pp-missing-materials');
      try {
        const r = await api('POST', '/api/power-permits/applications', { processId, data: submission.data, missingMaterials: !!(box && box.checked) });
        toast(`${t('submittedOk')} ${r.number}`);
        location.hash = `#/case/${r.id}`;
      } catch (err) {
        form.emit('submitError');
        if (err.missing) show(err.missing);
        else document.getElementById('pp-result').innerHTML = `<p class="error">${esc(err.message)}</p>`;
      }
    });
  }

  /** On a case page: end a power-permit case in progress; rate a finished case (link + QR). */
  function powerPermitCaseExtras(c) {
    const card = document.createElement('div');
    card.className = 'card';
    card.id = 'case-extras';
    const running = c.status === 'submitted' || c.status === 'in_review';
    if (running && /^(power-permit-|personnel-change)/.test(c.processId) && state.user && state.user.unitId) {
      card.innerHTML = `<button class="btn secondary" id="terminate">${t('ppTerminate')}</button>`;
      $view.appendChild(card);
      document.getElementById('terminate').addEventListener('click', async () => {
        if (!confirm(t('ppTerminateConfirm'))) return;
        await api('POST', `/api/power-permits/applications/${c.id}/terminate`, {}).then(() => route(), (err) => toast(err.message));
      });
    } else if (['approved', 'rejected', 'terminated'].includes(c.status)) {
      api('GET', `/api/applications/${c.id}/rating-link`)
        .then((r) => {
          card.innerHTML = `<h2>${t('rateTitle')}</h2><p><a id="rating-link" href="${esc(r.url)}">${esc(r.url)}</a></p><img id="rating-qr" alt="QR" src="${esc(r.qr)}" width="160" height="160" />`;
          $view.appendChild(card);
        })
        .catch(() => null);
    }
  }

  /** Home page of a unit: its self-inspections (企业自查) waiting to be submitted. */
  async function selfInspectionList() {
    const r = await api('GET', '/api/self-inspections').catch(() => ({ items: [] }));
    const open = r.items.filter((i) => i.status === 'pending' && i.taskId);
    if (!open.length) return;
    const card = document.createElement('div');
    card.className = 'card';
    card.id = 'self-inspections';
    card.innerHTML = `<h2>${t('campaign')}</h2><ul>${open.map((i) => `<li><a href="#/self-inspection/${esc(i.id)}">${esc(i.title)}</a> (${esc(i.number)})</li>`).join('')}</ul>`;
    $view.insertBefore(card, $view.firstChild);
  }

  async function selfInspectionPage(id) {
    $view.innerHTML = `<div class="card"><h2>${t('campaign')}</h2><div id="form"></div><div id="pp-result"></div></div>`;
    const { schema } = await api('GET', '/api/forms/self-inspection');
    const form = await createForm(document.getElementById('form'), schema);
    form.on('submit', async (submission) => {
      try {
        await api('POST', `/api/self-inspections/${id}/submit`, { data: submission.data });
        toast(t('submittedOk'));
        location.hash = '#/home';
      } catch (err) {
        form.emit('submitError');
        document.getElementById('pp-result').innerHTML = err.missing ? missingList(err.missing) : `<p class="error">${esc(err.message)}</p>`;
      }
    });
  }

  /** Admins: ratings and self-inspection campaigns. */
  async function servicePage() {
    const r = await api('GET', '/api/admin/ratings');
    $view.innerHTML = `<div class="card"><h2>${t('rateTitle')}</h2><p id="rating-summary">${esc(t('rateSummary', { n: r.summary.count, avg: r.summary.average == null ? '—' : r.summary.average }))}</p>
      <table class="list"><tr><th>${t('number')}</th><th>${t('rateStars')}</th><th>${t('rateComment')}</th><th>${t('mobile')}</th><th>${t('submitted')}</th></tr>${r.items
        .map((i) => `<tr><td>${esc(i.applicationNumber)}</td><td>${'★'.repeat(i.stars)}</td><td>${esc(i.comment || '')}</td><td>${esc(i.mobile)}</td><td>${esc(fmt(i.ratedAt))}</td></tr>`)
        .join('')}</table></div>
      <div class="card"><h2>${t('campaign')}</h2><form id="campaign-form"><input id="c-year" type="number" value="${new Date().getFullYear()}" /> <button class="btn" type="submit">${t('campaignLaunch')}</button></form><p id="campaign-progress"></p></div>`;
    document.getElementById('campaign-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const c = await api('POST', '/api/admin/self-inspections', { year: Number(document.getElementById('c-year').value) });
      const show = async () => {
        const p = await api('GET', `/api/admin/self-inspections/${c.id}`);
        const el = document.getElementById('campaign-progress');
        if (el) el.textContent = t('campaignProgress', { n: p.enterprises, s: p.submitted, p: p.pending });
      };
      await show();
      setTimeout(show, 2000);
    });
  }

  async function ratePage(token) {
    const c = await api('GET', `/api/public/ratings/${encodeURIComponent(token)}`);
    $view.innerHTML = `<div class="card"><h2>${t('rateTitle')}</h2><p>${t('number')} ${esc(c.number)}</p>
      <form id="rate-form"><label>${t('rateStars')}</label><select id="r-stars">${[5, 4, 3, 2, 1].map((n) => `<option value="${n}">${'★'.repeat(n)}</option>`).join('')}</select>
      <label for="r-mobile">${t('mobile')}</label><input id="r-mobile" required /><label for="r-comment">${t('rateComment')}</label><textarea id="r-comment" maxlength="1000"></textarea>
      <p class="error" id="rate-error"></p><button class="btn" type="submit">${t('save')}</button></form></div>`;
    document.getElementById('rate-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', `/api/public/ratings/${encodeURIComponent(token)}`, { stars: Number(document.getElementById('r-stars').value), mobile: document.getElementById('r-mobile').value, comment: document.getElementById('r-comment').value });
        $view.innerHTML = `<div class="card"><p id="rate-done">${t('rateThanks')}</p></div>`;
      } catch (err) {
        document.getElementById('rate-error').textContent = err.message;
      }
    });
  }

  // ---- routing -------------------------------------------------------------------------------

  let navSeq = 0;

  async function route() {
    // A page still loading when the user moves on must not write over the next page.
    const seq = ++navSeq;
    const current = () => seq === navSeq;
    const hash = location.hash || '#/';
    if (!state.user) {
      try {
        const me = await api('GET', '/api/me');
        state.user = me.user;
        state.csrf = me.csrfToken;
      } catch {
        state.user = null;
      }
    }
    renderChrome();
    const [path, query] = hash.slice(1).split('?');
    const params = new URLSearchParams(query || '');
    const publicPages = {
      '/register': () => registerPage(),
      '/register/resubmit': () => registerPage(params.get('id'), params.get('token')),
      '/appeal': () => appealPage(),
      '/password-set': () => passwordSetPage(params.get('token')),
      '/password-reset': () => passwordResetPage(),
    };
    if (path.startsWith('/rate/')) publicPages[path] = () => ratePage(decodeURIComponent(path.split('/')[2] || ''));
    if (path.startsWith('/verify')) publicPages[path] = () => verifyPage(decodeURIComponent(path.split('/')[2] || ''));
    if (publicPages[path]) {
      try {
        return await publicPages[path]();
      } catch (err) {
        if (current()) $view.innerHTML = `<div class="card error">${esc(err.message)}</div>`;
        return;
      }
    }
    if (!state.user) return loginPage();
    const [, page, arg] = hash.split('/');
    try {
      if (page === 'inbox') return await inboxPage();
      if (page === 'admin') return await adminPage(arg);
      if (page === 'task') return await taskPage(arg);
      if (page === 'case') return await casePage(arg);
      if (page === 'apply') return await applyPage(arg);
      if (page === 'power-permit') return await powerPermitPage(arg || 'power-permit-new');
      if (page === 'service' && state.user.kind === 'admin') return await servicePage();
      if (page === 'self-inspection') return await selfInspectionPage(arg);
      if (page === 'home') return await homePage();
      location.hash = state.user.kind === 'reviewer' || state.user.kind === 'admin' ? '#/inbox' : '#/home';
    } catch (err) {
      if (!current()) return;
      if (err.status === 401) {
        state.user = null;
        return loginPage();
      }
      $view.innerHTML = `<div class="card error">${esc(err.message)}</div>`;
    }
  }

  document.getElementById('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('pf.lang', state.lang);
    route();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await api('POST', '/api/auth/logout').catch(() => null);
    state.user = null;
    state.csrf = null;
    if (state.stream) state.stream.close();
    location.hash = '#/';
    route();
  });
  window.addEventListener('hashchange', route);
  route();
})();
