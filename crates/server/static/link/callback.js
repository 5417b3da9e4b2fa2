// Ponte Link: the bank sends the authorisation response in the URL fragment, which never
// reaches the server. Copy it into the page's form and post it; then remove it from the
// address bar and history.
(function () {
  'use strict';

  var form = document.getElementById('cb-form');
  if (!form) return;
  var fragment = window.location.hash ? window.location.hash.slice(1) : '';
  var params = new URLSearchParams(fragment);
  var names = ['code', 'id_token', 'state', 'error', 'error_description', 'iss'];
  var found = false;

  names.forEach(function (name) {
    var value = params.get(name);
    var input = form.elements.namedItem(name);
    if (value !== null && input) {
      input.value = value;
      if (name === 'code' || name === 'id_token' || name === 'error') found = true;
    }
  });

  try {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  } catch (e) { /* keep going: the fragment stays visible but is still posted once */ }

  if (found) {
    form.submit();
    return;
  }

  var pending = document.getElementById('cb-pending');
  var empty = document.getElementById('cb-empty');
  if (pending) pending.hidden = true;
  if (empty) {
    empty.hidden = false;
    var heading = document.getElementById('cb-empty-h');
    if (heading) heading.focus();
  }
})();
