// Loaded first by the cross-engine test pages (engines.test.mjs): records what must never
// happen, in a form every engine's driver can read back (`window.__problems`,
// `window.__violations`), since WebDriver cannot listen to the page itself.
window.__problems = [];
window.__violations = [];
window.addEventListener('error', (e) => {
  if (e instanceof ErrorEvent) window.__problems.push(`error: ${e.message}`);
});
window.addEventListener('unhandledrejection', (e) => window.__problems.push(`unhandled rejection: ${e.reason}`));
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push({ blockedURI: e.blockedURI, violatedDirective: e.violatedDirective, sourceFile: e.sourceFile });
});
for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
  window[name] = (...args) => { window.__problems.push(`${name}(${args.join(', ')})`); return null; };
}
const consoleError = console.error.bind(console);
console.error = (...args) => {
  window.__problems.push(`console.error: ${args.join(' ')}`);
  consoleError(...args);
};
// A hostile seed's script that ran would set this (tests/hostile/README.md).
Object.defineProperty(window, '__pwned', {
  configurable: false,
  get: () => undefined,
  set: (value) => window.__problems.push(`__pwned = ${value}`),
});
