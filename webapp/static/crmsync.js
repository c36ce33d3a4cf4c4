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

  document.addEventListener('DOMContentLoaded', function () {
    localTimes();
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
