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
