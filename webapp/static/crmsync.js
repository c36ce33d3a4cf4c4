// crm-sync settings page: the copy button, showing only the inputs (and notes) that apply, and
// times in the browser's time zone.
// Everything works without this script too (the server validates every input).
(function () {
  'use strict';

  function copy(button) {
    var input = document.getElementById(button.getAttribute('data-copy'));
    var status = button.parentNode.querySelector('.copy-status');
    function done() {
      if (status) { status.textContent = button.getAttribute('data-copied'); }
    }
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        if (document.execCommand('copy')) { done(); }
      });
    } else if (document.execCommand('copy')) {
      done();
    }
  }

  function syncVisibility() {
    var access = document.getElementById('remoteAccess');
    var block = document.getElementById('remoteUrl-block');
    if (access && block) { block.hidden = !access.checked; }
    var test = document.getElementById('connection-test-block');
    if (access && test) { test.hidden = !access.checked; }
    var mode = document.querySelector('input[name=mode]:checked');
    document.querySelectorAll('[data-mode]').forEach(function (n) {
      n.hidden = !mode || n.getAttribute('data-mode') !== mode.value;
    });
    var transport = document.getElementById('transport');
    if (transport) {
      document.querySelectorAll('fieldset[data-transport]').forEach(function (f) {
        f.hidden = f.getAttribute('data-transport') !== transport.value;
      });
    }
  }

  // Times come with their instant (datetime, UTC) and are shown again in the browser's own time
  // zone: the administrator's, which the server cannot know. The log's filter form gets the zone
  // too, so its dates are days there.
  function localTimes() {
    var format;
    try {
      format = new Intl.DateTimeFormat(document.documentElement.lang || undefined,
        { dateStyle: 'medium', timeStyle: 'medium' });
    } catch (e) {
      return;
    }
    var zone = format.resolvedOptions().timeZone;
    document.querySelectorAll('time[data-local]').forEach(function (t) {
      var at = new Date(t.getAttribute('datetime'));
      if (!isNaN(at.getTime())) {
        t.textContent = format.format(at);
        t.title = zone;
        t.setAttribute('data-zone', zone);
      }
    });
    document.querySelectorAll('input[type=hidden][name=tz]').forEach(function (i) {
      if (!i.value && zone) { i.value = zone; }
    });
  }

  // The connection test: the address and password typed so far, posted with the form's CSRF token.
  function testConnection(button) {
    var form = button.form;
    var result = document.getElementById('connection-result');
    var body = new URLSearchParams();
    ['_csrf', 'remoteUrl', 'password'].forEach(function (n) {
      if (form.elements[n]) { body.append(n, form.elements[n].value); }
    });
    function show(lines, detail, done) {
      result.textContent = '';
      lines.forEach(function (l) {
        var li = document.createElement('li');
        li.className = l.ok ? 'ok' : 'bad';
        li.textContent = l.text;
        result.appendChild(li);
      });
      if (detail) {
        var d = document.createElement('li');
        d.className = 'detail';
        d.textContent = detail;
        result.appendChild(d);
      }
      if (done) { result.setAttribute('data-done', 'true'); }
    }
    result.removeAttribute('data-done');
    show([], button.getAttribute('data-checking'), false);
    button.disabled = true;
    // From the origin, not the page's address: a page opened as http://user:pw@host/ would make
    // a relative URL carry the credentials, which fetch refuses (the browser sends its login anyway).
    var url = window.location.origin + button.getAttribute('data-url');
    fetch(url, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (j) { show(j.lines, j.detail, true); }, function (e) { show([{ ok: false, text: String(e) }], '', true); })
      .then(function () { button.disabled = false; });
  }

  document.addEventListener('DOMContentLoaded', function () {
    localTimes();
    var test = document.getElementById('test-connection');
    if (test) { test.addEventListener('click', function () { testConnection(test); }); }
    document.querySelectorAll('button[data-copy]').forEach(function (b) {
      b.addEventListener('click', function () { copy(b); });
    });
    ['remoteAccess', 'transport'].forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { el.addEventListener('change', syncVisibility); }
    });
    document.querySelectorAll('input[name=mode]').forEach(function (r) {
      r.addEventListener('change', syncVisibility);
    });
    syncVisibility();
    document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
      s.addEventListener('change', function () { if (s.value) { s.form.submit(); } });
    });
    document.querySelectorAll('button[data-confirm]').forEach(function (b) {
      b.form.addEventListener('submit', function (e) {
        if (!window.confirm(b.getAttribute('data-confirm'))) { e.preventDefault(); }
      });
    });
  });
}());
