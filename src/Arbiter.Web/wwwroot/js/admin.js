// Admin page: the key lives only in this page's memory and goes out as the X-Admin-Key header.
(function () {
  'use strict';
  const root = document.getElementById('admin');
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  let key = '';

  async function call(method, url, body) {
    const res = await fetch(url, {
      method,
      headers: Object.assign({ 'X-Admin-Key': key }, body ? { 'Content-Type': 'application/json' } : {}),
      credentials: 'same-origin',
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status === 401) {
      $('admin-panel').hidden = true;
      $('admin-status').textContent = root.dataset.refused;
      throw new Error('401');
    }
    return res;
  }

  // True when the call succeeded; otherwise the server's reason is shown and the roster stays as it was.
  async function succeeded(res) {
    if (res.ok) return true;
    $('admin-status').textContent = (await res.json().catch(() => ({}))).title || res.statusText;
    return false;
  }

  async function load() {
    const res = await call('GET', '/api/admin/models');
    const models = await res.json();
    const body = $('admin-models');
    body.textContent = '';
    for (const m of models) {
      const tr = document.createElement('tr');
      for (const v of [m.id, m.baseUrl, m.jurisdiction, m.problem ? '⚠ ' + m.problem : m.enabled ? '✓' : '—']) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      }
      const td = document.createElement('td');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = m.enabled ? root.dataset.disable : root.dataset.enable;
      b.addEventListener('click', async () => {
        const res = await call('POST', '/api/admin/models/' + encodeURIComponent(m.id) + (m.enabled ? '/disable' : '/enable'));
        if (await succeeded(res)) await load();
      });
      // A stored model that could not be restored can only be removed (or fixed outside, e.g. its key variable set).
      if (!m.problem) td.appendChild(b);
      if (!m.configured) {
        // Models from arbiter.yaml can only be disabled; added ones can be removed.
        const r = document.createElement('button');
        r.type = 'button';
        r.className = 'secondary';
        r.textContent = root.dataset.remove;
        r.addEventListener('click', async () => {
          const res = await call('DELETE', '/api/admin/models/' + encodeURIComponent(m.id));
          if (await succeeded(res)) await load();
        });
        td.appendChild(document.createTextNode(' '));
        td.appendChild(r);
      }
      tr.appendChild(td);
      body.appendChild(tr);
    }
    $('admin-status').textContent = '';
    $('admin-panel').hidden = false;
    await loadBlocked();
    await loadVoids();
    await loadVoters();
  }

  // Loads a list into an emptied table body; with no rows, one row says so (the body's data-none).
  async function table(id, url) {
    const rows = await (await call('GET', url)).json();
    const body = $(id);
    body.textContent = '';
    if (rows.length === 0) body.appendChild(document.createElement('tr')).appendChild(document.createElement('td')).textContent = body.dataset.none;
    return { body, rows };
  }

  // Voter sign-in links: each row with Revoke (while active) and "void their votes" (the board recomputes).
  async function loadVoters() {
    const { body, rows } = await table('admin-voters', '/api/admin/voters');
    for (const v of rows) {
      const tr = document.createElement('tr');
      for (const text of [v.name, new Date(v.createdAtMs).toISOString(), v.revokedAtMs ? body.dataset.revoked : '✓', v.voterId]) {
        tr.appendChild(document.createElement('td')).textContent = text;
      }
      const td = tr.appendChild(document.createElement('td'));
      const button = (cls, text) => {
        const b = td.appendChild(document.createElement('button'));
        b.type = 'button';
        b.className = 'secondary ' + cls;
        b.dataset.name = v.name;
        b.dataset.identity = v.identity;
        b.textContent = text;
      };
      if (!v.revokedAtMs) button('revoke-voter', body.dataset.revoke);
      button('void-voter', body.dataset.voidVotes);
      body.appendChild(tr);
    }
  }

  $('voter-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await call('POST', '/api/admin/voters', { name: new FormData(e.target).get('name') });
    if (!(await succeeded(res))) return;
    const d = await res.json();
    e.target.reset();
    // Shown once: the server keeps only the token's hash.
    $('voter-link-url').value = d.link;
    $('voter-link').hidden = false;
    await loadVoters();
  });

  $('admin-voters').addEventListener('click', async (e) => {
    const b = e.target.closest('button');
    if (!b) return;
    const res = b.classList.contains('revoke-voter')
      ? await call('POST', '/api/admin/voters/revoke', { name: b.dataset.name })
      : await call('POST', '/api/admin/battles/void', { signedIn: b.dataset.identity, reason: 'voter ' + b.dataset.identity });
    if (!(await succeeded(res))) return;
    if (b.classList.contains('void-voter')) {
      $('admin-status').textContent = $('void-form').dataset.done.replace('{0}', (await res.json()).voided);
      await loadVoids();
    }
    await loadVoters();
  });

  // The voids, newest first, each with Undo (the board then counts its battles again).
  async function loadVoids() {
    const { body, rows } = await table('admin-voids', '/api/admin/battles/voids');
    for (const v of rows) {
      const tr = document.createElement('tr');
      for (const x of [new Date(v.atMs).toISOString(), v.reason, String(v.battles)]) {
        const td = document.createElement('td');
        td.textContent = x;
        tr.appendChild(td);
      }
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary undo-void';
      b.dataset.at = String(v.atMs);
      b.dataset.reason = v.reason;
      b.textContent = body.dataset.undo;
      tr.appendChild(document.createElement('td')).appendChild(b);
      body.appendChild(tr);
    }
  }

  // Delegated, so rows rendered by the server and by loadVoids both work.
  $('admin-voids').addEventListener('click', async (e) => {
    const b = e.target.closest('.undo-void');
    if (!b) return;
    const res = await call('POST', '/api/admin/battles/voids/undo', { atMs: Number(b.dataset.at), reason: b.dataset.reason });
    if (!(await succeeded(res))) return;
    const d = await res.json();
    await loadVoids();
    $('admin-status').textContent = $('admin-voids').dataset.undone.replace('{0}', d.restored);
  });

  // Prompts the moderation refused, newest first (text only when the operator stores conversations).
  async function loadBlocked() {
    const { body, rows } = await table('admin-blocked', '/api/admin/moderation/blocked');
    for (const p of rows) {
      const tr = document.createElement('tr');
      for (const v of [new Date(p.atMs).toISOString(), p.voter, p.rule, p.excerpt]) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  $('key-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    key = $('admin-key').value;
    $('admin-key').value = '';
    try { await load(); } catch (err) { /* refused: message shown */ }
  });

  $('add-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const res = await call('POST', '/api/admin/models', Object.fromEntries(f.entries()));
    if (!(await succeeded(res))) return;
    e.target.reset();
    await load();
  });

  $('void-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    // datetime-local has no zone: the operator enters UTC, as the help text says.
    const utc = (v) => (v ? v + ':00Z' : null);
    const body = { voter: f.get('voter') || null, signedIn: f.get('signedIn') || null, from: utc(f.get('from')), to: utc(f.get('to')), reason: f.get('reason') || null };
    const res = await call('POST', '/api/admin/battles/void', body);
    if (!(await succeeded(res))) return;
    const d = await res.json();
    e.target.reset();
    await loadVoids();
    $('admin-status').textContent = e.target.dataset.done.replace('{0}', d.voided);
  });

  $('export').addEventListener('click', async () => {
    const res = await call('GET', '/api/admin/battles/export');
    const blob = await res.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'arbiter-battles.json';
    a.click();
    URL.revokeObjectURL(a.href);
  });

  $('delete-pending').addEventListener('click', async () => {
    const res = await call('DELETE', '/api/admin/battles/pending');
    const d = await res.json();
    $('admin-status').textContent = 'Deleted: ' + d.deleted;
  });
}());
