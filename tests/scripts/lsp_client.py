#!/usr/bin/env python3
"""lsp_client.py POLSIM DIR: a scripted session with `polsim lsp`.

Frames JSON-RPC messages with Content-Length headers, plays an editor's
part (initialize, open a file with an error, hover, complete, go to
definition, fix the error, bad messages, shutdown, exit) and checks every
answer. DIR is a scratch folder; the stdlib copies go to DIR/cache. Prints
one line per failure and exits 1 if any check failed."""
import json
import os
import subprocess
import sys

POLSIM, DIR = sys.argv[1], sys.argv[2]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("lsp: FAIL: " + what)


class Server:
    def __init__(self):
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(DIR, "cache"))
        self.p = subprocess.Popen([POLSIM, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.next_id = 0
        self.notes = []  # notifications received

    def raw(self, body):
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def send(self, method, params=None, request=True):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        self.raw(json.dumps(msg).encode())
        return msg.get("id")

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.p.stdout.read(length))

    def response(self, rid):
        """The response to request rid; notifications on the way are kept."""
        while True:
            m = self.read()
            if "method" in m:
                self.notes.append(m)
            elif m.get("id") == rid:
                return m

    def request(self, method, params=None):
        return self.response(self.send(method, params))

    def diagnostics(self, uri):
        """The next publishDiagnostics for uri."""
        while True:
            for i, m in enumerate(self.notes):
                if m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                    del self.notes[i]
                    return m["params"]["diagnostics"]
            self.notes.append(self.read())


def pos(line, character):
    return {"line": line, "character": character}


def at(uri, line, character):
    return {"textDocument": {"uri": uri}, "position": pos(line, character)}


def labels(resp):
    return [i["label"] for i in resp["result"]["items"]]


path = os.path.join(DIR, "study.pol")
uri = "file://" + path
# line 3 has an error: 'tpp' is misspelt; the Greek letter before it tests UTF-16 columns
BAD = 'let margin = 2 "rule of thumb"\nlet big = H100.tpp * margin\n# é\nlet t = "δ" + H100.tppp\n'
GOOD = 'let margin = 2 "rule of thumb"\nlet big = H100.tpp * margin\n# é\nlet t = H100 . memory\nlet m = max(1, 2)\n'
with open(path, "w") as f:
    f.write(BAD)

s = Server()
init = s.request("initialize", {"processId": None, "rootUri": "file://" + DIR, "capabilities": {}})
caps = init["result"]["capabilities"]
check(caps["textDocumentSync"]["change"] == 1, "full text sync: %s" % caps)
check(caps["hoverProvider"] and caps["definitionProvider"], "hover and definition: %s" % caps)
check(caps["completionProvider"]["triggerCharacters"] == ["."], "completion trigger: %s" % caps)
s.send("initialized", {}, request=False)

# diagnostics on open: the range of the misspelt attribute, in UTF-16 units
s.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "polsim", "version": 1, "text": BAD}},
       request=False)
diags = s.diagnostics(uri)
check(len(diags) == 1, "one diagnostic on open: %s" % diags)
if diags:
    d = diags[0]
    check(d["severity"] == 1, "severity error: %s" % d)
    check(d["range"]["start"] == pos(3, 19) and d["range"]["end"] == pos(3, 23), "range of 'tppp': %s" % d["range"])
    check("tppp" in d["message"] and "did you mean 'tpp'" in d["message"], "message: %s" % d["message"])

# hover on H100: its figures with units, a derived figure and its source
h = s.request("textDocument/hover", at(uri, 1, 11))["result"]
text = h["contents"]["value"] if h else ""
check(h and h["contents"]["kind"] == "markdown", "hover on H100 is markdown: %s" % h)
check("chip H100" in text and "3.35 TB/s" in text and "80 GB" in text and "700 W" in text,
      "hover on H100 lists figures with units: %s" % text)
