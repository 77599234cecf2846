// Server-sent events read from a fetch() response body. An EventSource cannot see a response's status, headers or
// body, so a page that must act on a 409 and its Retry-After reads the stream itself. Blocks end at a blank line;
// "event:" names the event, "data:" lines (joined by newlines) carry its JSON. Resolves when the body ends; a network
// error mid-stream rejects.
window.arbiterReadEvents = async function (response, onEvent) {
  'use strict';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const dispatch = (block) => {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) onEvent(name, JSON.parse(data.join('\n')));
  };
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      dispatch(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
    }
    if (done) return;
  }
};
