// Ponte Link: web-tracking events and the institution list's live filter.
// Events are {eventName, payload}, posted to the embedding page (iframe) and to a React Native
// WebView when present. Nothing here is needed for the journey itself to work.
(function () {
  'use strict';

  var body = document.body;
  if (!body) return;
  var page = body.getAttribute('data-page') || '';
  var startedAt = Date.now();

  function send(eventName, payload) {
    var event = { eventName: eventName, payload: payload || {} };
    try {
      if (window.ReactNativeWebView && typeof window.ReactNativeWebView.postMessage === 'function') {
        window.ReactNativeWebView.postMessage(JSON.stringify(event));
      }
    } catch (e) { /* the host refused the message */ }
    try {
      if (window.parent && window.parent !== window) {
        window.parent.postMessage(event, '*');
      }
    } catch (e) { /* the host refused the message */ }
  }

  // data-{prefix}-institution-code="…" → {institutionCode: "…"}
  function payloadOf(element, prefix) {
    var payload = {};
    var data = element.dataset;
    for (var key in data) {
      if (Object.prototype.hasOwnProperty.call(data, key) && key.length > prefix.length &&
          key.indexOf(prefix) === 0 && /[A-Z]/.test(key.charAt(prefix.length))) {
        payload[key.charAt(prefix.length).toLowerCase() + key.slice(prefix.length + 1)] = data[key];
      }
    }
    return payload;
  }

  // app_loaded: once per link per tab.
  var loadedKey = 'ponte.link.loaded.' + (body.getAttribute('data-session') || '');
  var firstLoad = true;
  try {
    firstLoad = !window.sessionStorage.getItem(loadedKey);
    window.sessionStorage.setItem(loadedKey, '1');
  } catch (e) { /* storage unavailable (sandboxed frame): report every load */ }
  if (firstLoad) send('app_loaded', {});

  function pageShown() {
    startedAt = Date.now();
    send('page_view', { page: page });
    var onLoad = body.getAttribute('data-track-on-load');
    if (onLoad) send(onLoad, payloadOf(body, 'load'));
  }
  pageShown();

  window.addEventListener('pagehide', function () {
    send('page_duration', { page: page, duration: Date.now() - startedAt });
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) pageShown(); // restored from the back-forward cache
  });

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!target || typeof target.closest !== 'function') return;
    var element = target.closest('[data-track]');
    if (element && !element.disabled) {
      send(element.getAttribute('data-track'), payloadOf(element, 'track'));
      return;
    }
    // The institution list names its event once, on the list: each button's value is the
    // institution code and its .n child the name (keeps a 60-bank page small).
    var button = target.closest('[data-track-list] button');
    if (button && !button.disabled) {
      var name = button.querySelector('.n');
      send(button.closest('[data-track-list]').getAttribute('data-track-list'), {
        institutionCode: button.value,
        institutionName: name ? name.textContent : ''
      });
    }
  }, true);

  // Institution list: the GET search form works without JavaScript; with it, the list is
  // filtered while the person types and the result count is announced.
  var search = document.querySelector('input[data-filter]');
  if (search) {
    var list = document.getElementById(search.getAttribute('data-filter'));
    var status = document.getElementById(search.getAttribute('data-filter-status'));
    var form = search.form;
    var items = list ? Array.prototype.slice.call(list.querySelectorAll('li')) : [];
    var normalise = function (text) {
      return (text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
    };
    var names = items.map(function (item) {
      var name = item.querySelector('.n');
      return normalise(name ? name.textContent : item.textContent);
    });
    var announceTimer = null;
    var trackTimer = null;

    var announce = function (shown) {
      if (!status) return;
      var text = shown === 0 ? status.getAttribute('data-none')
        : shown === 1 ? status.getAttribute('data-one')
          : (status.getAttribute('data-many') || '').replace('{n}', String(shown));
      status.textContent = text || '';
    };

    var filter = function () {
      var query = normalise(search.value);
      var shown = 0;
      items.forEach(function (item, i) {
        var visible = !query || names[i].indexOf(query) !== -1;
        item.hidden = !visible;
        if (visible) shown += 1;
      });
      clearTimeout(announceTimer);
      announceTimer = setTimeout(function () {
        if (query) announce(shown); else if (status) status.textContent = '';
      }, 400);
      clearTimeout(trackTimer);
      trackTimer = setTimeout(function () {
        if (query) send('institution_list_search', { key: search.value });
      }, 800);
    };

    search.addEventListener('input', filter);
    if (form) {
      form.addEventListener('submit', function () {
        clearTimeout(trackTimer);
        send('institution_list_search', { key: search.value });
      });
    }
    if (search.value) filter();
  }
})();
