// The three browser engines behind one small page API, so that one scenario runs in each:
// Debian's Chromium and Firefox ESR through puppeteer-core (CDP and WebDriver BiDi), and
// WebKitGTK's MiniBrowser through its WebDriver (selenium-webdriver), on an Xvfb display this
// module starts. Nothing is downloaded: every browser and driver comes from Debian's packages.
//
// A page is driven the way a reader drives it: real pointer clicks at an element's centre and
// real key presses. Elements are named by a path of CSS selectors where `>>>` enters a shadow
// root (`seeds-viewer >>> [part~=search]`); in-page code runs through `run(fn, ...args)`, with
// `$(path)` and `$$(path)` defined for it, and returns JSON values (a promise is awaited).

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { Builder, Key } from 'selenium-webdriver';
import { SHOTS } from './harness.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** In-page helpers every `run` function may call: the element at a path, and all of them. */
const HELPERS = `
const $$ = (path) => {
  let scopes = [document];
  let found = [];
  for (const step of path.split('>>>').map((s) => s.trim())) {
    found = scopes.flatMap((s) => [...s.querySelectorAll(step)]);
    scopes = found.map((e) => e.shadowRoot).filter(Boolean);
  }
  return found;
};
const $ = (path) => $$(path)[0] ?? null;`;

/** The source that runs `fn(...args)` in the page and returns its (awaited) result. */
function script(fn, args) {
  return `(async () => { ${HELPERS}\nreturn await (${fn})(...${JSON.stringify(args)}); })()`;
}

/**
 * Starts `engine` ('chromium', 'firefox' or 'webkit'). `forcedColors` starts it with the
 * reader's colours forced (where the engine can: Firefox by its preference; Chromium's pages
 * emulate it per page; WebKitGTK has no such mode).
 */
export async function launchEngine(engine, { forcedColors = false } = {}) {
  if (engine === 'chromium' || engine === 'firefox') {
    const browser = await puppeteer.launch(engine === 'chromium'
      ? { browser: 'chrome', executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }
      : {
        browser: 'firefox', executablePath: FIREFOX, headless: true,
        extraPrefsFirefox: forcedColors ? { 'browser.display.document_color_use': 2 } : {},
      });
    return {
      engine,
      version: await browser.version(),
      async newPage({ width = 1280, height = 800 } = {}) {
        const page = await browser.newPage();
        await page.setViewport({ width, height });
        if (forcedColors && engine === 'chromium') {
          const cdp = await page.createCDPSession();
          await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
        }
        return puppeteerPage(engine, page);
      },
      close: () => browser.close(),
    };
  }
  if (engine === 'webkit') return launchWebKit();
  throw new Error(`unknown engine ${engine}`);
}

function puppeteerPage(engine, page) {
  return {
    engine,
    goto: (url) => page.goto(url, { waitUntil: 'load' }),
    run: (fn, ...args) => page.evaluate(script(fn, args)),
    source: (code) => page.evaluate(code),
    clickAt: (x, y) => page.mouse.click(x, y),
    type: (text) => page.keyboard.type(text),
    press: (key) => page.keyboard.press(key),
    // Not awaited: a Back within the document (a hash entry) is no navigation that Firefox's
    // BiDi reports as done, so the caller waits for what it expects instead.
    back: async () => { page.goBack().catch(() => {}); },
    resize: (width, height) => page.setViewport({ width, height }),
    png: () => page.screenshot(),
    close: () => page.close(),
    ...common(),
  };
}

