// The element and its engine speak the protocol written down in www/seeds-viewer-protocol.js:
// tsc --checkJs reads both files against its JSDoc types (a message of the wrong shape, or a
// reply field that does not exist, fails here), and the diagnostic codes are the same list in
// Rust, the README and the npm types.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

test('the element and the engine type-check against the message protocol', () => {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tests/browser/tsconfig.protocol.json')], { stdio: 'inherit' });
});

test('every diagnostic code Rust has is listed in the README and the npm types', () => {
  const rust = readFileSync(path.join(ROOT, 'src/diagnostic.rs'), 'utf8');
  const list = rust.slice(rust.indexOf('pub const CODES'), rust.indexOf('];', rust.indexOf('pub const CODES')));
  const codes = [...list.matchAll(/"([a-z0-9-]+)"/g)].map((m) => m[1]);
  assert.ok(codes.length >= 20, `found the Rust list: ${codes}`);
  const types = readFileSync(path.join(ROOT, 'npm/seeds-viewer.d.ts'), 'utf8');
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const union = types.slice(types.indexOf('export type SeedsViewerDiagnosticCode'), types.indexOf(';', types.indexOf('export type SeedsViewerDiagnosticCode')));
  const typed = [...union.matchAll(/'([a-z0-9-]+)'/g)].map((m) => m[1]);
  for (const code of codes) {
    assert.ok(typed.includes(code), `${code} is in the .d.ts`);
    assert.ok(readme.includes(`\`${code}\``), `${code} is in the README`);
  }
  // The engine client's own codes (made in JS, where no instance is left to ask).
  const client = readFileSync(path.join(ROOT, 'www/seeds-viewer-worker.js'), 'utf8');
  for (const code of typed.filter((c) => !codes.includes(c))) {
    assert.ok(client.includes(`code: '${code}'`), `${code} is made by the engine client`);
    assert.ok(readme.includes(`\`${code}\``), `${code} is in the README`);
  }
});
