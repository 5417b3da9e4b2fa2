// Ponte Link: live progress of the data retrieval over Server-Sent Events.
// Messages: {"key": "...", "state": "done|active|pending|failed", "label": "..."}; an event
// named "end" closes the stream. Changes are announced in a polite live region.
(function () {
  'use strict';

  var list = document.querySelector('[data-progress-url]');
  if (!list || typeof window.EventSource !== 'function') return;
  var live = document.getElementById(list.getAttribute('data-live'));
  var states = ['done', 'active', 'pending', 'failed'];
  var stateText = function (state) {
    return list.getAttribute('data-state-' + state) || state;
  };

  var findStep = function (key) {
    var items = list.querySelectorAll('li[data-step]');
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].getAttribute('data-step') === key) return items[i];
    }
    return null;
  };

  var newStep = function (key) {
    var item = document.createElement('li');
    item.setAttribute('data-step', key);
    var dot = document.createElement('span');
    dot.className = 'dot';
    dot.setAttribute('aria-hidden', 'true');
    var label = document.createElement('span');
    label.className = 'step-label';
    var state = document.createElement('span');
    state.className = 'step-state';
    item.appendChild(dot);
    item.appendChild(label);
    item.appendChild(document.createTextNode(' '));
    item.appendChild(state);
    list.appendChild(item);
    return item;
  };

  var source = new EventSource(list.getAttribute('data-progress-url'));

  source.onmessage = function (event) {
    var message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (!message || typeof message.key !== 'string' || states.indexOf(message.state) === -1) return;
    var item = findStep(message.key) || newStep(message.key);
    var label = item.querySelector('.step-label');
    var state = item.querySelector('.step-state');
    if (typeof message.label === 'string' && message.label && label) label.textContent = message.label;
    if (item.getAttribute('data-state') === message.state) return;
    item.setAttribute('data-state', message.state);
    if (state) state.textContent = stateText(message.state);
    if (live) live.textContent = (label ? label.textContent : message.key) + ': ' + stateText(message.state);
  };

  source.addEventListener('end', function () {
    source.close();
    if (live) live.textContent = list.getAttribute('data-end-text') || '';
  });
})();