check("15,832" in text and "(derived)" in text, "hover on H100 shows derived figures: %s" % text)
check("source: [grokipedia-h100, awesomeagents-h100] vendor spec" in text and "[vendor spec: NVLink 4]" in text, "hover on H100 shows sources: %s" % text)
check(h and h["range"] == {"start": pos(1, 10), "end": pos(1, 14)}, "hover range: %s" % (h and h["range"]))
# hover on an attribute: its value; on a let: its value and where it is defined
h = s.request("textDocument/hover", at(uri, 1, 16))["result"]
check(h and "H100.tpp = 15,832" in h["contents"]["value"], "hover on H100.tpp: %s" % h)
h = s.request("textDocument/hover", at(uri, 1, 22))["result"]
check(h and "let margin = 2" in h["contents"]["value"] and "study.pol:1" in h["contents"]["value"],
      "hover on a let: %s" % h)
check(h and "source: rule of thumb" in h["contents"]["value"], "hover on a let shows its source note: %s" % h)
check(s.request("textDocument/hover", at(uri, 2, 2))["result"] is None, "hover on a comment is null")

# completion after 'H100.' offers its attributes; at a line start, statement words and names
s.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                  "contentChanges": [{"text": BAD + "print H100.\n"}]}, request=False)
s.diagnostics(uri)
c = labels(s.request("textDocument/completion", at(uri, 4, 11)))
check("tpp" in c and "bandwidth" in c and "memory" in c, "completion after H100.: %s" % c)
check("define" not in c, "no statement words after H100.: %s" % c)
c = labels(s.request("textDocument/completion", at(uri, 3, 0)))
check("define" in c and "let" in c and "show" in c and "H100" in c and "margin" in c,
      "completion at a line start: %s" % c[:40])
c = labels(s.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": pos(4, 9)}))
check(c == ["H100"] or ("H100" in c and all(x.startswith("H1") for x in c)), "completion of 'H1': %s" % c)

# definition: a let in the document, and H100 in the stdlib copy at its line
r = s.request("textDocument/definition", at(uri, 1, 22))["result"]
check(r and r["uri"] == uri and r["range"]["start"] == pos(0, 0), "definition of margin: %s" % r)
r = s.request("textDocument/definition", at(uri, 1, 11))["result"]
stdlib_line = None
if r and r["uri"].startswith("file://"):
    with open(r["uri"][7:]) as f:
        lines = f.read().split("\n")
    stdlib_line = lines[r["range"]["start"]["line"]]
check(r and r["uri"].endswith("/cache/polsim/stdlib-" + r["uri"].split("stdlib-")[1].split("/")[0] + "/chips.pol"),
      "definition of H100 is in the stdlib cache: %s" % r)
check(stdlib_line is not None and stdlib_line.startswith("define chip H100 "), "H100's line: %s" % stdlib_line)

# fixing the error clears the diagnostics
s.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": GOOD}]},
       request=False)
check(s.diagnostics(uri) == [], "diagnostics cleared after the fix")

# hover on a function: its usage and what it does
h = s.request("textDocument/hover", at(uri, 4, 9))["result"]
check(h and "max(A, B, ...)" in h["contents"]["value"] and "the largest" in h["contents"]["value"], "hover on max: %s" % h)

# definition of NAME.field: the field in the definition; a derived attribute has none
r = s.request("textDocument/definition", at(uri, 3, 17))["result"]
line = None
if r and r["uri"].startswith("file://"):
    with open(r["uri"][7:]) as f:
        line = f.read().split("\n")[r["range"]["start"]["line"]]
check(line is not None and line.strip().startswith("memory: 80 GB") and r["range"]["start"]["character"] == 2,
      "definition of H100 . memory: %s %s" % (r, line))
check(s.request("textDocument/definition", at(uri, 1, 16))["result"] is None, "definition of H100.tpp is null")

# bad messages: malformed JSON, an unknown method, a request before... bad params
s.raw(b"{not json")
m = s.read()
check(m.get("id", 0) is None and m.get("error", {}).get("code") == -32700, "malformed JSON: %s" % m)
m = s.request("polsim/nonsense", {})
check(m.get("error", {}).get("code") == -32601, "unknown method: %s" % m)
m = s.request("textDocument/hover", [1, 2])
check(m.get("error", {}).get("code") == -32602, "params not an object: %s" % m)
m = s.request("textDocument/hover", at("file:///nowhere.pol", 0, 0))
check("result" in m and m["result"] is None, "hover on an unknown document: %s" % m)

