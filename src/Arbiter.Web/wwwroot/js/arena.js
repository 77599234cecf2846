// Blind arena: start a battle, stream both answers (server-sent events read through fetch), vote once, then reveal.
(function () {
  'use strict';
  const root = document.getElementById('arena');
  if (!root) return;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const state = { token: null, battleId: null, prompt: '', raw: { a: '', b: '' }, turnNodes: { a: null, b: null } };

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

  // A personal link's sign-in: signing out drops its cookie (the link signs in again).
  if ($('signout')) {
    $('signout').addEventListener('click', async () => {
      const res = await fetch('/api/arena/signout', { method: 'POST', headers: { 'X-CSRF-TOKEN': csrf }, credentials: 'same-origin' });
      if (res.ok) window.location.reload();
    });
  }

  function visible(side) { return state.raw[side].replace(/<think>[\s\S]*?(<\/think>|$)/g, '').trimStart(); }

  // Streaming text is shown as plain text (textContent: never parsed as HTML); <think> blocks are hidden.
  function showRaw(side) { state.turnNodes[side].textContent = visible(side); }

  function newTurn(prompt) {
    state.prompt = prompt;
    for (const side of ['a', 'b']) {
      $('copy-' + side).hidden = true;
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

  // Behind a load balancer the turn may be answered on another node: its stream answers 409 here with Retry-After.
  // The page waits as told (1-10 s), for up to two minutes, then loads the finished turn from the battle's state.
  const RETRY_FOR_MS = 120000;
  const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

  function retryAfterSeconds(res) {
    const s = parseInt(res.headers.get('Retry-After') || '', 10);
    return Number.isFinite(s) ? Math.min(10, Math.max(1, s)) : 2;
  }

  function failed(text) {
    $('stop').hidden = true;
    status(text || root.dataset.error);
  }

  const handlers = {
    delta(d) {
      state.raw[d.side] += d.text;
      showRaw(d.side);
    },
    reset(d) {
      state.raw[d.side] = '';
      showRaw(d.side);
    },
    done(d) {
      const node = state.turnNodes[d.side];
      node.classList.remove('streaming');
      if (d.error) {
        node.textContent = root.dataset.error;
        node.classList.add('failed');
      } else {
        // Sanitised on the server (Markdig without raw HTML, then HtmlSanitizer); the CSP blocks script regardless.
        node.innerHTML = d.html;
        $('copy-' + d.side).hidden = false;
      }
    },
    end(d) { finish(d); },
  };

  function finish(d) {
    status('');
    $('stop').hidden = true;
    $('regenerate').hidden = !d.canRegenerate;
    $('vote').hidden = !d.canVote;
    $('followup-form').hidden = !d.canFollowUp;
    if (d.stopped) {
      for (const side of ['a', 'b']) state.turnNodes[side].classList.remove('streaming');
      status(root.dataset.stopped);
    } else if (!d.canVote) {
      status(root.dataset.error);
    }
    root.dataset.turn = String(d.turn);
  }

  // The stream read through fetch() (sse.js): true once "end" arrived (a body that ends before it is a failure).
  async function readEvents(res) {
    let ended = false;
    await window.arbiterReadEvents(res, (name, data) => {
      if (!handlers[name]) return;
      if (name === 'end') ended = true;
      handlers[name](data);
    });
    return ended;
  }

  // The turn was answered elsewhere (or stopped there): show it as its stream would have.
  async function loadTurn() {
    const view = await post('/api/arena/battles/' + state.battleId + '/state', { token: state.token });
    if (view.stage === 'pending' || view.stage === 'streaming') return false;
    for (const answer of view.answers) {
      state.raw[answer.side] = answer.text;
      handlers.done({ side: answer.side, html: answer.html });
    }
    for (const side of ['a', 'b']) {
      if (!view.answers.length && view.stage === 'failed') handlers.done({ side, error: true });
      state.turnNodes[side].classList.remove('streaming');
    }
    finish({ canVote: view.canVote, canFollowUp: view.canFollowUp, canRegenerate: view.canRegenerate, turn: view.turn, stopped: view.stage === 'stopped' });
    return true;
  }

  async function stream(url) {
    $('vote').hidden = true;
    $('followup-form').hidden = true;
    $('regenerate').hidden = true;
    $('stop').hidden = false;
    status(root.dataset.waiting);
    const giveUpAt = Date.now() + RETRY_FOR_MS;
    try {
      for (;;) {
        const res = await fetch(url, { headers: { Accept: 'text/event-stream' }, credentials: 'same-origin', cache: 'no-store' });
        if (res.ok) {
          if (!await readEvents(res)) failed();
          return;
        }
        if (res.status === 409 || res.status === 404) {
          // 404: no turn waits for its stream here any more — most likely answered (or stopped) on the other node.
          if (res.status === 404 && await loadTurn()) return;
          const problem = res.status === 409 ? await res.json().catch(() => ({})) : {};
          const wait = retryAfterSeconds(res);
          if (Date.now() + wait * 1000 > giveUpAt) {
            failed(root.dataset.gaveUp);
            return;
          }
          status((problem.title ? problem.title + ' ' : '') + root.dataset.retrying.replace('{0}', String(wait)));
          await sleep(wait * 1000);
          continue;
        }
        failed();
        return;
      }
    } catch (err) {
      // A network error, before or mid-stream: as before, the error shows and Stop goes.
      failed();
    }
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
        $('regenerate').hidden = true;
        $('result-text').textContent = root.dataset.thanks + (receipt.flagged ? ' ' + root.dataset.flagged : '');
        $('result').hidden = false;
      } catch (err) {
        status(root.dataset.error + ': ' + err.message);
        for (const b of document.querySelectorAll('.vote-btn')) b.disabled = false;
      }
    });
  }

  // Stop cancels the model calls on the server; the stream then ends with "stopped".
  $('stop').addEventListener('click', async () => {
    $('stop').disabled = true;
    try {
      await post('/api/arena/battles/' + state.battleId + '/stop', { token: state.token });
    } catch (err) {
      status(root.dataset.error + ': ' + err.message);
    } finally {
      $('stop').disabled = false;
    }
  });

  // Regenerate asks both models the last prompt again (only before the vote): the last turn is replaced.
  $('regenerate').addEventListener('click', async () => {
    $('regenerate').disabled = true;
    try {
      const ticket = await post('/api/arena/battles/' + state.battleId + '/regenerate', { token: state.token });
      for (const side of ['a', 'b']) {
        const box = $('answer-' + side);
        box.lastChild.remove();
        box.lastChild.remove();
      }
      newTurn(state.prompt);
      stream(ticket.streamUrl);
    } catch (err) {
      status(root.dataset.error + ': ' + err.message);
    } finally {
      $('regenerate').disabled = false;
    }
  });

  // Copy puts the side's latest answer on the clipboard as the model wrote it (Markdown, reasoning removed).
  for (const side of ['a', 'b']) {
    $('copy-' + side).addEventListener('click', async () => {
      const button = $('copy-' + side);
      try {
        await navigator.clipboard.writeText(visible(side));
        button.dataset.label = button.dataset.label || button.textContent;
        button.textContent = root.dataset.copied;
        setTimeout(() => { button.textContent = button.dataset.label; }, 1500);
      } catch (err) {
        status(root.dataset.error + ': ' + err.message);
      }
    });
  }

  // Share publishes the voted battle at an unguessable link (asked for explicitly; never before the vote).
  $('share').addEventListener('click', async () => {
    try {
      const link = await post('/api/arena/battles/' + state.battleId + '/share', { token: state.token });
      const url = window.location.origin + link.url;
      $('share-url').value = url;
      $('share-note').textContent = root.dataset.shareNote;
      $('share-box').hidden = false;
      $('share-url').select();
      try { await navigator.clipboard.writeText(url); } catch (e) { /* the field stays selected for a manual copy */ }
    } catch (err) {
      status(root.dataset.error + ': ' + err.message);
    }
  });

  $('again').addEventListener('click', () => { window.location.reload(); });
}());
