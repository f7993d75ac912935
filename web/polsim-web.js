/* polsim-web.js: the browser playground's bridge to libpolsim compiled
 * with emscripten (build/wasm/polsim.js, `make wasm`). polsimWeb(M), M the
 * module createPolsim() resolves to, returns { run(source, {history, file,
 * maxSteps, html}) } (file: the name the text goes by in messages, default
 * <playground>): a
 * fresh session per run, its result copied into plain objects (status,
 * text, json, csv, html, records as parsed JSON lines, errors with file,
 * line, column and message). Used by playground.html and by web/check.js
 * under Node. */
(function (root) {
  'use strict';
  function polsimWeb(M) {
    var c = {
      optionsSize: M.cwrap('polsim_options_size', 'number', []),
      optionsInit: M.cwrap('polsim_options_init', null, ['number']),
      open: M.cwrap('polsim_open', 'number', ['number', 'number', 'number']),
      close: M.cwrap('polsim_close', null, ['number']),
      run: M.cwrap('polsim_run', 'number', ['number', 'string', 'number', 'number']),
      status: M.cwrap('polsim_result_status', 'number', ['number']),
      count: M.cwrap('polsim_result_count', 'number', ['number']),
      record: M.cwrap('polsim_result_record', 'number', ['number', 'number']),
      render: M.cwrap('polsim_result_render', 'number', ['number', 'number', 'number']),
      kind: M.cwrap('polsim_record_kind_of', 'number', ['number']),
      recRender: M.cwrap('polsim_record_render', 'number', ['number', 'number']),
      message: M.cwrap('polsim_record_message', 'number', ['number']),
      file: M.cwrap('polsim_record_file', 'number', ['number']),
      line: M.cwrap('polsim_record_line', 'number', ['number']),
      column: M.cwrap('polsim_record_column', 'number', ['number']),
    };
    var TEXT = 0, JSON_ = 1, CSV = 2, HTML = 3, ERROR = 11, WARNING = 12;
    function str(p) { return p ? M.UTF8ToString(p) : null; }

    function run(source, opts) {
      opts = opts || {};
      var o = M._malloc(c.optionsSize());
      c.optionsInit(o);
      M.HEAP32[(o >> 2) + 1] = opts.history === false ? 0 : 1;      /* polsim_options.history */
      M.HEAPU32[(o >> 2) + 2] = opts.maxSteps || 100000000;          /* max_steps: a runaway stops */
      M.HEAPU32[(o >> 2) + 3] = 0;
      var err = M._malloc(512);
      var s = c.open(o, err, 512);
      M._free(o);
      if (!s) {
        var why = str(err);
        M._free(err);
        throw new Error('polsim: ' + why);
      }
      M._free(err);
      /* the text as UTF-8 in the module's memory (the stack is small) */
      var n = M.lengthBytesUTF8(source), buf = M._malloc(n + 1);
      M.stringToUTF8(source, buf, n + 1);
      var r = c.run(s, opts.file || '<playground>', buf, n);
      M._free(buf);
      var out = { status: c.status(r), records: [], errors: [] };
      out.text = str(c.render(r, TEXT, 0));
      out.json = str(c.render(r, JSON_, 0));
      out.csv = str(c.render(r, CSV, 0));
      out.html = opts.html ? str(c.render(r, HTML, 0)) : null;
      for (var i = 0, k = c.count(r); i < k; i++) {
        var rec = c.record(r, i), kind = c.kind(rec);
        if (kind === ERROR || kind === WARNING) {
          out.errors.push({ level: kind === ERROR ? 'error' : 'warning', file: str(c.file(rec)), line: c.line(rec),
                            column: c.column(rec), message: str(c.message(rec)) });
        } else {
          str(c.recRender(rec, JSON_)).split('\n').forEach(function (l) { if (l) out.records.push(JSON.parse(l)); });
        }
      }
      c.close(s);
      return out;
    }
    return { run: run };
  }
  if (typeof module === 'object' && module.exports) module.exports = polsimWeb;
  else root.polsimWeb = polsimWeb;
})(this);