# framing: header names in any case, a Content-Type header, blank lines between messages
body = json.dumps({"jsonrpc": "2.0", "id": 900, "method": "textDocument/hover", "params": at(uri, 1, 11)}).encode()
s.p.stdin.write(b"\r\ncontent-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH: %d\r\n\r\n"
                % len(body) + body)
s.p.stdin.flush()
m = s.response(900)
check(m.get("result") and "chip H100" in m["result"]["contents"]["value"], "lower-case headers: %s" % m)
# a header block without Content-Length: -32700, and the next message is still read
s.p.stdin.write(b"Content-Type: x\r\n\r\n")
s.p.stdin.flush()
m = s.read()
check(m.get("id", 0) is None and m.get("error", {}).get("code") == -32700, "no Content-Length: %s" % m)
# JSON that is not a request
s.raw(b"[1, 2]")
m = s.read()
check(m.get("id", 0) is None and m.get("error", {}).get("code") == -32600, "not a request: %s" % m)

# imports: a definition in an imported file, a diagnostic from one
with open(os.path.join(DIR, "lib.pol"), "w") as f:
    f.write('# shared figures\nlet growth = 12%\nlet bad = 1 GB + 1 W\n')
with open(os.path.join(DIR, "ok.pol"), "w") as f:
    f.write('let growth = 12%\n')
main2 = 'import "ok.pol"\nlet g = growth * 2\n'
uri2 = "file://" + os.path.join(DIR, "two%20words.pol")
s.send("textDocument/didOpen", {"textDocument": {"uri": uri2, "languageId": "polsim", "version": 1, "text": main2}},
       request=False)
check(s.diagnostics(uri2) == [], "a document with an import is clean")
r = s.request("textDocument/definition", at(uri2, 1, 9))["result"]
check(r and r["uri"] == "file://" + os.path.realpath(os.path.join(DIR, "ok.pol")) and r["range"]["start"] == pos(0, 0),
      "definition in an imported file: %s" % r)
s.send("textDocument/didChange", {"textDocument": {"uri": uri2, "version": 2},
                                  "contentChanges": [{"text": 'import "lib.pol"\n'}]}, request=False)
d = s.diagnostics(uri2)
check(len(d) == 1 and d[0]["range"]["start"] == pos(0, 0) and "lib.pol:3:" in d[0]["message"]
      and "GB" in d[0]["message"], "a diagnostic in an imported file: %s" % d)
# a folder name that is not UTF-8 (%FF in the URI): the message about the import still arrives
bad_dir = os.path.join(DIR.encode(), b"b\xffd")
os.mkdir(bad_dir)
with open(os.path.join(bad_dir, b"lib.pol"), "wb") as f:
    f.write(b"let bad = 1 GB + 1 W\n")
uri3 = "file://" + DIR + "/b%FFd/main.pol"
s.send("textDocument/didOpen", {"textDocument": {"uri": uri3, "languageId": "polsim", "version": 1,
                                                 "text": 'import "lib.pol"\n'}}, request=False)
d = s.diagnostics(uri3)
check(len(d) == 1 and "GB" in d[0]["message"], "a diagnostic from a folder that is not UTF-8: %s" % d)
s.send("textDocument/didClose", {"textDocument": {"uri": uri2}}, request=False)
check(s.diagnostics(uri2) == [], "closing a document clears its diagnostics")
check(s.request("textDocument/hover", at(uri2, 0, 1))["result"] is None, "hover on a closed document")

