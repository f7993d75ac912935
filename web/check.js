/* check.js: node web/check.js build/wasm/polsim.js — the WebAssembly build
 * under Node: a value with its unit, an error with its place, a sweep's
 * points, a CSV table, an HTML page. Exit 0 when all hold. */
'use strict';
const path = require('path');
const createPolsim = require(path.resolve(process.argv[2]));
const polsimWeb = require('./polsim-web.js');
function check(cond, what) { if (!cond) { console.error('web check: ' + what); process.exit(1); } }
createPolsim().then((M) => {
  const p = polsimWeb(M);
  let r = p.run('print H20.tpp, H20.bandwidth');
  check(r.status === 0 && r.text === '2368 4 TB/s\n', 'print: ' + JSON.stringify(r));
  const v = r.records[0].values[1];
  check(v.value === 4e12 && v.unit === 'B/s' && v.text === '4 TB/s', 'a value in base units: ' + JSON.stringify(v));
  r = p.run('print 1\nprint 1 W + 2 s\n');
  check(r.status === 65 && r.errors.length === 1, 'an error: ' + JSON.stringify(r));
  const e = r.errors[0];
  check(e.file === '<playground>' && e.line === 2 && e.column === 7 && /cannot add power/.test(e.message), 'its place: ' + JSON.stringify(e));
  r = p.run('explain H20 in CN', { history: false });
  check(r.records[0].available === true, 'without history the H20 is sold in CN: ' + JSON.stringify(r.records[0]));
  r = p.run('sweep b from 1 TB/s to 4 TB/s step 1 TB/s {\n  cap bandwidth b on exports to CN\n} on CN.compute\n', { html: true });
  check(r.records.length === 4 && r.records[3].type === 'sweep', 'a sweep: ' + r.records.length);
  check(r.csv.split('\n')[0] === 'scenario,statement,subject,metric,period,value,unit,text,message', 'CSV header');
  /* charts drawn without cairo (src/report/chart_svg.c): SVG with the sweep's four points */
  const svg = /<svg [^]*?<\/svg>/.exec(r.html);
  check(/<html/.test(r.html) && /<table/.test(r.html) && svg && (svg[0].match(/<circle /g) || []).length === 4 &&
        !/<figure><p class="fail"/.test(r.html), 'an HTML page with its table and its chart: ' + r.html.slice(0, 2000));
  r = p.run('sweep n from 1 to 1000000 step 1 on n * 2', { maxSteps: 10000 });
  check(r.status === 65 && /step limit/.test(r.errors[0].message), 'a step budget');
  console.log('web check: values, errors, history, a sweep, CSV, HTML with an SVG chart and the step budget under Node ' + process.version);
});
