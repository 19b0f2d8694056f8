// Keeps each <seeds-viewer> in the site's colour scheme. On its own the viewer follows the
// reader's system preference; this also follows the site's light/dark toggle, by setting the
// viewer's `theme` attribute from the `color-scheme` the site's dark mode declares (MkDocs'
// default theme, Material and Docusaurus all set `color-scheme: dark` there).
function sync() {
  for (const viewer of document.querySelectorAll('seeds-viewer')) {
    const scheme = getComputedStyle(viewer.parentElement ?? document.documentElement).colorScheme;
    const theme = /\bdark\b/.test(scheme) && !/\blight\b/.test(scheme) ? 'dark' : 'light';
    if (viewer.getAttribute('theme') !== theme) viewer.setAttribute('theme', theme);
  }
}
// Toggles change an attribute on <html> or <body>; frameworks add viewers as pages change.
new MutationObserver(sync).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
sync();