# a file of study forms that each crashed the server on opening (studies
# with bodies, metrics at a date and over a period, scenario reads, over):
# no diagnostic, and the server still answers
STUDIES = ('scenario s1 { cap bandwidth 2 TB/s on exports to CN }\n'
           'sweep b in 1, 2 {\n  let a = b\n  print a\n  assert a == b\n  explain H20 in CN\n'
           '  compare H20, H100 on tpp\n  show chip H20\n  on 2025-06-01 ban chip H100 in CN\n'
           '  headroom H20 under us_is_informed_2025\n} on CN.compute during 2026, s1.CN.compute\n'
           'simulate 2 runs seed 1 on CN.compute at 2025-06-01\n'
           'simulate 2 runs { cap bandwidth (1 TB/s to 2 TB/s) on exports to CN } on CN.compute\n'
           'let a2 = s1.available(H20, CN) over 3 runs\n'
           'explain H20 in CN under s1 at 2025-06-01\n')
suri = "file://" + os.path.join(DIR, "studies.pol")
s.send("textDocument/didOpen", {"textDocument": {"uri": suri, "languageId": "polsim", "version": 1, "text": STUDIES}},
       request=False)
check(s.diagnostics(suri) == [], "a file of study forms opens without a diagnostic")
h = s.request("textDocument/hover", at(suri, 0, 9))["result"]
check(h is not None, "the server answers after opening the study forms: %s" % h)

# document symbols, formatting, hover on a field and on a keyword, completion after S.
SYMS = ('define chip Z9 "a test chip" {\n  vendor: nvidia\n    fp16:400 TFLOPS\n}\n'
        'let  half = Z9.fp16/2\n'
        'scenario deal "the deal" {\n  let qq7 = 2\n  on 2026-01-01 { define market ZZ { budget: $1B; incumbent: cuda } }\n'
        '  license chip H20 to CN\n}\n'
        'sweep b in 1, 2 on CN.compute\n')
FORMATTED = ('define chip Z9 "a test chip" {\n  vendor: nvidia\n  fp16: 400 TFLOPS\n}\n'
             'let half = Z9.fp16 / 2\n'
             'scenario deal "the deal" {\n  let qq7 = 2\n  on 2026-01-01 {\n'
             '    define market ZZ { budget: $1B; incumbent: cuda }\n  }\n'
             '  license chip H20 to CN\n}\n'
             'sweep b in 1, 2 on CN.compute\n')
yuri = "file://" + os.path.join(DIR, "symbols.pol")
s.send("textDocument/didOpen", {"textDocument": {"uri": yuri, "languageId": "polsim", "version": 1, "text": SYMS}},
       request=False)
check(s.diagnostics(yuri) == [], "symbols.pol opens without a diagnostic")
check(caps.get("documentSymbolProvider") and caps.get("documentFormattingProvider"),
      "symbols and formatting are announced: %s" % caps)
syms = s.request("textDocument/documentSymbol", {"textDocument": {"uri": yuri}})["result"] or []
names = [(x["name"], x["kind"], x.get("detail")) for x in syms]
check(names == [("Z9", 23, "chip"), ("half", 13, "let"), ("deal", 3, "the deal")], "document symbols: %s" % names)
if len(syms) == 3:
    z9, deal = syms[0], syms[2]
    check(z9["selectionRange"] == {"start": pos(0, 12), "end": pos(0, 14)}, "Z9's name range: %s" % z9["selectionRange"])
    check(z9["range"]["start"] == pos(0, 0) and z9["range"]["end"]["line"] == 3, "Z9's range: %s" % z9["range"])
    check([c["name"] for c in z9.get("children", [])] == ["vendor", "fp16"], "Z9's fields: %s" % z9.get("children"))
    check([(c["name"], c["kind"]) for c in deal.get("children", [])] == [("qq7", 13), ("ZZ", 23)],
          "what the scenario holds (a dated definition too): %s" % deal.get("children"))
f = s.request("textDocument/formatting", {"textDocument": {"uri": yuri}, "options": {"tabSize": 4, "insertSpaces": True}})
edits = f.get("result") or []
check(len(edits) == 1 and edits[0]["newText"] == FORMATTED, "formatting: %s" % f)
if len(edits) == 1:
    check(edits[0]["range"] == {"start": pos(0, 0), "end": pos(11, 0)}, "formatting replaces the whole text: %s" % edits[0]["range"])
s.send("textDocument/didChange", {"textDocument": {"uri": yuri, "version": 2}, "contentChanges": [{"text": FORMATTED}]},
       request=False)
