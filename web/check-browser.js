/* check-browser.js: node web/check-browser.js PAGE POLSIM ROOT SHOTS — the
 * playground page (build/wasm/index.html) in headless Chromium, driven
 * through the DevTools protocol on a pipe (--remote-debugging-pipe: no
 * port, no WebSocket library). Opened from file:// with a scenario in its
 * fragment, for every example of ROOT/examples (those that read no file):
 *   - the text it prints is the command line's (POLSIM FILE) byte for byte,
 *     with the same status;
 *   - the report view holds the report's tables and SVG charts;
 * and then: a syntax error given as #src= shows the CLI's
 * `file:line:col: error:` line; the Share link (#z=, deflated) opened in a
 * fresh page gives back the scenario and its text, history off stays off,
 * and without CompressionStream the link is #src=; #example= loads an
 * example; no page asks for anything but file:, data:, blob: or about:;
 * the page fits 420 px without a horizontal scroll bar. Screenshots at
 * 1280 and 420 px (text and report views) go to SHOTS. Exit 0 when all hold. */
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const [pageArg, polsim, root, shots] = process.argv.slice(2);
const page = 'file://' + path.resolve(pageArg);
const t0 = Date.now();
let browser = null, profile = null;

function fail(what) {
  console.error('web check: ' + what);
  finish(1);
}
function finish(code) {
  if (browser) {
    const pid = browser.pid;
    browser.removeAllListeners('exit');
    try { process.kill(-pid, 'SIGKILL'); } catch (e) { /* already gone */ }
  }
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  process.exit(code);
}
process.on('unhandledRejection', (e) => fail(e && e.stack ? e.stack : String(e)));

/* --- the browser and its protocol ------------------------------------------ */
const chromium = ['chromium', 'chromium-browser'].map((b) => spawnSync('sh', ['-c', 'command -v ' + b]).stdout.toString().trim())
  .find((p) => p);
