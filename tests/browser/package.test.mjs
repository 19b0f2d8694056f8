// The npm package `cargo xtask dist` writes: it holds the element's files, types and licences,
// installs into a project, and its types compile against real usage (tests/types/usage.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, DIST } from './harness.mjs';

const tgz = () => {
  const name = readdirSync(DIST).find((n) => /^seeds-viewer-.*\.tgz$/.test(n));
  assert.ok(name, 'dist/seeds-viewer-<version>.tgz is missing: run cargo xtask dist');
  return path.join(DIST, name);
};

test('the package holds the module, its worker, stylesheet, other languages\' words, wasm, types, README and licences', () => {
  const files = execFileSync('tar', ['-tzf', tgz()], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(files, [
    'package/CHANGELOG.md', 'package/LICENSE', 'package/LICENSE-APACHE', 'package/LICENSE-MIT',
    'package/README.md', 'package/package.json', 'package/pkg/seeds_viewer.js',
    'package/pkg/seeds_viewer_bg.wasm', 'package/pkg/seeds_viewer_markdown.js',
    'package/pkg/seeds_viewer_markdown_bg.wasm', 'package/pkg/seeds_viewer_stemmers.js',
    'package/pkg/seeds_viewer_stemmers_bg.wasm', 'package/seeds-viewer-strings.js', 'package/seeds-viewer-worker.js', 'package/seeds-viewer.css',
    'package/seeds-viewer.d.ts', 'package/seeds-viewer.js',
  ]);
  const cargoVersion = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "(.+)"/m)[1];
  assert.ok(tgz().endsWith(`seeds-viewer-${cargoVersion}.tgz`), 'the package has the crate\'s version');
});

test('it installs into a project, and its types compile against real usage', () => {
  const project = mkdtempSync(path.join(tmpdir(), 'npm-user-'));
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tgz()], { cwd: project, stdio: 'inherit' });
  const installed = path.join(project, 'node_modules/seeds-viewer');
  for (const file of ['seeds-viewer.js', 'pkg/seeds_viewer_bg.wasm', 'seeds-viewer.d.ts']) {
    assert.ok(existsSync(path.join(installed, file)), `${file} installed`);
  }
  cpSync(path.join(ROOT, 'tests/types/usage.ts'), path.join(project, 'usage.ts'));
  writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: false },
    files: ['usage.ts'],
  }));
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, stdio: 'inherit' });
});