s.diagnostics(yuri)
f = s.request("textDocument/formatting", {"textDocument": {"uri": yuri}, "options": {"tabSize": 4, "insertSpaces": True}})
check(f.get("result") == [], "formatting a formatted text: no edits: %s" % f)
# hover: a field name in a definition (vendor is also a keyword), a keyword, an attribute after '.'
h = s.request("textDocument/hover", at(yuri, 1, 6))["result"]
check(h and "**vendor** (field of a chip, required)" in h["contents"]["value"], "hover on the field vendor: %s" % h)
h = s.request("textDocument/hover", at(yuri, 2, 4))["result"]
check(h and "**fp16** (field of a chip" in h["contents"]["value"] and "FP16" in h["contents"]["value"],
      "hover on the field fp16: %s" % h)
h = s.request("textDocument/hover", at(yuri, 12, 2))["result"]
check(h and "sweep NAME from A to B" in h["contents"]["value"] and h.get("range") == {"start": pos(12, 0), "end": pos(12, 5)},
      "hover on the keyword sweep: %s" % h)
h = s.request("textDocument/hover", at(yuri, 10, 5))["result"]
check(h and "license chip|vendor NAME to MARKET" in h["contents"]["value"], "hover on the keyword license: %s" % h)
h = s.request("textDocument/hover", at(yuri, 8, 12))["result"]
check(h and "define market NAME" in h["contents"]["value"], "hover on the kind word market: %s" % h)
# completion after 'deal.': the scenario's own names, not every chip of the world
s.send("textDocument/didChange", {"textDocument": {"uri": yuri, "version": 3},
                                  "contentChanges": [{"text": FORMATTED + "print deal.\n"}]}, request=False)
s.diagnostics(yuri)
c = labels(s.request("textDocument/completion", at(yuri, 13, 11)))
check("qq7" in c and "CN" in c and "title" in c and "H100" not in c and "Z9" not in c, "completion after deal.: %s" % c)
# a text that does not parse: formatting fails with a message, symbols are none
s.send("textDocument/didChange", {"textDocument": {"uri": yuri, "version": 4},
                                  "contentChanges": [{"text": "define chip {\n"}]}, request=False)
s.diagnostics(yuri)
f = s.request("textDocument/formatting", {"textDocument": {"uri": yuri}, "options": {"tabSize": 4, "insertSpaces": True}})
check(f.get("error", {}).get("code") == -32803 and "does not parse" in f["error"]["message"], "formatting a bad text: %s" % f)
check(s.request("textDocument/documentSymbol", {"textDocument": {"uri": yuri}})["result"] == [],
      "no symbols in a text that does not parse")
# every syntax error of a document is a diagnostic, each on its own line
BROKEN = 'pritn 1\nlet = 2\nprint 3 4\n'
buri = "file://" + os.path.join(DIR, "broken.pol")
s.send("textDocument/didOpen", {"textDocument": {"uri": buri, "languageId": "polsim", "version": 1, "text": BROKEN}},
       request=False)
d = s.diagnostics(buri)
check([x["range"]["start"]["line"] for x in d] == [0, 1, 2], "three syntax errors, three diagnostics: %s" % d)
check(len(d) == 3 and "did you mean 'print'" in d[0]["message"], "a misspelled statement word: %s" % d[:1])

# shutdown, then exit: status 0
m = s.request("shutdown")
check("result" in m and m["result"] is None, "shutdown: %s" % m)
s.send("exit", request=False)
s.p.stdin.close()
status = s.p.wait(timeout=10)
check(status == 0, "exit status after shutdown: %d" % status)

# exit without shutdown: status 1; a request before initialize: -32002
s = Server()
m = s.request("textDocument/hover", at(uri, 0, 0))
check(m.get("error", {}).get("code") == -32002, "a request before initialize: %s" % m)
s.request("initialize", {"capabilities": {}})
s.send("exit", request=False)
s.p.stdin.close()
check(s.p.wait(timeout=10) == 1, "exit status without shutdown")

sys.exit(1 if failures else 0)
