/* bundle.js: node web/bundle.js OUT PAGE POLSIM_JS POLSIM_WEB_JS EXAMPLE.pol...
 * (make wasm): the playground as one file. PAGE's placeholders
 * <!-- polsim.js -->, <!-- polsim-web.js --> and <!-- examples --> become
 * the scripts themselves and the examples as a JSON object (file name ->
 * text), so OUT opens from file:// or any static host and fetches nothing. */
'use strict';
const fs = require('fs');
const path = require('path');
const [out, page, polsimJs, webJs, ...examples] = process.argv.slice(2);

/* A script's text inside <script>: "</script" or "<!--" would end or bend it. */
function script(text, what) {
  if (/<\/script|<!--/i.test(text)) {
    console.error(`bundle.js: ${what} holds </script or <!--; cannot inline it`);
    process.exit(1);
  }
  return '<script>\n' + text + '\n</script>';
}

const ex = {};
for (const f of examples) ex[path.basename(f)] = fs.readFileSync(f, 'utf8');
/* JSON with < escaped: no text of an example can close the script */
const exJson = JSON.stringify(ex).replace(/</g, '\\u003c');
const parts = {
  'polsim.js': script(fs.readFileSync(polsimJs, 'utf8'), polsimJs),
  'polsim-web.js': script(fs.readFileSync(webJs, 'utf8'), webJs),
  examples: script('var POLSIM_EXAMPLES = ' + exJson + ';', 'the examples'),
};
let html = fs.readFileSync(page, 'utf8');
for (const [k, v] of Object.entries(parts)) {
  const mark = `<!-- ${k} -->`;
  if (html.split(mark).length !== 2) {
    console.error(`bundle.js: ${page} must hold ${mark} once`);
    process.exit(1);
  }
  html = html.replace(mark, () => v);
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out + '.tmp', html);
fs.renameSync(out + '.tmp', out);
