// Labelling workbench. Labeller page: keyboard shortcuts over the server-rendered form (1–9 pick a label,
// s skips). Admin page: the key lives only in this page's memory and goes out as the X-Admin-Key header.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);

  const labeller = $('labeller');
  if (labeller) {
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || (e.target && e.target.tagName === 'TEXTAREA')) return;
      const button = labeller.querySelector('button[data-key="' + CSS.escape(e.key.toLowerCase()) + '"]');
      if (button) {
        e.preventDefault();
        button.click();
      }
    });
    return;
  }

  const root = $('labels-admin');
  if (!root) return;
  const d = root.dataset;
  let key = '';
  const el = (tag, text, cls) => {
    const n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = text;
    if (cls) n.className = cls;
    return n;
  };
  const name = (label) => d['reg' + label.charAt(0).toUpperCase() + label.slice(1)] || label;
  const fmt = (e) => (e && e.value !== null && e.value !== undefined)
    ? e.value.toFixed(3) + (e.lower !== null && e.lower !== undefined ? ' [' + e.lower.toFixed(3) + ', ' + e.upper.toFixed(3) + ']' : '')
    : '–';

  async function call(method, url, body) {
    const res = await fetch(url, {
      method,
      headers: Object.assign({ 'X-Admin-Key': key }, body ? { 'Content-Type': 'application/json' } : {}),
      credentials: 'same-origin',
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status === 401) {
      $('labels-panel').hidden = true;
      $('labels-status').textContent = d.refused;
      throw new Error('401');
    }
    if (!res.ok) {
      $('labels-status').textContent = (await res.json().catch(() => ({}))).title || res.statusText;
      throw new Error(String(res.status));
    }
    return res;
  }

  async function agreement(task, box) {
    const res = await call('GET', '/api/labels/tasks/' + encodeURIComponent(task.taskId) + '/agreement');
    box.appendChild(el('h4', d.agreement));
    if (res.status === 204) {
      box.appendChild(el('p', d.none, 'empty'));
      return;
    }
    const a = await res.json();
    const table = el('table', null, 'agreement');
    const head = el('tr');
    for (const h of ['', "Cohen's κ", "Fleiss' κ", "Krippendorff's α"]) head.appendChild(el('th', h));
    table.appendChild(head);
    for (const v of [a.overall].concat(a.perLabel)) {
      const tr = el('tr');
      for (const c of [v.label === null ? d.overall : name(v.label), fmt(v.cohenKappa), fmt(v.fleissKappa), fmt(v.krippendorffAlpha)]) tr.appendChild(el('td', c));
      table.appendChild(tr);
    }
    box.appendChild(table);
    box.appendChild(el('h4', d.vsreference));
    const vs = el('table', null, 'vs-reference');
    for (const r of a.vsReference) {
      const tr = el('tr');
      const pct = r.agreement === null ? '–' : (100 * r.agreement).toFixed(1) + ' %';
      for (const c of [r.labeller, r.items + ' ' + d.items, pct, 'κ ' + fmt(r.kappa)]) tr.appendChild(el('td', c));
      vs.appendChild(tr);
    }
    box.appendChild(vs);
  }

  async function adjudication(task, box) {
    const rows = await (await call('GET', '/api/labels/tasks/' + encodeURIComponent(task.taskId) + '/adjudication')).json();
    box.appendChild(el('h4', d.adjudicate));
    const list = el('div', null, 'adjudication');
    for (const r of rows.filter((x) => x.disagreement)) {
      // Settled disagreements stay listed (a decision can be revised) but are marked.
      const item = el('div', null, 'adjudication-item' + (r.adjudication ? ' settled' : ''));
      item.appendChild(el('div', r.item.prompt, 'prompt'));
      item.appendChild(el('div', r.item.reply, 'reply'));
      item.appendChild(el('p', r.labels.map((l) => l.labeller + ': ' + (l.label === null ? '–' : name(l.label))).join(' · ') +
        (r.item.predicted ? ' · classifier: ' + name(r.item.predicted) : '') + (r.item.model ? ' · ' + r.item.model : ''), 'votes'));
      const select = el('select');
      for (const l of task.labels) {
        const o = el('option', name(l));
        o.value = l;
        if (r.final === l) o.selected = true;
        select.appendChild(o);
      }
      const save = el('button', d.save);
      save.type = 'button';
      save.addEventListener('click', async () => {
        await call('POST', '/api/labels/tasks/' + encodeURIComponent(task.taskId) + '/adjudications', { itemId: r.item.itemId, label: select.value });
        await load();
      });
      const row = el('div', null, 'row');
      row.append(el('span', d.final + ': '), select, save);
      item.appendChild(row);
      list.appendChild(item);
    }
    if (!list.childElementCount) list.appendChild(el('p', d.none, 'empty'));
    box.appendChild(list);
  }

  function invites(task, box) {
    const ul = el('ul', null, 'invites');
    for (const v of task.invites) {
      const li = el('li', v.labeller + (v.revokedAtMs ? ' (×)' : ''));
      if (!v.revokedAtMs) {
        const b = el('button', d.revoke, 'secondary');
        b.type = 'button';
        b.addEventListener('click', async () => {
          await call('DELETE', '/api/labels/tasks/' + encodeURIComponent(task.taskId) + '/invites/' + encodeURIComponent(v.labeller));
          await load();
        });
        li.appendChild(b);
      }
      ul.appendChild(li);
    }
    box.appendChild(ul);
    const form = el('form', null, 'row invite');
    const input = el('input');
    input.placeholder = d.labeller;
    input.required = true;
    const go = el('button', d.invite);
    go.type = 'submit';
    const out = el('p', null, 'invite-link');
    form.append(input, go);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      // The previous invitee's link goes first: left in place while this request runs, it could be copied for the wrong person.
      out.textContent = '';
      const labeller = input.value;
      const made = await (await call('POST', '/api/labels/tasks/' + encodeURIComponent(task.taskId) + '/invites', { labeller })).json();
      out.textContent = d.link + ' ';
      const a = el('a', made.link);
      a.href = made.link;
      a.dataset.labeller = labeller;
      out.appendChild(a);
    });
    box.append(form, out);
  }

  async function load() {
    const tasks = await (await call('GET', '/api/labels/tasks')).json();
    $('labels-panel').hidden = false;
    $('labels-status').textContent = '';
    const box = $('labels-tasks');
    box.textContent = '';
    for (const task of tasks) {
      const section = el('section', null, 'labels-task');
      section.dataset.task = task.taskId;
      section.appendChild(el('h3', task.name));
      invites(task, section);
      const exp = el('button', d.export, 'secondary');
      exp.type = 'button';
      exp.addEventListener('click', async () => {
        const blob = await (await call('GET', '/api/labels/tasks/' + encodeURIComponent(task.taskId) + '/export.csv')).blob();
        const a = el('a');
        a.href = URL.createObjectURL(blob);
        a.download = task.name + '.csv';
        a.click();
      });
      section.appendChild(exp);
      await agreement(task, section);
      await adjudication(task, section);
      box.appendChild(section);
    }
  }

  $('labels-unlock').addEventListener('submit', async (e) => {
    e.preventDefault();
    key = $('labels-key').value;
    await load().catch(() => {});
  });
  $('labels-create').addEventListener('submit', async (e) => {
    e.preventDefault();
    const custom = $('labels-custom').value.split(',').map((s) => s.trim()).filter((s) => s);
    await call('POST', '/api/labels/tasks', { name: $('labels-name').value, size: Number($('labels-size').value), labels: custom.length ? custom : null })
      .then(load).catch(() => {});
  });
})();