/** A free loopback port (closed again at once, for a driver to listen on). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** An Xvfb display for WebKitGTK (which has no headless mode): its `DISPLAY` and a stop. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe'], detached: true });
    let out = '';
    child.on('error', reject);
    child.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, stop: () => process.kill(-child.pid, 'SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
  });
}

const WEBDRIVER_KEYS = {
  Enter: Key.ENTER, Escape: Key.ESCAPE, Tab: Key.TAB, Backspace: Key.BACK_SPACE,
  ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, Home: Key.HOME, End: Key.END,
};

async function launchWebKit() {
  const xvfb = process.env.DISPLAY ? null : await startXvfb();
  const env = { ...process.env, ...(xvfb ? { DISPLAY: xvfb.display } : {}) };
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1', '--replace-on-new-session'], { env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const stopDriver = () => {
    try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* gone */ }
    xvfb?.stop();
  };
  const sessions = new Set();
  /** A WebDriver session; a few tries while the driver starts listening. */
  async function session() {
    for (let tries = 0; ; tries++) {
      try {
        return await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        }).build();
      } catch (error) {
        if (tries > 20) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
  const probe = await session();
  const version = await probe.executeScript('return navigator.userAgent');
  await probe.quit();
  return {
    engine: 'webkit',
    version: `WebKitGTK (${version.match(/AppleWebKit\/[\d.]+/)?.[0]})`,
    async newPage({ width = 1280, height = 800 } = {}) {
      const d = await session();
      sessions.add(d);
      /** The size of the frame that stands in for a screen narrower than the window can be. */
      let framed = null;
      const page = {
        engine: 'webkit',
        async goto(url) {
          if (!framed) return d.get(url);
          await d.switchTo().defaultContent();
          await d.get('about:blank');
          await d.executeScript(`document.body.style.margin = '0';
            const frame = document.createElement('iframe');
            frame.style.cssText = 'border: 0; display: block; width: ${framed.width}px; height: ${framed.height}px';
            frame.src = arguments[0];
            document.body.append(frame);
            return new Promise((resolve) => { frame.onload = () => resolve(true); });`, url);
          await d.switchTo().frame(0);
        },
        run: (fn, ...args) => d.executeScript(`return ${script(fn, args)}`),
        source: (code) => d.executeScript(code),
        clickAt: (x, y) => d.actions().move({ x: Math.round(x), y: Math.round(y), origin: 'viewport' }).click().perform(),
        type: (text) => d.actions().sendKeys(text).perform(),
        press: (key) => d.actions().sendKeys(WEBDRIVER_KEYS[key] ?? key).perform(),
        // Not awaited: WebKitWebDriver answers a Back within a frame's document only when the
        // session ends; the caller waits for what it expects instead.
        back: async () => { d.navigate().back().catch(() => {}); },
        /**
         * The window's size includes its frame: set it, then correct by what the page sees.
         * MiniBrowser's window cannot be narrower than about 450 px: a narrower screen is an
         * iframe of that size at the window's top left (its own viewport, for media and
         * container queries alike), which `goto` loads and `run` and the keys then act in.
         */
        async resize(w, h) {
          await d.switchTo().defaultContent();
          const inner = () => d.executeScript('return [innerWidth, innerHeight]');
          const [fw, fh] = await d.executeScript('return [outerWidth - innerWidth, outerHeight - innerHeight]');
          await d.manage().window().setRect({ width: w + fw, height: h + fh });
          // The window manager resizes in its own time: wait until the size holds still.
          let [last, now] = [null, await inner()];
          for (let i = 0; i < 20 && String(last) !== String(now); i++) {
            await new Promise((r) => setTimeout(r, 100));
            [last, now] = [now, await inner()];
          }
          framed = now[0] === w ? null : { width: w, height: h };
          if (framed) console.log(`# webkit: the window is at least ${now[0]} px wide; a ${w} px screen is an iframe of that width`);
        },
        async png() {
          // WebKitGTK shoots its last painted frame: let two frames paint what the DOM holds.
          await d.executeScript('return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))');
          if (!framed) return Buffer.from(await d.takeScreenshot(), 'base64');
          await d.switchTo().defaultContent();
          const shot = await d.findElement({ css: 'iframe' }).takeScreenshot();
          await d.switchTo().frame(0);
          return Buffer.from(shot, 'base64');
        },
        async close() {
          sessions.delete(d);
          await d.quit();
        },
        ...common(),
      };
      await page.resize(width, height);
      return page;
    },
    async close() {
      for (const d of sessions) await d.quit().catch(() => {});
      stopDriver();
    },
  };
}

/** What every page does the same way in every engine, on top of its primitives. */
function common() {
  return {
    /** Polls `fn(...args)` in the page until it returns a truthy value, which it resolves to. */
    async until(fn, args = [], { timeout = 15_000, what = String(fn) } = {}) {
      const end = Date.now() + timeout;
      let last;
      for (;;) {
        last = await this.run(fn, ...args);
        if (last) return last;
        if (Date.now() > end) throw new Error(`${this.engine}: timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** The element at `path`, scrolled into view: its box in viewport pixels, or null. */
    box(path) {
      return this.run((p) => {
        const e = $(p);
        if (!e) return null;
        e.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const b = e.getBoundingClientRect();
        return { x: b.x, y: b.y, width: b.width, height: b.height };
      }, path);
    },
    /** A real click at the centre of the element at `path`. */
    async click(path) {
      const b = await this.box(path);
      if (!b || !b.width || !b.height) throw new Error(`${this.engine}: nothing to click at ${path} (${JSON.stringify(b)})`);
      await this.clickAt(b.x + b.width / 2, b.y + b.height / 2);
    },
    /** Clicks the field at `path`, selects what it holds and types `text` over it. */
    async fill(path, text) {
      await this.click(path);
      await this.run((p) => $(p).select(), path);
      if (text) await this.type(text);
      else await this.press('Backspace');
    },
    async screenshot(name) {
      mkdirSync(SHOTS, { recursive: true });
      const file = path.join(SHOTS, `${name}.png`);
      writeFileSync(file, await this.png());
      return file;
    },
  };
}
