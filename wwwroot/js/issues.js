// 地域課題: similar issues while writing (enhancement; without JS the "確かめる" button shows the same list).
(function () {
  'use strict';
  var section = document.getElementById('similar');
  var form = document.getElementById('issue-form');
  if (!section || !form || !window.fetch) { return; }
  var list = document.getElementById('similar-list');
  var timer = null;
  function refresh() {
    var area = form.elements.AreaId.value;
    if (!area) { return; }
    var params = new URLSearchParams({ areaId: area, categoryId: form.elements.CategoryId.value, text: form.elements.Summary.value });
    fetch(section.dataset.url + '?' + params.toString(), { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var doc = new DOMParser().parseFromString(html, 'text/html');
        list.replaceChildren.apply(list, Array.prototype.slice.call(doc.body.childNodes));
      })
      .catch(function () { /* suggestions are optional */ });
  }
  function later() { clearTimeout(timer); timer = setTimeout(refresh, 600); }
  form.elements.Summary.addEventListener('input', later);
  form.elements.CategoryId.addEventListener('change', refresh);
  form.elements.AreaId.addEventListener('change', refresh);
})();
