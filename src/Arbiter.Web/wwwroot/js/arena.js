// Blind arena: start a battle, stream both answers over SSE, vote once, then reveal.
(function () {
  'use strict';
  const root = document.getElementById('arena');
  if (!root) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const state = { token: null, battleId: null, raw: { a: '', b: '' }, turnNodes: { a: null, b: null } };

  async function post(url, body) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.title || res.statusText || String(res.status));
    return data;
  }

  function status(text) { $('status').textContent = text || ''; }

  // The operator's terms of use: accepted once (a cookie set by the server), before the first vote.
  if ($('notice-agree')) {
    $('notice-agree').addEventListener('click', async () => {
      const res = await fetch('/api/arena/notice', { method: 'POST', headers: { 'X-CSRF-TOKEN': csrf }, credentials: 'same-origin' });
      if (res.ok) $('notice').hidden = true;
    });
  }

  // Streaming text is shown as plain text (textContent: never parsed as HTML); <think> blocks are hidden.
  function showRaw(side) {
    const visible = state.raw[side].replace(/<think>[\s\S]*?(<\/think>|$)/g, '').trimStart();
    state.turnNodes[side].textContent = visible;
  }

  function newTurn(prompt) {
    for (const side of ['a', 'b']) {
      const box = $('answer-' + side);
      const q = document.createElement('div');
      q.className = 'turn-prompt';
      q.textContent = prompt;
      const a = document.createElement('div');
      a.className = 'turn-answer streaming';
      box.appendChild(q);
      box.appendChild(a);
      state.turnNodes[side] = a;
      state.raw[side] = '';
    }
  }

  function stream(url) {
    $('vote').hidden = true;
    $('followup-form').hidden = true;
    status(root.dataset.waiting);
    const source = new EventSource(url);
    source.addEventListener('delta', (e) => {
      const d = JSON.parse(e.data);
      state.raw[d.side] += d.text;
      showRaw(d.side);
    });
    source.addEventListener('reset', (e) => {
      const d = JSON.parse(e.data);
      state.raw[d.side] = '';
      showRaw(d.side);
    });
    source.addEventListener('done', (e) => {
      const d = JSON.parse(e.data);
      const node = state.turnNodes[d.side];
      node.classList.remove('streaming');
      if (d.error) {
        node.textContent = root.dataset.error;
        node.classList.add('failed');
      } else {
        // Sanitised on the server (Markdig without raw HTML, then HtmlSanitizer); the CSP blocks script regardless.
        node.innerHTML = d.html;
      }
    });
    source.addEventListener('end', (e) => {
      source.close();
      const d = JSON.parse(e.data);
      status('');
      $('vote').hidden = !d.canVote;
      $('followup-form').hidden = !d.canFollowUp;
      if (!d.canVote) status(root.dataset.error);
      root.dataset.turn = String(d.turn);
    });
    source.onerror = () => {
      source.close();
      status(root.dataset.error);
    };
  }

  $('prompt-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const prompt = $('prompt').value.trim();
    if (!prompt) return;
    $('send').disabled = true;
    try {
      const ticket = await post('/api/arena/battles', { prompt, category: $('prompt').dataset.category || null });
      state.token = ticket.token;
      state.battleId = ticket.battleId;
      $('answer-a').textContent = '';
      $('answer-b').textContent = '';
      $('battle').hidden = false;
      $('prompt-form').hidden = true;
      newTurn(prompt);
      stream(ticket.streamUrl);
    } catch (err) {
      status(root.dataset.error + ': ' + err.message);
    } finally {
      $('send').disabled = false;
    }
  });

  $('prompt').addEventListener('input', () => { delete $('prompt').dataset.category; });

  $('random').addEventListener('click', async () => {
    const res = await fetch('/api/arena/prompts/random?lang=' + encodeURIComponent(root.dataset.lang), { credentials: 'same-origin' });
    if (!res.ok) return;
    const p = await res.json();
    $('prompt').value = p.text;
    $('prompt').dataset.category = p.category;
  });

  $('followup-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const prompt = $('followup').value.trim();
    if (!prompt) return;
    try {
      const ticket = await post('/api/arena/battles/' + state.battleId + '/turns', { token: state.token, prompt });
      $('followup').value = '';
      newTurn(prompt);
      stream(ticket.streamUrl);
    } catch (err) {
      status(root.dataset.error + ': ' + err.message);
    }
  });

  for (const button of document.querySelectorAll('.vote-btn')) {
    button.addEventListener('click', async () => {
      for (const b of document.querySelectorAll('.vote-btn')) b.disabled = true;
      try {
        const receipt = await post('/api/arena/votes', { token: state.token, winner: button.dataset.winner });
        $('reveal-a').textContent = receipt.modelA + (receipt.originA ? ' · ' + receipt.originA : '');
        $('reveal-b').textContent = receipt.modelB + (receipt.originB ? ' · ' + receipt.originB : '');
        $('battle').classList.add('revealed');
        $('battle').dataset.winner = receipt.winner;
        $('vote').hidden = true;
        $('followup-form').hidden = true;
        $('result-text').textContent = root.dataset.thanks + (receipt.flagged ? ' ' + root.dataset.flagged : '');
        $('result').hidden = false;
      } catch (err) {
        status(root.dataset.error + ': ' + err.message);
        for (const b of document.querySelectorAll('.vote-btn')) b.disabled = false;
      }
    });
  }

  $('again').addEventListener('click', () => { window.location.reload(); });
}());
