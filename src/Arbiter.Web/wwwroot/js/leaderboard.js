// Keeps the leaderboard live: re-fetches the server-rendered table every few seconds.
(function () {
  'use strict';
  const board = document.getElementById('board');
  if (!board) return;
  async function refresh() {
    try {
      const res = await fetch(board.dataset.src, { credentials: 'same-origin' });
      if (res.ok) board.innerHTML = await res.text(); // server-rendered, every value HTML-encoded
    } catch (e) {
      // Offline for a moment: keep the last table.
    }
  }
  setInterval(refresh, 4000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
}());
