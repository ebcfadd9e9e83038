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
    else if (state.user.kind === 'admin') nav.innerHTML = `<a href="#/inbox">${t('inbox')}</a><a href="#/admin">${t('workbench')}</a><a href="#/admin/forms">${t('formsTab')}</a><a href="#/service">${t('rateTitle')}</a>`;
    else if (state.user.kind === 'reviewer') nav.innerHTML = `<a href="#/inbox">${t('inbox')}</a>`;
    else nav.innerHTML = `<a href="#/home">${t('home')}</a>` + unitNav() + `<a href="#/publicity" id="nav-publicity">${t('pubNav')}</a>`;
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
      <p><a href="#/register">${t('register')}</a> · <a href="#/password-reset">${t('forgot')}</a> · <a href="#/appeal">${t('appeal')}</a> · <a href="#/publicity-query">${t('opsQueryTitle')}</a></p></div>`;
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
    if (state.user.kind === 'person') return inspectorPage();
    $view.innerHTML = `<div class="card"><h2>${t('myTasks')}</h2><div class="tabs"><button data-tab="CREATED" class="on">${t('todo')}</button><button data-tab="COMPLETED">${t('done')}</button></div><div id="my-tasks"></div></div>
      <div class="card"><h2>${t('myCases')} <span style="float:right"><a class="btn secondary" href="#/apply/unit-qualification">${t('newQualification')}</a> <a class="btn secondary" href="#/apply/unit-info-change">${t('infoChange')}</a> <a class="btn secondary" href="#/publicity/add">${t('opsAddTitle')}</a> <a class="btn secondary" href="#/publicity/cancel">${t('opsCancelTitle')}</a> <a class="btn secondary" id="apply-licence" href="#/apply/production-licence">${t('productionLicence')}</a> <a class="btn secondary" href="#/power-permit/power-permit-new">${t('ppNew')}</a> <button class="btn secondary" id="new-appraisal" type="button">${t('newAppraisal')}</button></span></h2><div id="my-cases"></div></div>
      <div class="card"><h2>${t('appraisalDocs')}</h2><div id="appraisal-docs"></div></div>`;
    // the unit's tasks across its processes (its own and its unit's task group), to do and done
    let tab = 'CREATED';
    const loadTasks = async (st) => {
      tab = st;
      const r = await api('GET', `/api/tasks?state=${st}&sort=created`);
      const box = document.getElementById('my-tasks');
      if (!box) return;
      box.innerHTML = r.items.length
        ? `<table class="list" id="my-task-list"><tr><th>${t('number')}</th><th>${t('process')}</th><th>${t('step')}</th><th>${st === 'CREATED' ? t('due') : t('doneAt')}</th><th></th></tr>${r.items
            .map((x) => `<tr data-task="${esc(x.id)}" data-element="${esc(x.elementId)}" data-number="${esc(x.applicationNumber)}"><td>${esc(x.applicationNumber)}</td><td>${esc(x.processName)}</td><td>${esc(x.elementName)}</td><td>${st === 'CREATED' ? dueBadge(x) : esc(fmt(x.completedAt))}</td><td><a href="#/task/${x.id}">${st === 'CREATED' ? t('open') : t('view')}</a></td></tr>`)
            .join('')}</table>`
        : `<p>${t('none')}</p>`;
    };
    document.getElementById('new-appraisal').addEventListener('click', async () => {
      try {
        const r = await api('POST', '/api/appraisals', { data: {} });
        toast(`${t('appraisalCreated')} ${r.number}`);
        location.hash = `#/case/${r.id}`;
      } catch (err) {
        toast(err.message);
      }
    });
    appraisalDocsInto(document.getElementById('appraisal-docs'));
    openStream(() => {
      clearTimeout(homePage.reload);
      homePage.reload = setTimeout(() => location.hash === '#/home' && loadTasks(tab), 150);
    });
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
      ${c.licence ? `<div class="card">${clockBox(c.statutoryClock)}${licenceBox(c.licence)}</div>` : ''}
      <div class="card"><h2>${t('progress')}</h2><div class="diagram" id="diagram" data-state="${esc(c.progress.state || '')}" data-active="${esc(c.progress.active.join(' '))}"></div></div>
      <div class="two"><div class="card"><h2>${t('attachments')}</h2>${attachmentsOf(c.data)}</div><div class="card"><h2>${t('history')}</h2>${historyTable(c.history)}</div></div>
      <div class="card"><h2>${t('documents')}</h2><div id="case-documents"></div></div>`;
    api('GET', `/api/applications/${id}/documents`)
      .then((d) => {
        const el = document.getElementById('case-documents');
        if (el) el.innerHTML = documentsTable(d.items);
      })
      .catch(() => null);
    if (c.processId === 'appraisal-review') await appraisalSection(c);
    powerPermitCaseExtras(c);
    await showDiagram(document.getElementById('diagram'), c.processId, c.progress);
    // follow a running case until it ends
    // (an approved qualification stays running until its expiry timers: nothing to follow there)
    if (c.progress.state === 'ACTIVE' && c.status !== 'approved' && c.status !== 'rejected') {
      const here = location.hash;
      clearTimeout(casePage.timer);
      casePage.timer = setTimeout(() => location.hash === here && route(), 3000);
    }
  }

  // ---- special-equipment licensing (issue 7) ---------------------------------------------------

  /** The statutory clock of a case: working days used and left, paused while at the appraisal agency. */
  function clockBox(clock) {
    if (!clock) return `<h3>${t('clock')}</h3><p id="statutory-clock" data-state="not-started">${t('clock_not-started')}</p>`;
    const cls = clock.overdue ? 'overdue' : clock.state === 'paused' ? '' : clock.leftWorkingDays <= 3 ? 'soon' : 'ok';
    return `<h3>${t('clock')}</h3><p id="statutory-clock" data-state="${esc(clock.state)}" data-used="${clock.usedWorkingDays}" data-left="${clock.leftWorkingDays}">
      <span class="badge ${cls}">${esc(t('clock_' + clock.state))}</span> ${esc(t('clockUsed', { n: clock.usedWorkingDays }))} · ${esc(t('clockLeft', { n: clock.leftWorkingDays }))}
      ${clock.projectedDueDate ? ` · ${esc(fmt(clock.projectedDueDate))}` : ''}<br/><small>${esc(t('clockLimit', { n: clock.limitWorkingDays }))}</small></p>`;
  }

  function licenceBox(l) {
    const rows = [
      [t('authority'), l.authority.name],
      [t('process'), `${l.categoryName || l.category}: ${l.items.map((i) => i.name).join('、')}`],
      l.acceptanceNumber ? [t('acceptanceNo'), l.acceptanceNumber] : null,
      l.agency ? [t('agency'), `${l.agency.name} · ${l.agency.contact} ${l.agency.phone}`] : null,
      l.appraisal && l.appraisal.from ? [t('appraisalDates'), `${l.appraisal.from} — ${l.appraisal.to}`] : null,
      l.licenceNumber ? [t('licenceNo'), l.licenceNumber] : null,
    ].filter(Boolean);
    const fb = l.feedback
      ? `<h3>${t('feedbackForm')}</h3><table class="list" id="feedback">${[1, 2, 3, 4].map((i) => `<tr><td>${i}</td><td>${esc(l.feedback['q' + i] === 'yes' ? t('yes') : t('no'))}</td><td>${esc(l.feedback['q' + i + 'Explain'])}</td></tr>`).join('')}</table>`
      : '';
    return `<h3>${t('licenceCase')}</h3><dl class="kv" id="licence">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>${fb}`;
  }

  function correctionBox(c) {
    return `<h3>${t('correctionNotice')} (${c.round})</h3><p>${t('correctionHint')}</p><ul id="correction">${c.items.map((i) => `<li data-field="${esc(i.field)}"><b>${esc(i.label || i.field)}</b>: ${esc(i.reason)}</li>`).join('')}</ul>`;
  }

  /** A person's inspector qualification applications, with their status, and the way to apply. */
  async function inspectorPage() {
    const r = await api('GET', '/api/inspector/applications');
    $view.innerHTML = `<div class="card"><h2>${t('inspectorList')} <span style="float:right"><a class="btn secondary" id="apply-inspector" href="#/apply/inspector-qualification">${t('inspectorApply')}</a></span></h2>
      ${r.items.length
        ? `<table class="list" id="inspector-applications"><tr><th>${t('number')}</th><th>${t('itemCode')}</th><th>${t('category')}</th><th>${t('status')}</th><th>${t('submitted')}</th><th>${t('acceptedAt')}</th><th></th></tr>${r.items
            .map((x) => `<tr data-number="${esc(x.number)}"><td>${esc(x.number)}</td><td>${esc(x.itemCode)}</td><td>${esc(t('c_' + x.category))}</td><td>${statusText(x.status)}</td><td>${esc(fmt(x.submittedAt))}</td><td>${esc(fmt(x.acceptedAt))}</td><td><a href="#/case/${x.id}">${t('view')}</a></td></tr>`)
            .join('')}</table>`
        : `<p>${t('none')}</p>`}</div>`;
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

  // ---- appraisal review (issue 6): temporary files, open steps, published documents -------------

  async function appraisalSection(c) {
    const card = document.createElement('div');
    card.className = 'two';
    card.innerHTML = `<div class="card"><h2>${t('appraisalOpenSteps')}</h2><div id="appraisal-steps"></div></div><div class="card"><h2>${t('tempFiles')}</h2><div id="temp-files"></div></div>`;
    $view.appendChild(card);
    const [files, tasks] = await Promise.all([api('GET', `/api/appraisals/${c.id}/files`), api('GET', '/api/tasks?state=CREATED&sort=created&processId=appraisal-review').catch(() => ({ items: [] }))]);
    const mineHere = tasks.items.filter((x) => x.applicationId === c.id);
    const steps = document.getElementById('appraisal-steps');
    if (steps) {
      steps.innerHTML = mineHere.length
        ? `<ul>${mineHere.map((x) => `<li data-element="${esc(x.elementId)}"><a href="#/task/${x.id}">${esc(x.elementName)}</a> ${dueBadge(x)}</li>`).join('')}</ul>`
        : `<p class="muted">${t('appraisalWaiting')}</p>`;
    }
    const box = document.getElementById('temp-files');
    if (box) {
      box.innerHTML = files.items.length
        ? `<table class="list" id="temp-file-list"><tr><th>${t('step')}</th><th>${t('docTitle')}</th><th>${t('assignee')}</th><th>${t('issued')}</th></tr>${files.items
            .map((f) => `<tr data-step="${esc(f.step)}" data-kind="${esc(f.kind)}"><td>${esc(f.stepName)}</td><td><a href="${esc(f.url)}" target="_blank" rel="noopener">${esc(f.title)}</a></td><td>${esc(f.actor || '')}</td><td>${esc(fmt(f.createdAt))}</td></tr>`)
            .join('')}</table>`
        : `<p class="muted">${t('none')}</p>`;
    }
  }

  async function appraisalDocsInto(el) {
    if (!el) return;
    const r = await api('GET', '/api/public/appraisal-documents').catch(() => ({ items: [] }));
    el.innerHTML = r.items.length
      ? `<table class="list" id="appraisal-doc-list"><tr><th>${t('docTitle')}</th><th>${t('number')}</th><th>${t('issued')}</th></tr>${r.items
          .map((d) => `<tr><td>${d.url ? `<a href="${esc(d.url)}" target="_blank" rel="noopener">${esc(d.title)}</a>` : esc(d.title)}${d.summary ? `<div class="muted">${esc(d.summary)}</div>` : ''}</td><td>${esc(d.docNumber || '—')}</td><td>${esc(fmt(d.publishedAt))}</td></tr>`)
          .join('')}</table>`
      : `<p class="muted">${t('none')}</p>`;
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
    // a unit's own steps need no claiming: completing assigns them
    const mine = task.assignee === state.user.login || (!task.assignee && !!state.user.unitId);
    $view.innerHTML = `<div class="two"><div class="card"><h2>${esc(d.case ? d.case.number : task.id)} ${dueBadge(task)}</h2>
      <dl class="kv"><dt>${t('process')}</dt><dd>${esc(task.processId)}</dd><dt>${t('applicant')}</dt><dd>${esc(task.applicantName || task.unitName || '')}</dd>
      <dt>${t('status')}</dt><dd>${d.case ? statusText(d.case.status) : ''}</dd><dt>${t('assignee')}</dt><dd id="task-assignee">${esc(task.assignee || '—')}</dd></dl>
      ${d.current && task.processId === 'unit-info-change' ? compareTable(d.current, d.case.data) : ''}
      ${d.case && task.processId === 'publicity-cancel' ? cancellationSummary(d.case) : ''}
      ${d.licence ? clockBox(d.licence.statutoryClock) + licenceBox(d.licence) : ''}${d.correction ? correctionBox(d.correction) : ''}
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
    const form = await createForm(document.getElementById('task-form'), d.form.schema, (draft && draft.data) || d.prefill);
    form.on('submit', async (submission) => {
      try {
        await api('POST', `/api/tasks/${id}/complete`, { data: submission.data });
        await api('DELETE', `/api/drafts/task:${id}`).catch(() => null);
        toast(t('taskDone'));
        location.hash = state.user.kind === 'reviewer' || state.user.kind === 'admin' ? '#/inbox' : '#/home';
      } catch (err) {
        form.emit('submitError');
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
  }

  // ---- process admin workbench (issue 9) --------------------------------------------------------
  // #/admin/<process-id>       modeler with the Zeebe properties panel and element templates,
  //                            lint marks, deploy, versions (download, diff), cases per version
  // #/admin/forms[/<form-key>] the Form.io form builder: edit, preview, save a new version
  // #/admin/case/<instance>    one case: diagram with the position, incidents, data, history, cancel

  const INBOX_EVENTS = ['creating', 'assigning', 'updating', 'completing', 'canceling'];

  /** The modeler with its properties panel ships as ES modules: bundled into /build/ (scripts/build-web.js), loaded here once. */
  let adminBundle = null;
  function loadAdminBundle() {
    adminBundle =
      adminBundle ||
      new Promise((resolve, reject) => {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = '/build/admin-modeler.css';
        document.head.appendChild(link);
        const script = document.createElement('script');
        script.src = '/build/admin-modeler.js';
        script.onload = () => resolve(window.PfAdminModeler);
        script.onerror = () => {
          adminBundle = null;
          reject(new Error(t('bundleMissing')));
        };
        document.head.appendChild(script);
      });
    return adminBundle;
  }

  async function adminRoute(parts) {
    $view.classList.add('wide'); // the modeler and the builder want the whole width (route() takes it back)
    if (parts[0] === 'forms') return parts[1] ? formEditorPage(decodeURIComponent(parts[1])) : formsListPage();
    if (parts[0] === 'case') return adminCasePage(parts[1]);
    return adminPage(parts[0]);
  }

  const adminTabs = (on) =>
    `<div class="tabs admin-tabs"><a href="#/admin" class="${on === 'processes' ? 'on' : ''}">${t('processesTab')}</a><a href="#/admin/forms" class="${on === 'forms' ? 'on' : ''}">${t('formsTab')}</a></div>`;

  async function adminPage(processId) {
    const [{ items: versions }, { items: forms }, templates, PfAdminModeler] = await Promise.all([
      api('GET', '/api/admin/processes'),
      api('GET', '/api/admin/forms'),
      api('GET', '/api/admin/element-templates'),
      loadAdminBundle(),
    ]);
    const ids = [...new Set(versions.map((v) => v.processId))];
    processId = processId || ids[0];
    const mine = versions.filter((v) => v.processId === processId);
    $view.innerHTML = `${adminTabs('processes')}<div class="card"><h2>${t('workbench')} <select id="process-pick">${ids.map((id) => `<option ${id === processId ? 'selected' : ''}>${esc(id)}</option>`).join('')}</select></h2>
      <div class="workbench"><div class="modeler" id="modeler"></div>
      <div class="side"><h3>${t('element')}</h3><div id="element-props"><p>${t('pickElement')}</p></div>
      <p><button class="btn secondary" id="lint">${t('lint')}</button> <button class="btn" id="deploy">${t('deploy')}</button></p>
      <ul id="lint-issues"></ul></div>
      <div class="props-col" id="properties-panel"></div></div></div>
      <div class="card"><h2>${t('versions')}</h2><table class="list" id="versions"><tr><th>${t('version')}</th><th>${t('deployedBy')}</th><th>${t('submitted')}</th><th>${t('running')}</th><th>${t('completedCount')}</th><th>${t('incidents')}</th><th></th></tr>
      ${mine
        .map(
          (v, i) => `<tr data-version="${v.version}"><td>v${v.version}</td><td>${esc(v.deployedBy)}</td><td>${esc(fmt(v.deployedAt))}</td>
          <td><a href="#" class="cases-link" data-version="${v.version}" data-state="ACTIVE">${v.instances.active}</a></td><td><a href="#" class="cases-link" data-version="${v.version}" data-state="COMPLETED">${v.instances.completed}</a></td>
          <td><a href="#" class="cases-link" data-version="${v.version}" data-state="INCIDENT">${v.instances.incidents}</a></td>
          <td><a href="#/admin/${esc(processId)}?v=${v.version}" class="open-link">${t('openInModeler')}</a> · <a href="/api/admin/processes/${esc(processId)}/versions/${v.version}/xml" download>${t('downloadXml')}</a>${mine[i + 1] ? ` · <a href="#" class="diff-link" data-from="${mine[i + 1].version}" data-to="${v.version}">${t('diffPrev')}</a>` : ''}</td></tr>`,
        )
        .join('')}</table><div id="diff"></div></div>
      <div class="card"><h2>${t('cases')} <span id="cases-filter"></span></h2><div id="cases"></div></div>
      <div class="card"><h2>${t('incidents')}</h2><ul id="process-incidents"></ul></div>`;
    document.getElementById('process-pick').addEventListener('change', (e) => (location.hash = `#/admin/${e.target.value}`));

    const modeler = PfAdminModeler.create({ container: '#modeler', propertiesParent: '#properties-panel', templates });
    window.pfModeler = modeler; // for tests and power users
    // the version asked for (#/admin/<id>?v=N), else the newest deployed one (or, for one deployed before versions were kept, the file)
    const asked = Number(new URLSearchParams(location.hash.split('?')[1] || '').get('v'));
    const latest = mine.find((v) => v.version === asked) || mine[0];
    if (latest) document.querySelector(`#versions tr[data-version="${latest.version}"]`).classList.add('open');
    let res = latest ? await fetch(`/api/admin/processes/${processId}/versions/${latest.version}/xml`, { credentials: 'same-origin' }) : null;
    if (!res || !res.ok) res = await fetch(`/api/processes/${processId}/diagram`);
    await modeler.importXML(await res.text());
    modeler.get('canvas').zoom('fit-viewport');
    const moddle = modeler.get('moddle');
    const modeling = modeler.get('modeling');
    const elementTemplates = modeler.get('elementTemplates');

    const extOf = (bo, type) => ((bo.extensionElements && bo.extensionElements.values) || []).find((v) => v.$type === type);
    function setUserTaskConfig(element, formKey, groups) {
      const bo = element.businessObject;
      const values = ((bo.extensionElements && bo.extensionElements.values) || []).filter((v) => !['zeebe:UserTask', 'zeebe:FormDefinition', 'zeebe:AssignmentDefinition', 'zeebe:TaskListeners'].includes(v.$type));
      values.push(moddle.create('zeebe:UserTask'));
      if (formKey) values.push(moddle.create('zeebe:FormDefinition', { externalReference: formKey }));
      if (groups) values.push(moddle.create('zeebe:AssignmentDefinition', { candidateGroups: groups }));
      // every user task keeps the inbox in step (PermitFlow convention, checked by the lint)
      values.push(moddle.create('zeebe:TaskListeners', { listeners: INBOX_EVENTS.map((e) => moddle.create('zeebe:TaskListener', { eventType: e, type: `inbox.sync.${e}`, retries: '5' })) }));
      modeling.updateProperties(element, { extensionElements: moddle.create('bpmn:ExtensionElements', { values }) });
    }

    const isUserTpl = (tpl) => tpl.elementType && tpl.elementType.value === 'bpmn:UserTask';
    const taskTemplates = templates.filter((tpl) => !isUserTpl(tpl) && (tpl.appliesTo || []).some((a) => a === 'bpmn:Task' || a === 'bpmn:ServiceTask'));
    const userTemplates = templates.filter(isUserTpl);
    const templatePick = (list, applied) =>
      `<label for="prop-template">${t('jobTemplate')}</label><select id="prop-template"><option value="">—</option>${list
        .map((tpl) => `<option value="${esc(tpl.id)}" ${applied === tpl.id ? 'selected' : ''}>${esc(tpl.name)}</option>`)
        .join('')}</select>`;
    function bindTemplatePick(element, list) {
      document.getElementById('prop-template').addEventListener('change', (e) => {
        const tpl = list.find((x) => x.id === e.target.value);
        if (!tpl) return;
        const next = elementTemplates.applyTemplate(element, tpl) || element;
        if (!next.businessObject.name) modeling.updateLabel(next, tpl.name.replace(' / ', ' '));
        modeler.get('selection').select(next);
      });
    }
    function showProps(element) {
      const box = document.getElementById('element-props');
      if (!box) return;
      const bo = element.businessObject;
      const head = `<p><b>${esc(bo.id)}</b> ${esc(bo.name || '')}<br/><small>${esc(element.type)}</small></p>`;
      if (element.type === 'bpmn:UserTask') {
        const form = extOf(bo, 'zeebe:FormDefinition');
        const assignment = extOf(bo, 'zeebe:AssignmentDefinition');
        const formKey = form && (form.externalReference || form.formId);
        box.innerHTML = `${head}${templatePick(userTemplates, bo.get('zeebe:modelerTemplate'))}
          <label for="prop-form">${t('formKey')}</label><select id="prop-form"><option value="">—</option>${forms.map((f) => `<option value="${esc(f.key)}" ${formKey === f.key ? 'selected' : ''}>${esc(f.key)} · ${esc(f.title || '')}</option>`).join('')}</select>
          ${formKey ? `<p><a href="#/admin/forms/${esc(formKey)}">${t('editForm')}</a></p>` : ''}
          <label for="prop-groups">${t('candidateGroups')}</label><input id="prop-groups" value="${esc(assignment ? assignment.candidateGroups : '')}" />`;
        bindTemplatePick(element, userTemplates);
        const apply = () => setUserTaskConfig(element, document.getElementById('prop-form').value, document.getElementById('prop-groups').value.trim());
        document.getElementById('prop-form').addEventListener('change', apply);
        document.getElementById('prop-groups').addEventListener('change', apply);
        return;
      }
      if (element.type === 'bpmn:ServiceTask' || element.type === 'bpmn:Task' || element.type === 'bpmn:SendTask') {
        const list = element.type === 'bpmn:Task' ? taskTemplates.concat(userTemplates) : taskTemplates;
        box.innerHTML = `${head}${templatePick(list, bo.get('zeebe:modelerTemplate'))}<p><small>${t('templateHint')}</small></p>`;
        bindTemplatePick(element, list);
        return;
      }
      box.innerHTML = head;
    }
    modeler.on('selection.changed', (e) => e.newSelection[0] && showProps(e.newSelection[0]));
    modeler.on('elements.changed', (e) => {
      const sel = modeler.get('selection').get()[0];
      if (sel && e.elements.includes(sel) && !document.activeElement.closest('#element-props')) showProps(sel);
    });
    // the properties panel's "Select template" opens our list
    modeler.on('elementTemplates.select', (e) => {
      showProps(e.element);
      const pick = document.getElementById('prop-template');
      if (pick) pick.focus();
    });

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
    document.getElementById('lint-issues').addEventListener('click', (e) => {
      const li = e.target.closest('li[data-element]');
      const el = li && modeler.get('elementRegistry').get(li.dataset.element);
      if (el) modeler.get('selection').select(el);
    });
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

    document.getElementById('versions').addEventListener('click', async (e) => {
      const a = e.target.closest('a.cases-link, a.diff-link');
      if (!a) return;
      e.preventDefault();
      if (a.classList.contains('cases-link')) return loadCases(a.dataset.version, a.dataset.state);
      const d = await api('GET', `/api/admin/processes/${processId}/diff/${a.dataset.from}/${a.dataset.to}`);
      const line = (kind, list) => list.map((id) => `<li class="diff-${kind}" data-kind="${kind}">${kind === 'added' ? '+' : kind === 'removed' ? '−' : '~'} ${esc(id)}</li>`).join('');
      const items = line('added', d.added) + line('removed', d.removed) + line('changed', d.changed);
      document.getElementById('diff').innerHTML = `<h3>v${esc(a.dataset.from)} → v${esc(a.dataset.to)}</h3><ul id="diff-list">${items || `<li>${t('noDiff')}</li>`}</ul>`;
    });

    async function loadCases(version, state) {
      const q = new URLSearchParams();
      if (version) q.set('version', version);
      if (state) q.set('state', state);
      const { items } = await api('GET', `/api/admin/processes/${processId}/cases?${q}`);
      const box = document.getElementById('cases');
      if (!box) return;
      document.getElementById('cases-filter').textContent = `${version ? 'v' + version : ''} ${state ? t('cs_' + state) : ''}`;
      box.innerHTML = items.length
        ? `<table class="list" id="cases-table"><tr><th>${t('caseKey')}</th><th>${t('number')}</th><th>${t('version')}</th><th>${t('status')}</th><th>${t('submitted')}</th><th></th></tr>${items
            .map((c) => `<tr data-key="${esc(c.processInstanceKey)}"><td>${esc(c.processInstanceKey)}</td><td>${esc(c.applicationNumber || '—')}</td><td>v${esc(c.version)}</td><td>${esc(t('cs_' + c.state))}${c.hasIncident ? ` <span class="badge overdue">${t('incidents')}</span>` : ''}</td><td>${esc(fmt(c.startDate))}</td><td><a href="#/admin/case/${esc(c.processInstanceKey)}">${t('view')}</a></td></tr>`)
            .join('')}</table>`
        : `<p>${t('none')}</p>`;
    }
    await loadCases(null, 'ACTIVE');

    // this process's open incidents, with their error and a retry
    const { items: incidents } = await api('GET', '/api/admin/incidents');
    const box = document.getElementById('process-incidents');
    if (!box) return;
    const open = incidents.filter((i) => i.processDefinitionId === processId);
    box.innerHTML = open.length
      ? open.map((i) => `<li data-incident="${esc(i.incidentKey)}"><a href="#/admin/case/${esc(i.processInstanceKey)}">${esc(i.processInstanceKey)}</a> <b>${esc(i.elementId)}</b> ${esc(i.errorType)}: ${esc(i.errorMessage)} <button class="btn secondary retry" data-key="${esc(i.incidentKey)}">${t('retry')}</button></li>`).join('')
      : `<li>${t('none')}</li>`;
    box.addEventListener('click', async (e) => {
      const b = e.target.closest('button.retry');
      if (!b) return;
      try {
        await api('POST', `/api/admin/incidents/${b.dataset.key}/retry`);
        toast(t('retried'));
        b.closest('li').remove();
      } catch (err) {
        toast(err.message);
      }
    });
  }

  // -- form editor --

  async function formsListPage() {
    const { items } = await api('GET', '/api/admin/forms');
    $view.innerHTML = `${adminTabs('forms')}<div class="card"><h2>${t('formsTab')}</h2><table class="list" id="forms-list"><tr><th>${t('formKey')}</th><th>${t('title')}</th><th>${t('version')}</th><th></th></tr>
      ${items.map((f) => `<tr data-key="${esc(f.key)}"><td>${esc(f.key)}</td><td>${esc(f.title || '')}</td><td>v${f.version}</td><td><a href="#/admin/forms/${esc(f.key)}">${t('edit')}</a></td></tr>`).join('')}</table>
      <form id="new-form"><label>${t('newFormKey')} <input name="key" pattern="[a-z0-9][a-z0-9-]{0,63}" required /></label> <button class="btn secondary">${t('newForm')}</button></form></div>`;
    document.getElementById('new-form').addEventListener('submit', (e) => {
      e.preventDefault();
      location.hash = `#/admin/forms/${e.target.key.value.trim()}`;
    });
  }

  async function formEditorPage(key) {
    let detail = await api('GET', `/api/admin/forms/${encodeURIComponent(key)}`).catch((err) => {
      if (err.status === 404) return { key, version: 0, versions: [], schema: { title: '新表单 New form', display: 'form', components: [{ type: 'button', key: 'submit', label: '提交 Submit', action: 'submit', input: true, disableOnInvalid: true }] } };
      throw err;
    });
    $view.innerHTML = `${adminTabs('forms')}<div class="card"><h2>${t('formEditor')} <code>${esc(key)}</code> <small id="form-version">${detail.version ? 'v' + detail.version : t('unsaved')}</small></h2>
      <label class="inline">${t('title')} <input id="form-title" value="${esc(detail.schema.title || '')}" size="40" /></label>
      <div class="tabs"><button type="button" data-pane="build" class="on">${t('build')}</button><button type="button" data-pane="preview">${t('preview')}</button></div>
      <div id="builder" class="pane"></div><div id="preview" class="pane" hidden></div>
      <ul id="form-lint" class="errors"></ul>
      <p><button class="btn" id="save-form" type="button">${t('saveVersion')}</button></p>
      <p class="hint">${t('formLintHint')}</p></div>
      <div class="card"><h2>${t('versions')}</h2><div id="form-versions"></div></div>`;
    const builder = await Formio.builder(document.getElementById('builder'), detail.schema, { noDefaultSubmitButton: false });
    window.pfFormBuilder = builder; // for tests and power users
    const currentSchema = () => ({ ...builder.schema, title: document.getElementById('form-title').value.trim() });
    const showVersions = () => {
      document.getElementById('form-versions').innerHTML = detail.versions.length
        ? `<table class="list"><tr><th>${t('version')}</th><th>${t('source')}</th><th>${t('deployedBy')}</th><th>${t('submitted')}</th></tr>${detail.versions
            .map((v) => `<tr data-version="${v.version}"><td>v${v.version}</td><td>${esc(t('src_' + v.source))}</td><td>${esc(v.savedBy || 'system')}</td><td>${esc(fmt(v.savedAt))}</td></tr>`)
            .join('')}</table>`
        : `<p>${t('none')}</p>`;
    };
    showVersions();
    document.querySelectorAll('.tabs button[data-pane]').forEach((b) =>
      b.addEventListener('click', async () => {
        document.querySelectorAll('.tabs button[data-pane]').forEach((x) => x.classList.toggle('on', x === b));
        document.getElementById('builder').hidden = b.dataset.pane !== 'build';
        document.getElementById('preview').hidden = b.dataset.pane !== 'preview';
        if (b.dataset.pane === 'preview') {
          const el = document.getElementById('preview');
          el.innerHTML = '';
          await createForm(el, currentSchema());
        }
      }),
    );
    document.getElementById('save-form').addEventListener('click', async () => {
      const lintBox = document.getElementById('form-lint');
      try {
        const r = await api('POST', `/api/admin/forms/${encodeURIComponent(key)}/versions`, { schema: currentSchema() });
        lintBox.innerHTML = '';
        toast(r.created ? `${t('formSaved')} v${r.version}` : t('formUnchanged'));
        detail = await api('GET', `/api/admin/forms/${encodeURIComponent(key)}`);
        document.getElementById('form-version').textContent = `v${detail.version}`;
        showVersions();
      } catch (err) {
        lintBox.innerHTML = Object.entries(err.fields || { '': err.message })
          .map(([k, v]) => `<li data-field="${esc(k)}"><b>${esc(k)}</b>: ${esc(v)}</li>`)
          .join('');
        toast(err.message);
      }
    });
  }

  // -- case view --

  async function adminCasePage(key) {
    const c = await api('GET', `/api/admin/cases/${encodeURIComponent(key)}`);
    const inst = c.instance;
    const app = c.application;
    const flat = [];
    const walk = (prefix, v) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) Object.entries(v).forEach(([k, x]) => walk(prefix ? `${prefix}.${k}` : k, x));
      else flat.push([prefix, Array.isArray(v) ? JSON.stringify(v) : v]);
    };
    if (app) walk('', app.data);
    const running = inst.state === 'ACTIVE';
    $view.innerHTML = `${adminTabs('processes')}<div class="card"><h2>${t('caseTitle')} ${esc(app ? app.number : key)} <a class="btn secondary" href="#/admin/${esc(inst.processDefinitionId)}">${esc(inst.processDefinitionId)} v${esc(inst.processDefinitionVersion)}</a></h2>
      <dl class="kv"><dt>${t('caseKey')}</dt><dd>${esc(key)}</dd><dt>${t('status')}</dt><dd id="case-state" data-state="${esc(inst.state)}">${esc(t('cs_' + inst.state))}${app ? ` · ${statusText(app.status)}` : ''}</dd>
      <dt>${t('submitted')}</dt><dd>${esc(fmt(inst.startDate))}</dd>${inst.endDate ? `<dt>${t('ended')}</dt><dd>${esc(fmt(inst.endDate))}</dd>` : ''}</dl></div>
      <div class="card"><h2>${t('progress')}</h2><div class="diagram" id="case-diagram" data-active="${esc(c.active.join(' '))}"></div></div>
      <div class="card"><h2>${t('incidents')}</h2><ul id="case-incidents">${c.incidents.length ? c.incidents.map((i) => `<li data-incident="${esc(i.incidentKey)}" data-state="${esc(i.state)}"><b>${esc(i.elementId || '')}</b> ${esc(i.errorType || '')}: ${esc(i.errorMessage || '')} ${i.state === 'ACTIVE' ? `<button class="btn secondary retry" data-key="${esc(i.incidentKey)}">${t('retry')}</button>` : `(${esc(i.state)})`}</li>`).join('') : `<li>${t('none')}</li>`}</ul></div>
      <div class="two"><div class="card"><h2>${t('variables')} <small>${t('maskedHint')}</small></h2><table class="list" id="case-vars">${flat.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('') || `<tr><td>${t('none')}</td></tr>`}</table></div>
      <div class="card"><h2>${t('history')}</h2>${historyTable(c.history)}</div></div>
      <div class="card"><h2>${t('processVariables')} <small>${t('maskedHint')}</small></h2><table class="list" id="case-process-vars"><tr><th>${t('varName')}</th><th>${t('varScope')}</th><th>${t('varValue')}</th></tr>${(c.variables || [])
        .map((v) => `<tr data-name="${esc(v.name)}"><td>${esc(v.name)}</td><td>${esc(v.scope === 'process' ? t('scopeProcess') : v.scope)}</td><td><code>${esc(JSON.stringify(v.value))}</code></td></tr>`)
        .join('')}</table></div>
      ${running ? `<div class="card"><h2>${t('cancelCase')}</h2><form id="cancel-case"><label>${t('reason')} <input name="reason" id="cancel-reason" required minlength="2" size="50" /></label> <button class="btn danger">${t('cancelCase')}</button><div id="form-errors"></div></form></div>` : ''}`;
    // the diagram of the version this case runs on
    let res = await fetch(`/api/admin/processes/${encodeURIComponent(inst.processDefinitionId)}/versions/${inst.processDefinitionVersion}/xml`, { credentials: 'same-origin' });
    if (!res.ok) res = await fetch(`/api/processes/${encodeURIComponent(inst.processDefinitionId)}/diagram`);
    const viewer = new BpmnJS({ container: document.getElementById('case-diagram') });
    await viewer.importXML(await res.text());
    const canvas = viewer.get('canvas');
    canvas.zoom('fit-viewport');
    const registry = viewer.get('elementRegistry');
    for (const id of c.completed) if (registry.get(id)) canvas.addMarker(id, 'pf-done');
    for (const id of c.active) if (registry.get(id)) canvas.addMarker(id, 'pf-active');
    for (const i of c.incidents) if (i.state === 'ACTIVE' && i.elementId && registry.get(i.elementId)) canvas.addMarker(i.elementId, 'pf-incident');
    document.getElementById('case-incidents').addEventListener('click', async (e) => {
      const b = e.target.closest('button.retry');
      if (!b) return;
      try {
        await api('POST', `/api/admin/incidents/${b.dataset.key}/retry`);
        toast(t('retried'));
        route();
      } catch (err) {
        toast(err.message);
      }
    });
    const form = document.getElementById('cancel-case');
    if (form)
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!confirm(t('cancelConfirm'))) return;
        try {
          await api('POST', `/api/admin/cases/${encodeURIComponent(key)}/cancel`, { reason: e.target.reason.value.trim() });
          toast(t('cancelled'));
          // the engine's read model follows the cancel a moment later
          for (let i = 0; i < 20; i++) {
            const now = await api('GET', `/api/admin/cases/${encodeURIComponent(key)}`);
            if (now.instance.state !== 'ACTIVE') break;
            await new Promise((r) => setTimeout(r, 250));
          }
          route();
        } catch (err) {
          showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
        }
      });
  }

  // ---- practitioner publicity: batch add, cancellation, public query (issue 5 items 8–10) ------

  const itemsText = (labels) => (labels && labels.length ? labels.map(esc).join('<br/>') : '—');

  /** For the reviewer of a cancellation: contact, persons with their reasons, the request PDF (the stamped form is under attachments). */
  function cancellationSummary(c) {
    const data = c.data || {};
    return `<h3>${t('opsCancelTitle')}</h3><dl class="kv"><dt>${t('opsContact')}</dt><dd>${esc(data.contactName)}</dd><dt>${t('opsPhone')}</dt><dd>${esc(data.contactPhone)}</dd><dt>${t('opsCount')}</dt><dd>${(data.persons || []).length}</dd></dl>
      <table class="list" id="cancel-persons"><tr><th>${t('opsName')}</th><th>${t('opsIdNumber')}</th><th>${t('opsCurrentItems')}</th><th>${t('opsReason')}</th></tr>${(data.persons || [])
        .map((p) => `<tr><td>${esc(p.name)}</td><td>${esc(p.idNumber)}</td><td>${itemsText(p.items)}</td><td>${esc(p.reason)}</td></tr>`).join('')}</table>
      <p><a href="#/publicity/cancellation/${esc(c.id)}">${t('opsPrint')}</a></p>`;
  }

  /** Persons due for renewal: offered after an addition (manual §3.3.3) and on the add page. */
  async function renewalsBox(el) {
    const r = await api('GET', '/api/publicity/renewals');
    el.innerHTML = `<h2>${t('opsRenewals')}</h2>` + (r.items.length
      ? `<p>${esc(t('opsRenewalsHint', { n: r.days }))}</p><table class="list" id="renewals"><tr><th>${t('opsName')}</th><th>${t('opsIdNumber')}</th><th>${t('opsValidUntil')}</th><th></th></tr>${r.items
          .map((p) => `<tr data-person="${esc(p.personId)}"><td>${esc(p.name)}</td><td>${esc(p.idNumber)}</td><td>${esc(p.validUntil)} ${p.expired ? `<span class="badge overdue">${t('opsExpired')}</span>` : `<span class="badge soon">${esc(t('opsDaysLeft', { n: p.daysLeft }))}</span>`}</td>
            <td><a class="btn secondary" href="${esc(publicityRenewalHref(p))}">${t('opsRenew')}</a></td></tr>`).join('')}</table>`
      : `<p>${t('none')}</p>`);
  }

  /** Where a renewal is applied for, one person at a time: the publicity application's person search (name + ID number typed in; the list only has the ID masked). */
  function publicityRenewalHref() {
    return '#/publicity/new';
  }

  async function publicityAddPage() {
    $view.innerHTML = `<div class="card"><h2>${t('opsAddTitle')}</h2><p>${t('opsAddHint')}</p><div id="add-list"></div><div id="form-errors"></div></div>
      <div class="card" id="confirm" hidden></div><div class="card" id="renewal-box"></div>`;
    const r = await api('GET', '/api/publicity/add/candidates');
    const box = document.getElementById('add-list');
    if (!box) return;
    box.innerHTML = r.items.length
      ? `<table class="list" id="add-candidates"><tr><th><input type="checkbox" id="add-all" aria-label="${t('all')}" /></th><th>${t('opsName')}</th><th>${t('opsIdNumber')}</th><th>${t('opsCurrentItems')}</th><th>${t('opsPendingItems')}</th><th>${t('opsType')}</th></tr>${r.items
          .map((c) => `<tr data-person="${esc(c.personId)}"><td><input type="checkbox" class="pick" value="${esc(c.personId)}" data-items="${c.pending.length}" /></td><td>${esc(c.name)}</td><td>${esc(c.idNumber)}</td><td>${itemsText(c.itemLabels)}</td><td>${itemsText(c.pendingLabels)}</td><td>${t('opsTypeAdd')}</td></tr>`)
          .join('')}</table><p><button class="btn" id="add-next">${t('opsNext')}</button></p>`
      : `<p>${t('opsNoAdd')}</p>`;
    await renewalsBox(document.getElementById('renewal-box'));
    if (!r.items.length) return;
    document.getElementById('add-all').addEventListener('change', (e) => document.querySelectorAll('#add-candidates .pick').forEach((c) => (c.checked = e.target.checked)));
    document.getElementById('add-next').addEventListener('click', () => {
      const picked = [...document.querySelectorAll('#add-candidates .pick:checked')];
      const errors = document.getElementById('form-errors');
      if (!picked.length) return showFieldErrors(errors, { persons: t('opsPickSome') });
      showFieldErrors(errors, {});
      const n = picked.length;
      const m = picked.reduce((sum, c) => sum + Number(c.dataset.items), 0);
      const confirm = document.getElementById('confirm');
      confirm.hidden = false;
      confirm.innerHTML = `<h2>${t('opsConsentTitle')}</h2><p id="consent-text" data-persons="${n}" data-items="${m}">${esc(t('opsConsent', { n, m }))}</p>
        <label><input type="checkbox" id="consent" /> ${t('opsConsentBox')}</label>
        <p><button class="btn" id="add-submit">${t('opsCreate')}</button> <button class="btn secondary" id="add-cancel">${t('opsCancelBtn')}</button></p>`;
      document.getElementById('add-cancel').addEventListener('click', () => (confirm.hidden = true));
      document.getElementById('add-submit').addEventListener('click', async () => {
        try {
          const res = await api('POST', '/api/publicity/add', { data: { persons: picked.map((c) => ({ personId: c.value })), consentPersons: n, consentItems: m, consent: document.getElementById('consent').checked } });
          document.getElementById('add-list').innerHTML = `<p class="status-approved" id="add-done" data-number="${esc(res.number)}">${esc(t('opsAddDone', { number: res.number, n: res.persons, m: res.items }))}</p><p><a href="#/case/${esc(res.id)}">${t('view')}</a></p>`;
          confirm.hidden = true;
          // the batch is applied by the process in a moment; then the renewals due are offered
          setTimeout(() => location.hash === '#/publicity/add' && renewalsBox(document.getElementById('renewal-box')).catch(() => null), 1500);
        } catch (err) {
          showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
        }
      });
    });
  }

  async function publicityCancelPage() {
    $view.innerHTML = `<div class="card"><h2>${t('opsCancelTitle')}</h2><div id="cancel-list"></div>
      <div class="filters"><label>${t('opsContact')}<input id="c-contact" /></label><label>${t('opsPhone')}<input id="c-phone" /></label></div>
      <p><button class="btn" id="cancel-submit">${t('opsCancelSubmit')}</button></p><div id="form-errors"></div></div>`;
    const r = await api('GET', '/api/publicity/cancel/candidates');
    const box = document.getElementById('cancel-list');
    if (!box) return;
    box.innerHTML = r.items.length
      ? `<table class="list" id="cancel-candidates"><tr><th></th><th>${t('opsName')}</th><th>${t('opsIdNumber')}</th><th>${t('opsCurrentItems')}</th><th>${t('opsValidUntil')}</th><th>${t('opsReason')}</th></tr>${r.items
          .map((p) => `<tr data-person="${esc(p.personId)}"><td><input type="checkbox" class="pick" value="${esc(p.personId)}" ${p.inProgress ? 'disabled' : ''} /></td><td>${esc(p.name)}</td><td>${esc(p.idNumber)}</td><td>${itemsText(p.itemLabels)}</td><td>${esc(p.validUntil)}</td>
            <td>${p.inProgress ? esc(t('opsInProgress', { number: p.inProgress })) : `<input class="reason" data-person="${esc(p.personId)}" placeholder="${t('opsReasonHint')}" />`}</td></tr>`).join('')}</table>`
      : `<p>${t('none')}</p>`;
    document.getElementById('cancel-submit').addEventListener('click', async () => {
      const persons = [...document.querySelectorAll('#cancel-candidates .pick:checked')].map((c) => ({ personId: c.value, reason: (document.querySelector(`input.reason[data-person="${c.value}"]`) || {}).value || '' }));
      try {
        const res = await api('POST', '/api/publicity/cancellations', { data: { contactName: document.getElementById('c-contact').value, contactPhone: document.getElementById('c-phone').value, persons } });
        location.hash = `#/publicity/cancellation/${res.id}`;
      } catch (err) {
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
  }

  async function publicityCancellationPage(id) {
    const c = await api('GET', `/api/publicity/cancellations/${id}`);
    const docs = (c.documents || []).map((d) => `<li><a href="/api/documents/${esc(d.id)}" target="_blank">${esc(d.title)}</a> (${esc(d.code)})</li>`).join('');
    $view.innerHTML = `<div class="card"><h2>${t('opsCancelTitle')} ${esc(c.number)}</h2>
      <dl class="kv"><dt>${t('status')}</dt><dd id="case-status" data-status="${esc(c.status)}">${statusText(c.status)}</dd><dt>${t('opsContact')}</dt><dd>${esc(c.contactName)}</dd>
      <dt>${t('opsPhone')}</dt><dd>${esc(c.contactPhone)}</dd><dt>${t('opsCount')}</dt><dd>${c.count}</dd>${c.reason ? `<dt>${t('reason')}</dt><dd>${esc(c.reason)}</dd>` : ''}</dl>
      <table class="list"><tr><th>${t('opsName')}</th><th>${t('opsIdNumber')}</th><th>${t('opsCurrentItems')}</th><th>${t('opsReason')}</th></tr>${c.persons
        .map((p) => `<tr><td>${esc(p.name)}</td><td>${esc(p.idNumber)}</td><td>${itemsText(p.items)}</td><td>${esc(p.reason)}</td></tr>`).join('')}</table></div>
      <div class="card"><h2>${t('opsPrint')}</h2>${docs ? `<ul id="cancel-docs">${docs}</ul>` : `<p>${t('opsDocPending')}</p>`}
      ${c.status === 'submitted' ? `<p>${t('opsUploadHint')}</p><input type="file" id="stamped" accept=".jpg,.jpeg,.png,.pdf" /> <button class="btn" id="upload-stamped">${t('opsUpload')}</button>` : c.stampedForm ? `<p>${t('opsUploaded')}: <a href="/api/files/${esc(c.stampedForm.id)}" target="_blank">${esc(c.stampedForm.name)}</a></p>` : ''}
      <div id="form-errors"></div></div>`;
    if (c.status === 'submitted' && !docs) {
      const here = location.hash;
      clearTimeout(publicityCancellationPage.timer);
      publicityCancellationPage.timer = setTimeout(() => location.hash === here && route(), 2000);
    }
    const btn = document.getElementById('upload-stamped');
    if (!btn) return;
    btn.addEventListener('click', async () => {
      const f = document.getElementById('stamped').files[0];
      try {
        if (!f) throw Object.assign(new Error(t('opsUploadHint')), { fields: { file: t('opsUploadHint') } });
        const uploaded = await fileService.uploadFile('url', f, f.name);
        await api('POST', `/api/publicity/cancellations/${id}/stamped-form`, { file: { id: uploaded.data.id } });
        toast(t('submittedOk'));
        route();
      } catch (err) {
        showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    });
  }

  /** 执业公示查询: anonymous, by name + ID number or by unit; ID numbers come masked from the API. */
  async function publicQueryPage(params) {
    $view.innerHTML = `<div class="card"><h2>${t('opsQueryTitle')}</h2><p>${t('opsQueryHint')}</p>
      <div class="tabs"><button data-mode="person" class="on">${t('opsByPerson')}</button><button data-mode="unit">${t('opsByUnit')}</button></div>
      <form id="pq-person" class="filters"><label>${t('opsName')}<input name="name" id="pq-name" required maxlength="50" /></label><label>${t('opsIdNumber')}<input name="idNumber" id="pq-id" required maxlength="18" /></label><button class="btn">${t('opsSearch')}</button></form>
      <form id="pq-unit" class="filters" hidden><label>${t('opsUnitQuery')}<input name="unit" id="pq-unitname" required maxlength="100" /></label><button class="btn">${t('opsSearch')}</button></form>
      <div id="form-errors"></div><div id="pq-results"></div></div>`;
    document.querySelectorAll('.tabs button').forEach((b) =>
      b.addEventListener('click', () => {
        document.querySelectorAll('.tabs button').forEach((x) => x.classList.toggle('on', x === b));
        document.getElementById('pq-person').hidden = b.dataset.mode !== 'person';
        document.getElementById('pq-unit').hidden = b.dataset.mode !== 'unit';
      }),
    );
    const search = async (query) => {
      const out = document.getElementById('pq-results');
      showFieldErrors(document.getElementById('form-errors'), {});
      try {
        const r = await api('GET', `/api/public/publicity?${new URLSearchParams(query)}`);
        out.innerHTML = `<p>${esc(t('opsFound', { n: r.count, date: r.date }))}</p><table class="list" id="pq-table"><tr><th>${t('opsName')}</th><th>${t('opsIdNumber')}</th><th>${t('unit')}</th><th>${t('opsItems')}</th><th>${t('opsStart')}</th><th>${t('opsValidUntil')}</th></tr>${r.items
          .map((p) => `<tr class="pq-row"><td class="pq-name">${esc(p.name)}</td><td class="pq-id">${esc(p.idNumber)}</td><td>${esc(p.unit)}</td><td>${itemsText(p.items.map((i) => i.label))}</td><td>${esc(p.startDate)}</td><td>${esc(p.validUntil)}</td></tr>`).join('')}</table>`;
      } catch (err) {
        out.innerHTML = err.status === 404 ? `<p class="error" id="pq-none">${esc(err.message)}</p>` : '';
        if (err.status !== 404) showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
      }
    };
    document.getElementById('pq-person').addEventListener('submit', (e) => {
      e.preventDefault();
      search({ name: e.target.name.value.trim(), idNumber: e.target.idNumber.value.trim() });
    });
    document.getElementById('pq-unit').addEventListener('submit', (e) => {
      e.preventDefault();
      search({ unit: e.target.unit.value.trim() });
    });
    if (params.get('unit')) search({ unit: params.get('unit') });
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

  // ==== unit administration (issue 4): unit profile, sub-accounts, branches ======================
  // Pages over /api/unit/profile, /api/unit/qualifications, /api/unit/accounts, /api/unit/branches.
  // Only the main account edits; sub-accounts see the profile and branches read-only and never the
  // sub-accounts page (the API answers 403 as well).

  const UNIT_AREAS = ['qualification', 'publicity', 'appraisal', 'licensing', 'unit-info'];
  const INVOICE_FIELDS = ['title', 'taxNumber', 'bank', 'bankAccount', 'address', 'phone'];
  const isUnitUser = () => !!state.user && (state.user.kind === 'unit-main' || state.user.kind === 'unit-sub');
  const isUnitMain = () => !!state.user && state.user.kind === 'unit-main';

  /** The unit pages' links in the header (after "home"). */
  function unitNav() {
    if (!isUnitUser()) return '';
    return `<a href="#/unit/profile" id="nav-unit-profile">${t('unitProfile')}</a>` +
      (isUnitMain() ? `<a href="#/unit/accounts" id="nav-sub-accounts">${t('subAccounts')}</a>` : '') +
      `<a href="#/unit/branches" id="nav-branches">${t('branches')}</a>`;
  }

  const unitInput = (name, label, value, opts = {}) =>
    `<label class="pf-field"><span>${esc(label)}</span><input name="${esc(name)}" value="${esc(value == null ? '' : value)}"${opts.type ? ` type="${opts.type}"` : ''}${opts.readonly ? ' readonly' : ''}${opts.placeholder ? ` placeholder="${esc(opts.placeholder)}"` : ''} autocomplete="off" /></label>`;

  /** The API's field errors next to their inputs (matched by name), anything else above the button. */
  function showUnitErrors(form, err) {
    form.querySelectorAll('.field-error').forEach((el) => el.remove());
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    const rest = {};
    for (const [k, v] of Object.entries(err.fields || {})) {
      const input = form.querySelector(`[name="${CSS.escape(k)}"]`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        input.insertAdjacentHTML('afterend', `<span class="field-error error" data-field="${esc(k)}">${esc(v)}</span>`);
      } else rest[k] = v;
    }
    if (!err.fields) rest[''] = err.message;
    showFieldErrors(form.querySelector('.form-errors'), rest);
  }

  const qualificationStatusText = (s) => `<span class="status-${esc(s)}">${esc(t('q_' + s))}</span>`;

  async function unitProfilePage() {
    const [u, quals] = await Promise.all([api('GET', '/api/unit/profile'), api('GET', '/api/unit/qualifications')]);
    const main = isUnitMain();
    const identity = [['name', u.name], ['uscc', u.uscc], ['legalRepresentative', u.legalRepresentative], ['division', [u.province, u.city, u.district].filter(Boolean).join(' / ')], ['address', u.address], ['postcode', u.postcode]];
    const inv = u.invoice || {};
    $view.innerHTML = `<div class="card"><h2>${t('unitProfile')}</h2>
      <dl class="kv" id="unit-identity">${identity.map(([k, v]) => `<dt>${t('u_' + k)}</dt><dd data-key="${k}">${esc(v)}</dd>`).join('')}</dl>
      <p class="hint">${t('identifyingHint')} <a class="btn secondary" id="start-info-change" href="#/apply/unit-info-change">${t('requestChange')}</a></p></div>
      <div class="card"><h2>${t('editableInfo')}</h2>
      <form id="unit-profile-form" class="pf-form">${unitInput('phone', t('u_phone'), u.phone, { readonly: !main })}
      <fieldset><legend>${t('invoice')}</legend>${INVOICE_FIELDS.map((k) => unitInput(`invoice.${k}`, t('inv_' + k), inv[k], { readonly: !main })).join('')}</fieldset>
      <div class="form-errors"></div>${main ? `<button class="btn" type="submit">${t('save')}</button>` : `<p class="hint">${t('mainOnlyEdit')}</p>`}</form></div>
      <div class="card"><h2>${t('qualifications')} <span style="float:right"><a class="btn secondary" href="#/apply/unit-qualification">${t('newQualification')}</a></span></h2>
      ${quals.items.length
        ? `<table class="list" id="qualifications"><tr><th>${t('q_type')}</th><th>${t('q_certificateNo')}</th><th>${t('q_expiryDate')}</th><th>${t('status')}</th></tr>${quals.items
            .map((q) => `<tr data-certificate="${esc(q.certificateNo)}"><td>${esc(q.type)}</td><td>${esc(q.certificateNo)}</td><td>${esc(q.expiryDate)}</td><td>${qualificationStatusText(q.status)}</td></tr>`)
            .join('')}</table>`
        : `<p>${t('none')}</p>`}</div>`;
    if (!main) return;
    const form = document.getElementById('unit-profile-form');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const invoice = {};
      for (const k of INVOICE_FIELDS) invoice[k] = form.elements[`invoice.${k}`].value.trim();
      try {
        await api('PATCH', '/api/unit/profile', { phone: form.elements.phone.value.trim(), invoice });
        toast(t('saved'));
        route();
      } catch (err) {
        showUnitErrors(form, err);
      }
    });
  }

  async function subAccountsPage() {
    if (!isUnitMain()) {
      $view.innerHTML = `<div class="card error" id="not-main-account">${t('mainOnly')}</div>`;
      return;
    }
    const { items } = await api('GET', '/api/unit/accounts');
    const areaText = (list) => (list || []).map((a) => t('area_' + a)).join('、');
    $view.innerHTML = `<div class="card"><h2>${t('subAccounts')}</h2>
      <table class="list" id="sub-accounts"><tr><th>${t('account')}</th><th>${t('displayName')}</th><th>${t('email')}</th><th>${t('mobileNo')}</th><th>${t('permissions')}</th><th>${t('status')}</th><th>${t('actions')}</th></tr>
      ${items
        .map((a) => {
          const self = a.login === state.user.login;
          const action = self ? `<span class="hint">${t('mainAccount')}</span>` : `<button class="btn secondary toggle" data-id="${esc(a.id)}" data-to="${a.status === 'active' ? 'disabled' : 'active'}">${t(a.status === 'active' ? 'disable' : 'enable')}</button>`;
          return `<tr data-login="${esc(a.login)}" data-status="${esc(a.status)}"><td>${esc(a.login)}</td><td>${esc(a.displayName)}</td><td>${esc(a.email)}</td><td>${esc(a.mobile)}</td><td>${self ? t('allAreas') : esc(areaText(a.permissions))}</td><td>${esc(t('as_' + a.status))}</td><td>${action}</td></tr>`;
        })
        .join('')}</table></div>
      <div class="card"><h2>${t('newSubAccount')}</h2><form id="sub-account-form" class="pf-form">
      ${unitInput('login', t('account'), '')}${unitInput('displayName', t('displayName'), '')}${unitInput('email', t('email'), '', { type: 'email' })}
      ${unitInput('mobile', t('mobileNo'), '')}${unitInput('password', t('password'), '', { type: 'password' })}
      <fieldset class="checks"><legend>${t('permissions')}</legend>${UNIT_AREAS.map((a) => `<label class="check"><input type="checkbox" name="area" value="${a}" /> ${esc(t('area_' + a))}</label>`).join('')}<span name="permissions"></span></fieldset>
      <div class="form-errors"></div><button class="btn" type="submit">${t('create')}</button></form></div>`;
    document.querySelectorAll('#sub-accounts button.toggle').forEach((b) =>
      b.addEventListener('click', async () => {
        try {
          await api('PATCH', `/api/unit/accounts/${b.dataset.id}`, { status: b.dataset.to });
          toast(t('saved'));
          route();
        } catch (err) {
          toast(err.message);
        }
      }),
    );
    const form = document.getElementById('sub-account-form');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const v = (n) => form.elements[n].value.trim();
      try {
        await api('POST', '/api/unit/accounts', {
          login: v('login'), displayName: v('displayName'), email: v('email'), mobile: v('mobile'), password: form.elements.password.value,
          permissions: [...form.querySelectorAll('input[name="area"]:checked')].map((c) => c.value),
        });
        toast(t('subAccountCreated'));
        route();
      } catch (err) {
        showUnitErrors(form, err);
      }
    });
  }

  async function branchesPage() {
    const { items } = await api('GET', '/api/unit/branches');
    const main = isUnitMain();
    $view.innerHTML = `<div class="card"><h2>${t('branches')}</h2>${items.length
      ? `<table class="list" id="branches"><tr><th>${t('u_name')}</th><th>${t('u_uscc')}</th><th>${t('u_division')}</th><th>${t('u_address')}</th><th>${t('u_postcode')}</th><th>${t('u_phone')}</th></tr>${items
          .map((b) => `<tr data-name="${esc(b.name)}"><td>${esc(b.name)}</td><td>${esc(b.uscc || '—')}</td><td>${esc([b.province, b.city, b.district].join(' / '))}</td><td>${esc(b.address)}</td><td>${esc(b.postcode)}</td><td>${esc(b.phone)}</td></tr>`)
          .join('')}</table>`
      : `<p id="branches-empty">${t('none')}</p>`}</div>
      ${main ? `<div class="card"><h2>${t('newBranch')}</h2><form id="branch-form" class="pf-form">
      ${unitInput('name', t('u_name'), '')}${unitInput('uscc', t('u_usccOptional'), '')}
      ${unitInput('province', t('u_province'), '', { placeholder: '110000' })}${unitInput('city', t('u_city'), '', { placeholder: '110100' })}${unitInput('district', t('u_district'), '', { placeholder: '110105' })}
      ${unitInput('address', t('u_address'), '')}${unitInput('postcode', t('u_postcode'), '')}${unitInput('phone', t('u_phone'), '', { placeholder: '010-65001234' })}
      <div class="form-errors"></div><button class="btn" type="submit">${t('add')}</button></form></div>` : ''}`;
    if (!main) return;
    const form = document.getElementById('branch-form');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = {};
      for (const k of ['name', 'uscc', 'province', 'city', 'district', 'address', 'postcode', 'phone']) body[k] = form.elements[k].value.trim();
      try {
        await api('POST', '/api/unit/branches', body);
        toast(t('saved'));
        route();
      } catch (err) {
        showUnitErrors(form, err);
      }
    });
  }

  /** #/unit/profile, #/unit/accounts, #/unit/branches */
  async function unitAdminPage(sub) {
    if (!isUnitUser()) {
      $view.innerHTML = `<div class="card error">${t('unitOnly')}</div>`;
      return;
    }
    if (sub === 'accounts') return subAccountsPage();
    if (sub === 'branches') return branchesPage();
    return unitProfilePage();
  }
  // ==== end of unit administration =================================================================

  // ---- practitioner publicity 执业公示 (issue 5): list, person search + apply, upload + SMS code ----

  async function uploadOne(input) {
    const file = input.files && input.files[0];
    if (!file) return null;
    const r = await fileService.uploadFile('url', file, file.name);
    return r.data.id;
  }

  function rulesTable(rules) {
    return `<table class="list" id="pub-rules"><tr><th>${t('pubRuleCat')}</th><th>${t('pubRule')}</th><th>${t('pubRuleOk')}</th><th>${t('reason')}</th></tr>${rules
      .map((r) => `<tr data-rule="${esc(r.rule)}" class="${r.ok ? '' : 'error'}"><td>${esc(r.category)}</td><td>${esc(r.requirement)}</td><td>${r.ok ? '✓' : '✗'}</td><td>${esc(r.reason || '')}</td></tr>`)
      .join('')}</table>`;
  }

  async function publicityPage(arg) {
    if (arg === 'new') return publicityNewPage();
    if (arg && /^[0-9a-f-]{36}$/.test(arg)) return publicityCasePage(arg);
    const rejected = arg === 'rejected';
    const r = await api('GET', `/api/publicity/applications${rejected ? '?status=rejected' : ''}`);
    $view.innerHTML = `<div class="card"><h2>${t(rejected ? 'pubRejected' : 'pubList')} <span style="float:right"><a class="btn" href="#/publicity/new">${t('pubNew')}</a> <a class="btn secondary" href="#/publicity${rejected ? '' : '/rejected'}">${t(rejected ? 'pubList' : 'pubRejected')}</a></span></h2>
      ${r.items.length ? `<table class="list" id="pub-list"><tr><th>${t('number')}</th><th>${t('pubName')}</th><th>${t('pubId')}</th><th>${t('pubType')}</th><th>${t('status')}</th><th>${t('pubDeadline')}</th><th></th></tr>${r.items
        .map((x) => `<tr data-number="${esc(x.number || '')}"><td>${esc(x.number || '—')}</td><td>${esc(x.person && x.person.name)}</td><td>${esc(x.person && x.person.idNumber)}</td><td>${esc(x.typeLabel || '')}</td><td>${statusText(x.status)}</td><td>${esc(fmt(x.uploadDeadline))}</td><td><a href="#/publicity/${x.id}">${t('view')}</a></td></tr>`)
        .join('')}</table>` : `<p>${t('none')}</p>`}</div>`;
  }

  async function publicityNewPage() {
    $view.innerHTML = `<div class="card"><h2>${t('pubNew')}</h2><p>${t('pubHint')}</p>
      <form id="pub-search"><label>${t('pubName')} <input name="name" required></label> <label>${t('pubId')} <input name="idNumber" required maxlength="18"></label> <button class="btn" type="submit">${t('pubSearch')}</button></form>
      <div id="pub-result"></div><div id="form-errors"></div></div>`;
    document.getElementById('pub-search').addEventListener('submit', async (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      const name = String(f.get('name')).trim();
      const idNumber = String(f.get('idNumber')).trim();
      const box = document.getElementById('pub-result');
      document.getElementById('form-errors').innerHTML = '';
      let c;
      try {
        c = await api('GET', `/api/publicity/candidates?name=${encodeURIComponent(name)}&idNumber=${encodeURIComponent(idNumber)}`);
      } catch (err) {
        box.innerHTML = `<p class="error" id="pub-not-found">${esc(err.message)}</p>`;
        return;
      }
      box.innerHTML = `<table class="list"><tr><th>${t('pubName')}</th><th>${t('pubId')}</th><th>${t('mobile')}</th><th>${t('pubType')}</th><th>${t('pubState')}</th></tr>
        <tr><td>${esc(c.person.name)}</td><td>${esc(c.person.idNumber)}</td><td>${esc(c.person.mobile || '')}</td><td id="pub-type">${esc(c.typeLabel || '—')}</td><td>${t(c.registered ? 'pubRegistered' : 'pubUnregistered')}</td></tr></table>
        ${c.eligible ? '' : `<p class="error">${t('pubNotEligible')}</p>`}${rulesTable(c.rules)}
        ${c.eligible ? `<form id="pub-apply"><p>${t('pubItems')}: ${esc(c.items.map((i) => `${i.itemCode}（${i.grade}）`).join('、'))}</p>
          <label>${t('pubMobile')} <input name="mobile" required pattern="1[3-9][0-9]{9}"></label>
          ${c.needsResignationCertificate ? `<p><label>${t('pubResignation')} (${esc(c.previousUnit || '')}) <input type="file" name="resignation" accept=".jpg,.jpeg,.png,.pdf" required></label></p>` : ''}
          ${c.commitments.map((x, i) => `<p><label><input type="checkbox" name="commitment${i + 1}" required> ${esc(x)}</label></p>`).join('')}
          <button class="btn" type="submit">${t('pubCreate')}</button></form>` : ''}`;
      const form = document.getElementById('pub-apply');
      if (!form) return;
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const g = new FormData(form);
        try {
          const data = { name, idNumber, mobile: String(g.get('mobile')), commitment1: true, commitment2: true, commitment3: true };
          const res = form.querySelector('[name=resignation]');
          if (res) data.resignationCertificate = [{ id: await uploadOne(res) }];
          const r = await api('POST', '/api/publicity/applications', { data });
          toast(`${t('submittedOk')} ${r.number}`);
          location.hash = `#/publicity/${r.id}`;
        } catch (err) {
          showFieldErrors(document.getElementById('form-errors'), err.fields || { '': err.message });
        }
      });
    });
  }

  function docLinks(form, cert) {
    return `${form ? `<a class="btn secondary" id="pub-print" href="/api/documents/${form.id}" target="_blank">${t('pubPrint')}</a> ` : ''}${cert ? `<a class="btn secondary" href="/api/documents/${cert.id}" target="_blank">${t('pubCertificate')}</a>` : ''}`;
  }

  async function publicityCasePage(id) {
    const a = await api('GET', `/api/publicity/applications/${id}`);
    const form = a.documents.find((d) => d.kind === 'publicity-application-form');
    const cert = a.documents.find((d) => d.kind === 'publicity-certificate');
    $view.innerHTML = `<div class="card"><h2>${t('pubCase')} <span id="pub-number">${esc(a.number || '—')}</span> ${statusText(a.status)}</h2>
      <table class="list"><tr><th>${t('pubName')}</th><td>${esc(a.person && a.person.name)}</td><th>${t('pubId')}</th><td>${esc(a.person && a.person.idNumber)}</td></tr>
      <tr><th>${t('pubType')}</th><td>${esc(a.typeLabel || '')}</td><th>${t('mobile')}</th><td id="pub-mobile">${esc(a.mobile || '')}</td></tr>
      <tr><th>${t('pubDeadline')}</th><td>${esc(fmt(a.uploadDeadline))}</td><th>${t('reason')}</th><td>${esc(a.reason || '')}</td></tr></table>
      <p id="pub-docs">${docLinks(form, cert)}</p>
      ${a.failures.length ? rulesTable(a.rules) : ''}
      ${a.status === 'awaiting_upload' ? `<form id="pub-upload"><p>${t('pubUploadHint')}</p>
        <p><label>${t('pubScan')} <input type="file" name="scan" accept=".jpg,.jpeg,.png,.pdf" required></label></p>
        <p id="pub-correct" hidden><label>${t('pubCorrectMobile')} <input name="mobile" pattern="1[3-9][0-9]{9}"></label></p>
        <p><label>${t('code')} <input name="code" maxlength="6"></label> <button class="btn secondary" type="button" id="pub-send">${t('sendCode')}</button></p>
        <p id="pub-msg"></p><button class="btn" type="submit">${t('pubConfirm')}</button></form>` : ''}
      <div id="form-errors"></div></div>`;
    // the application form is generated a moment after the number: show its link when it is there
    const here = location.hash;
    const pollDocs = async (n) => {
      if (form || n > 20 || location.hash !== here || !document.getElementById('pub-docs')) return;
      const b = await api('GET', `/api/publicity/applications/${id}`).catch(() => null);
      const f = b && b.documents.find((d) => d.kind === 'publicity-application-form');
      if (f) document.getElementById('pub-docs').innerHTML = docLinks(f, b.documents.find((d) => d.kind === 'publicity-certificate'));
      else setTimeout(() => pollDocs(n + 1), 1000);
    };
    pollDocs(0);
    const up = document.getElementById('pub-upload');
    if (!up) return;
    const msg = document.getElementById('pub-msg');
    document.getElementById('pub-send').addEventListener('click', async () => {
      const correct = document.getElementById('pub-correct');
      const body = !correct.hidden && up.mobile.value ? { mobile: up.mobile.value } : {};
      try {
        const r = await api('POST', `/api/publicity/applications/${id}/sms-code`, body);
        msg.textContent = r.sent ? t('pubCodeSent', { m: r.mobile || '' }) : t('pubChecking');
        correct.hidden = true;
      } catch (err) {
        msg.textContent = err.message;
        if (err.status === 422 && err.message.includes('仅此一次')) correct.hidden = false;
      }
    });
    up.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const formFileId = await uploadOne(up.scan);
        const r = await api('POST', `/api/publicity/applications/${id}/confirm`, { formFileId, code: up.code.value.trim() });
        toast(t('pubConfirmed'));
        msg.textContent = t('s_' + r.status);
        setTimeout(() => location.hash === `#/publicity/${id}` && route(), 300);
      } catch (err) {
        msg.textContent = err.message;
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
      '/publicity-query': () => publicQueryPage(params),
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
    $view.classList.remove('wide');
    try {
      if (page === 'inbox') return await inboxPage();
      if (page === 'admin') return await adminRoute(hash.split('?')[0].split('/').slice(2));
      if (page === 'task') return await taskPage(arg);
      if (page === 'case') return await casePage(arg);
      if (page === 'apply') return await applyPage(arg);
      if (page === 'power-permit') return await powerPermitPage(arg || 'power-permit-new');
      if (page === 'service' && state.user.kind === 'admin') return await servicePage();
      if (page === 'self-inspection') return await selfInspectionPage(arg);
      if (page === 'home') return await homePage();
      if (page === 'publicity' && arg === 'add') return await publicityAddPage();
      if (page === 'publicity' && arg === 'cancel') return await publicityCancelPage();
      if (page === 'publicity' && arg === 'cancellation') return await publicityCancellationPage(hash.split('/')[3]);
      if (page === 'inspector') return await inspectorPage();
      if (page === 'unit') return await unitAdminPage(arg);
      if (page === 'publicity') return await publicityPage(arg);
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
