// Copy buttons of a shared battle: each side's answers as the model wrote them (Markdown), and the page's link.
(function () {
  'use strict';
  const root = document.getElementById('shared');
  if (!root) return;

  function flash(button) {
    button.dataset.label = button.dataset.label || button.textContent;
    button.textContent = root.dataset.copied;
    setTimeout(() => { button.textContent = button.dataset.label; }, 1500);
  }

  async function copy(button, text) {
    try {
      await navigator.clipboard.writeText(text);
      flash(button);
    } catch (err) {
      // No clipboard (an insecure origin or a refused permission): select the text so it can be copied by hand.
      const source = document.getElementById(button.dataset.select || '');
      if (source) window.getSelection().selectAllChildren(source);
    }
  }

  for (const button of root.querySelectorAll('button.copy[data-side]')) {
    const source = document.getElementById('markdown-' + button.dataset.side);
    button.dataset.select = 'answer-' + button.dataset.side;
    button.addEventListener('click', () => copy(button, source ? source.textContent : ''));
    button.hidden = false;
  }

  const link = document.getElementById('copy-link');
  if (link) {
    link.addEventListener('click', () => copy(link, window.location.href));
    link.hidden = false;
  }
}());