if (!chromium) fail('chromium is not installed (make web-check installs it: scripts/setup.sh wasm)');
profile = fs.mkdtempSync(path.join(os.tmpdir(), 'polsim-web-check-'));
browser = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions',
  '--mute-audio', '--hide-scrollbars', '--user-data-dir=' + profile, '--remote-debugging-pipe', 'about:blank'],
{ stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true }); /* its own group: finish ends it and its children */
let stderr = '';
browser.stderr.on('data', (d) => { stderr = (stderr + d).slice(-2000); });
browser.on('exit', (code) => { browser = null; fail('chromium ended (' + code + '): ' + stderr.trim().split('\n').slice(-3).join(' | ')); });
const toBrowser = browser.stdio[3], fromBrowser = browser.stdio[4];
let nextId = 1, pending = new Map(), listeners = [], inbox = '';
fromBrowser.on('data', (d) => {
  inbox += d.toString('utf8');
  let nul;
  while ((nul = inbox.indexOf('\0')) >= 0) {
    const msg = JSON.parse(inbox.slice(0, nul));
    inbox = inbox.slice(nul + 1);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(method + ': ' + msg.error.message));
      else resolve(msg.result);
    } else if (msg.method) listeners.forEach((l) => l(msg));
  }
});
/* A command; its answer within 60 s. */
function send(method, params, sessionId) {
  const id = nextId++;
  if (process.env.WEB_CHECK_DEBUG) console.error(`-> ${method} ${JSON.stringify(params || {}).slice(0, 200)}`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${method}: no answer in 60 s ${JSON.stringify(params || {}).slice(0, 200)}`)), 60000);
    pending.set(id, { resolve: (v) => { clearTimeout(timer); resolve(v); }, reject: (e) => { clearTimeout(timer); reject(e); }, method });
    toBrowser.write(JSON.stringify({ id, method, params: params || {}, sessionId }) + '\0');
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const asked = []; /* every URL a page requested */
listeners.push((m) => { if (m.method === 'Network.requestWillBeSent') asked.push(m.params.request.url); });

/* A tab: open(url) loads a page and waits until the playground has started
 * and run what its fragment carries; js(expr) evaluates in it. */
async function tab() {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  await send('Network.enable', {}, sessionId);
  await send('Page.enable', {}, sessionId);
  const t = {
    async js(expression) {
      const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId);
      if (r.exceptionDetails) throw new Error('in the page: ' + (r.exceptionDetails.exception || {}).description);
      return r.result.value;
    },
    async open(url, runs) {
      await send('Page.navigate', { url: 'about:blank' }, sessionId);
      await send('Page.navigate', { url }, sessionId);
      for (let waited = 0; ; waited += 50) {
        const s = await t.js(`(function(){ var b = document.body; return location.href === ${JSON.stringify(url)} && b ?
          [b.dataset.ready || '', b.dataset.runs || '0'] : ['', '0']; })()`);
        if (s[0] === 'failed') throw new Error('the page did not start: ' + url.slice(0, 120));
        if (s[0] === '1' && Number(s[1]) >= runs) return;
        if (waited > 60000) throw new Error('the page did not get ready in 60 s: ' + url.slice(0, 120));
        await sleep(50);
      }
    },
    /* the output as shown, the errors pane, the status, the last result's page */
    state() {
      return t.js(`({ text: document.getElementById('out').textContent, errors: document.getElementById('errors').textContent,
        status: Number(document.body.dataset.status), html: (window.playground.last() || {}).html || '',
        src: document.getElementById('src').value })`);
    },
    close() { return send('Target.closeTarget', { targetId }); },
    async shot(file, width, height, reportView) {
      await send('Page.bringToFront', {}, sessionId); /* a tab behind another draws no frames */
      await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: width < 700 }, sessionId);
      await t.js(`new Promise(function (done) {
        var b = document.querySelector('#tabs [data-view="${reportView ? 'html' : 'text'}"]'), f = document.getElementById('page');
        /* the report drawn: its load, two frames, and time for its own process to paint */
        if (${reportView}) f.addEventListener('load', function () {
          requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(done, 1500); }); });
        }, { once: true });
        b.click();
        if (!${reportView}) setTimeout(done, 50);
      })`);
      const fits = await t.js('document.documentElement.scrollWidth <= document.documentElement.clientWidth');
      if (!fits) throw new Error(`the page is wider than ${width} px`);
      const { data } = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
      fs.writeFileSync(path.join(shots, file), Buffer.from(data, 'base64'));
    },
  };
  return t;
}

/* --- what the command line prints ------------------------------------------ */
function cli(args, cwd) {
  const r = spawnSync(polsim, args, { cwd, maxBuffer: 1 << 28 });
  if (r.error) fail(polsim + ': ' + r.error.message);
  return { out: r.stdout, err: r.stderr.toString('utf8'), status: r.status };
}
const zFragment = (text) => '#z=' + zlib.deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url');
/* The first line where a and b differ, for the message. */
function firstDiff(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if (x[i] !== y[i]) return `line ${i + 1}: page ${JSON.stringify(x[i])}, CLI ${JSON.stringify(y[i])}`;
  return 'no line differs';
}

(async () => {
  fs.mkdirSync(shots, { recursive: true });
  const examples = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.pol')).sort();
  const skipped = [];
  const t = await tab();
  let compared = 0, charts = 0, showcase = null, firstChart = Infinity;
  for (const f of examples) {
    const source = fs.readFileSync(path.join(root, 'examples', f), 'utf8');
    /* the page has no files: an example that imports or plots to a file is the CLI's alone */
    if (/^\s*import\b|\bto\s+"[^"]*"\s*$/m.test(source)) { skipped.push(f); continue; }
    const want = cli(['examples/' + f], root);
    await t.open(page + zFragment(source) + '&file=' + encodeURIComponent('examples/' + f), 1);
    const got = await t.state();
    if (got.src !== source) fail(`${f}: the editor does not hold the example given in #z=`);
    if (!Buffer.from(got.text, 'utf8').equals(want.out))
      fail(`${f}: the page's text is not the CLI's (${Buffer.byteLength(got.text)} bytes, CLI ${want.out.length}): ` +
        firstDiff(got.text, want.out.toString('utf8')));
    if (got.status !== want.status) fail(`${f}: status ${got.status} in the page, ${want.status} from the CLI`);
    if (!/<table/.test(got.html) && !/<figure/.test(got.html)) fail(`${f}: the report holds no table or chart`);
    const noChart = /<figure><p class="fail">([^<]*)/.exec(got.html);
    if (noChart) fail(`${f}: a chart in the report failed: ${noChart[1]}`);
    charts += (got.html.match(/<svg /g) || []).length;
    /* the screenshots show the example whose report has a chart nearest its top */
    const at = got.html.indexOf('<svg ');
    if (at >= 0 && at < firstChart) firstChart = at, showcase = f;
    compared++;
  }
  if (charts === 0) fail('no example drew a chart in the report');

  /* a syntax error, given percent-encoded: the CLI's first line of it, with the page's name */
  const bad = 'print 1\nlet x = (2 +\nprint 3\n';
  const badFile = path.join(profile, 'bad.pol');
  fs.writeFileSync(badFile, bad);
  const badCli = cli([badFile], profile);
  /* its place, message, line and caret as the CLI prints them, the file's name aside */
  const wantErr = badCli.err.split('\n').slice(0, 3).join('\n').replace(badFile, '<playground>');
  if (!/^<playground>:2:9: error: .*\n {4}2 \| let x = \(2 \+\n {6}\| {9}\^$/.test(wantErr)) fail('the CLI\'s syntax error: ' + badCli.err);
  await t.open(page + '#src=' + encodeURIComponent(bad), 1);
  let got = await t.state();
  if (got.errors !== wantErr) fail(`a syntax error shows ${JSON.stringify(got.errors)}, not ${JSON.stringify(wantErr)}`);
  if (got.status !== 65 || got.text !== badCli.out.toString()) fail(`a syntax error: status ${got.status}, text ${JSON.stringify(got.text)}`);

  /* the share link: made by the page, opened in a fresh page */
  const longest = examples.map((f) => fs.readFileSync(path.join(root, 'examples', f), 'utf8')).sort((a, b) => b.length - a.length)[0];
  const shared = 'print "Zürich → 東京 #&?=% <b>"\n' + longest;
  await t.open(page, 0);
  await t.js(`document.getElementById('src').value = ${JSON.stringify(shared)}; document.getElementById('history').checked = true`);
  const link = await t.js('window.playground.share()');
  if (!link.startsWith(page + '#z=')) fail('the share link is not ' + page + '#z=...: ' + link.slice(0, 100));
  const plainLength = (page + '#src=' + encodeURIComponent(shared)).length;
  if (link.length * 2 > plainLength) fail(`the share link is not compressed: ${link.length} characters for ${plainLength}`);
  if ((await t.js('document.getElementById("link").value')) !== link) fail('the page does not show its share link');
  await t.js('window.playground.run()');
  const before = await t.state();
  const t2 = await tab();
  await t2.open(link, 1);
  got = await t2.state();
  if (got.src !== shared) fail('the share link gives back other text: ' + firstDiff(got.src, shared));
  if (got.text !== before.text || got.status !== before.status) fail('the share link runs to other text: ' + firstDiff(got.text, before.text));
  /* and a link with history off keeps it off */
  await t2.js(`document.getElementById('src').value = 'print H20.tpp'; document.getElementById('history').checked = false`);
  const off = await t2.js('window.playground.share()');
  if (!/&history=0$/.test(off)) fail('a link with history off does not say so: ' + off);
  /* a browser without CompressionStream makes a #src= link */
  const plain = await t2.js(`(function () {
    var c = window.CompressionStream;
    window.CompressionStream = undefined;
    return window.playground.fragmentOf('print 1 + 1 # é').then(function (f) { window.CompressionStream = c; return f; });
  })()`);
  if (plain !== '#src=' + encodeURIComponent('print 1 + 1 # é') + '&history=0') fail('without CompressionStream: ' + plain);
  await t2.close();

  /* an example by name; then the screenshots */
  await t.open(page + '#example=' + showcase, 1);
  got = await t.state();
  const again = cli(['examples/' + showcase], root);
  if (!Buffer.from(got.text, 'utf8').equals(again.out)) fail(`#example=${showcase}: ` + firstDiff(got.text, again.out.toString()));
  for (const [w, h] of [[1280, 800], [420, 900]]) {
    await t.shot(`playground-${w}.png`, w, h, false);
    await t.shot(`playground-report-${w}.png`, w, h, true);
  }

  const foreign = asked.filter((u) => !/^(file|data|blob|about):/.test(u));
  if (foreign.length) fail('the page asked for ' + foreign.slice(0, 3).join(', '));
  const version = spawnSync(chromium, ['--version']).stdout.toString().trim();
  console.log(`web check: ${compared} examples print the CLI's text in the page` +
    (skipped.length ? ` (${skipped.length} read files, left to the CLI: ${skipped.join(', ')})` : '') +
    `, ${charts} SVG charts in their reports; a located syntax error, the share link (${link.length - page.length} ` +
    `characters for ${shared.length}), #example=, no request off file://; screenshots in ${shots}; ` +
    `${version}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  finish(0);
})().catch((e) => fail(e && e.stack ? e.stack : String(e)));
