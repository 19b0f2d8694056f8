// @ts-check
// A minimal Docusaurus 3 site, docs only, served under /docs/v2/, with the seeds viewer on
// docs/library.mdx. The viewer's five files are in static/seeds-viewer/ and the seeds in
// static/seeds/; Docusaurus copies static/ unchanged to the site's root.

const baseUrl = '/docs/v2/';

/** @type {import('@docusaurus/types').Config} */
const config = {
  title: 'Field notes',
  tagline: 'A searchable library of seed documents',
  // Your site's address (no path); the path is baseUrl.
  url: 'http://127.0.0.1:3000',
  baseUrl,
  // In static/; without one the browser asks for /favicon.ico, outside the site.
  favicon: 'favicon.svg',
  onBrokenLinks: 'throw',
  i18n: { defaultLocale: 'en', locales: ['en'] },

  // The element, as a module, on every page: it only defines <seeds-viewer>, which React then
  // renders like any tag. It loads its worker, stylesheet and wasm relative to its own URL.
  scripts: [{ src: `${baseUrl}seeds-viewer/seeds-viewer.js`, type: 'module' }],

  presets: [
    [
      'classic',
      /** @type {import('@docusaurus/preset-classic').Options} */
      ({
        docs: { routeBasePath: '/', sidebarPath: './sidebars.js' },
        blog: false,
      }),
    ],
  ],

  themeConfig:
    /** @type {import('@docusaurus/preset-classic').ThemeConfig} */
    ({
      colorMode: { respectPrefersColorScheme: true },
      navbar: {
        title: 'Field notes',
        items: [
          { type: 'doc', docId: 'library', label: 'Library', position: 'left' },
          { type: 'doc', docId: 'about', label: 'Afterword', position: 'left' },
        ],
      },
    }),
};

export default config;
