// The host site's own behaviour: `k` focuses its search (unless the reader is typing in a
// field), and its search filters the page list. A classic script, as sites have.
(function () {
  var search = document.getElementById('site-search');
  var pages = document.querySelectorAll('#site-pages li');
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (event.key !== 'k' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    search.focus();
  });
  search.addEventListener('input', function () {
    var q = search.value.toLowerCase();
    pages.forEach(function (li) { li.classList.toggle('hidden', li.textContent.toLowerCase().indexOf(q) < 0); });
  });
}());
