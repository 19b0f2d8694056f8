// @ts-check
/** @type {import('@docusaurus/plugin-content-docs').SidebarsConfig} */
const sidebars = {
  notes: ['intro', 'library', 'about'],
};

export default sidebars;
