// Shared steps of the host tests: install a site generator pinned (once, outside the repo, in
// ~/.cache/seeds-viewer/hosts/), copy an example site to a temporary folder with the viewer's
// built files and the seeds, and time what takes long.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../browser/harness.mjs';

// Copying the viewer's files and the seeds is the browser tests' own helper.
export { copyViewer, copySeeds } from '../browser/harness.mjs';

export const HOSTS = path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'seeds-viewer', 'hosts');
/** Keeps generators quiet and off the network: no update checks, no "MkDocs 2" banner. */
export const QUIET_ENV = { ...process.env, NO_UPDATE_NOTIFIER: '1', NO_MKDOCS_2_WARNING: '1', DISABLE_TELEMETRY: '1' };

/** Runs `fn` and prints how long it took under `label`; returns its result. */
export function timed(label, fn) {
  const start = performance.now();
  const result = fn();
  console.log(`# ${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** A marker file recording what was installed; the install is skipped while it matches. */
function installedAs(dir, what) {
  const marker = path.join(dir, '.seeds-viewer-installed');
  return {
    ok: () => existsSync(marker) && readFileSync(marker, 'utf8') === what,
    write: () => writeFileSync(marker, what),
  };
}

export const MKDOCS_PINS = ['mkdocs==1.6.1', 'mkdocs-material==9.8.1'];

/**
 * MkDocs and Material, pinned, in a venv under HOSTS/mkdocs (created on first use, reused while
 * the marker matches and the binary is there). Returns the `mkdocs` binary's path.
 */
export function installMkdocs() {
  const dir = path.join(HOSTS, 'mkdocs');
  const bin = path.join(dir, 'bin', 'mkdocs');
  const marker = installedAs(dir, MKDOCS_PINS.join('\n'));
  if (marker.ok() && existsSync(bin)) {
    console.log(`# mkdocs: already installed in ${dir}, skipped`);
    return bin;
  }
  timed('install mkdocs (venv + pip)', () => {
    mkdirSync(HOSTS, { recursive: true });
    if (!existsSync(path.join(dir, 'bin', 'pip'))) execFileSync('python3', ['-m', 'venv', dir], { stdio: 'inherit' });
    execFileSync(path.join(dir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...MKDOCS_PINS], { stdio: 'inherit' });
  });
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8', env: QUIET_ENV });
  assert.match(version, /version 1\.6\.1 /, `unexpected mkdocs: ${version}`);
  marker.write();
  return bin;
}

/**
 * Docusaurus with the exact dependencies of examples/hosts/docusaurus/package.json, installed
 * with npm in HOSTS/docusaurus (reused while the marker, the pinned list, matches). Returns the
 * `node_modules` folder to link into a site.
 */
export function installDocusaurus() {
  const dir = path.join(HOSTS, 'docusaurus');
  const example = JSON.parse(readFileSync(path.join(ROOT, 'examples/hosts/docusaurus/package.json'), 'utf8'));
  const pins = JSON.stringify(example.dependencies, null, 2);
  const modules = path.join(dir, 'node_modules');
  const marker = installedAs(dir, pins);
  if (marker.ok() && existsSync(path.join(modules, '.bin', 'docusaurus'))) {
    console.log(`# docusaurus: already installed in ${dir}, skipped`);
    return modules;
  }
  timed('install docusaurus (npm install)', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
      name: 'seeds-viewer-hosts-docusaurus', private: true, dependencies: example.dependencies,
    }, null, 2));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit', env: QUIET_ENV });
  });
  // (`docusaurus --version` wants a site; the package says it too.)
  for (const [name, version] of Object.entries(example.dependencies)) {
    const installed = JSON.parse(readFileSync(path.join(modules, name, 'package.json'), 'utf8')).version;
    assert.equal(installed, version, `${name} installed at ${installed}, pinned at ${version}`);
  }
  marker.write();
  return modules;
}

/** Copies examples/hosts/NAME to a new temporary folder; returns its path. */
export function copyExample(name) {
  const dir = mkdtempSync(path.join(tmpdir(), `host-${name}-`));
  cpSync(path.join(ROOT, 'examples/hosts', name), dir, {
    recursive: true,
    // What a previous manual run left in the example stays there.
    filter: (src) => !/[\\/](node_modules|build|site|site-material|\.docusaurus)$/.test(src),
  });
  return dir;
}

/** Removes a temporary copy made by `copyExample`, unless KEEP_HOST_SITES is set (to look at it). */
export function removeCopy(dir) {
  if (!dir) return;
  if (process.env.KEEP_HOST_SITES) console.log(`# kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/**
 * Writes `bare.html` into the built site `dir`: the viewer alone on an unstyled page, to compare
 * the viewer's computed styles inside the host with.
 */
export function writeBarePage(dir) {
  writeFileSync(path.join(dir, 'bare.html'), '<!doctype html>\n<html lang="en"><title>bare</title>\n'
    + '<script type="module" src="seeds-viewer/seeds-viewer.js"></script>\n'
    + '<seeds-viewer src="seeds/index.json"></seeds-viewer>\n</html>\n');
}

/** The root element's font size in px: what `rem` means on `page` (Material's is 20 px). */
export function rootFontPx(page) {
  return page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
}

/** The font size in px that the viewer inherits from where the host puts it. */
export function viewerFontPx(page) {
  return page.locator('seeds-viewer').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

/**
 * The viewer's own look from a `styleProbe`, less the font family it inherits from the host by
 * design. Its spacing is in em, so with the same inherited font size its margins and paddings
 * are the same in px as on a bare page, whatever the host's root font.
 */
export function viewerLook(probe) {
  const strip = (s) => s && { ...s, font: undefined };
  return { search: strip(probe.search), item: strip(probe.item) };
}
