#!/bin/sh
# words.sh POLSIM ROOT: the table of words (src/lang/tokens.c, tokens.h) is
# the language's keywords, and nothing drifted from it. The table is read
# from the REPL's `:help keywords` (made from it) and must hold exactly the
# scanner's KEYWORDS (grammar/lexer.l), each word of STATEMENT_KEYWORDS as a
# statement and each kind of the parser's `kind` rule as a kind; every word
# must have `:help WORD`, a keyword group in the Vim syntax
# (editor/vim/syntax/polsim.vim), a keyword scope in the TextMate grammar
# (editor/vscode/syntaxes/polsim.tmLanguage.json) and a place in the list
# under "### Keywords" in docs/language.md. Prints each word missing where.
set -eu
POLSIM=$1
ROOT=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
command -v python3 >/dev/null || { echo "words: python3 is missing (scripts/setup.sh installs it)"; exit 1; }
printf ':help keywords\n' | "$POLSIM" --color=never -i >"$tmp/keywords" 2>&1
sed -n 's/^  \([a-z]*\) .*/\1/p' "$tmp/keywords" | sed 's/^/:help /' >"$tmp/each"
"$POLSIM" --color=never -i <"$tmp/each" >"$tmp/each.out" 2>&1 || true
python3 - "$ROOT" "$tmp/keywords" "$tmp/each.out" <<'PY'
import json, re, sys
root, keywords, each = sys.argv[1:4]
def read(rel):
    with open(rel if rel.startswith("/") else root + "/" + rel, encoding="utf-8") as f:
        return f.read()
bad = []
# the table, by group, as :help keywords prints it
groups, cur = {}, None
for line in read(keywords).splitlines():
    m = re.match(r"^  ([a-z]+) +\S", line)
    if m and cur is not None:
        groups[cur].append(m.group(1))
    elif line.endswith(":"):
        cur = line[:-1].split(" (")[0]
        groups[cur] = []
table = [w for ws in groups.values() for w in ws]
if len(table) < 30:
    sys.exit("words: ':help keywords' listed only %d words:\n%s" % (len(table), read(keywords)))
if len(set(table)) != len(table):
    bad.append("a word is listed twice by ':help keywords'")
lexer = read("grammar/lexer.l")
m = re.search(r"\}\s*KEYWORDS\[\]\s*=\s*\{(.*?)\};", lexer, re.S)
scanner = re.findall(r'\{"([a-z_]+)",\s*KW_[A-Z_]+\}', m.group(1)) if m else []
if len(scanner) < 30:
    sys.exit("words: KEYWORDS not read from grammar/lexer.l")
for w in sorted(set(scanner) - set(table)):
    bad.append("'%s' is a keyword of grammar/lexer.l but not in the table of words (src/lang/tokens.c)" % w)
for w in sorted(set(table) - set(scanner)):
    bad.append("'%s' is in the table of words but not a keyword of grammar/lexer.l" % w)
m = re.search(r"STATEMENT_KEYWORDS\[\]\s*=\s*\{(.*?)\};", lexer, re.S)
stmts = [s.lower() for s in re.findall(r"KW_([A-Z_]+)", m.group(1))] if m else []
for w in stmts:
    if w not in groups.get("Statements", []) + groups.get("Policies", []):
        bad.append("'%s' starts a statement (STATEMENT_KEYWORDS) but the table does not say so" % w)
m = re.search(r"^kind\s*\n(.*?)^\s*;", read("grammar/parser.y"), re.S | re.M)
kinds = [k.lower() for k in re.findall(r"KW_([A-Z_]+)", m.group(1))] if m else []
if sorted(kinds) != sorted(groups.get("Kinds of definition", [])):
    bad.append("kinds: the parser has %s, the table %s" % (kinds, groups.get("Kinds of definition")))
# :help WORD for each
out = read(each)
for w in table:
    if "no help topic '%s'" % w in out:
        bad.append("':help %s' is not answered" % w)
# Vim: a keyword group
vim = set()
for line in read("editor/vim/syntax/polsim.vim").splitlines():
    m = re.match(r"syn keyword polsim(Statement|Kind|Operator|Boolean|Keyword)\s+(.*)", line)
    if m:
        vim.update(m.group(2).split())
# TextMate: a keyword, storage or constant.language scope
tm = set()
def walk(node):
    if isinstance(node, dict):
        name = node.get("name", "")
        if "match" in node and re.match(r"(keyword|storage\.type|constant\.language)", name):
            for alt in re.findall(r"\\b\(\?:([a-z_|]+)\)\\b", node["match"]):
                tm.update(alt.split("|"))
        for v in node.values():
            walk(v)
    elif isinstance(node, list):
        for v in node:
            walk(v)
walk(json.loads(read("editor/vscode/syntaxes/polsim.tmLanguage.json")))
docs = read("docs/language.md")
m = re.search(r"^### Keywords\n(.*?)^##", docs, re.S | re.M)
listed = set(re.findall(r"`([a-z]+)`", m.group(1))) if m else set()
if not m:
    bad.append("docs/language.md has no '### Keywords' section")
for w in table:
    if w not in vim:
        bad.append("'%s' has no keyword group in editor/vim/syntax/polsim.vim" % w)
    if w not in tm:
        bad.append("'%s' has no keyword scope in editor/vscode/syntaxes/polsim.tmLanguage.json" % w)
    if m and w not in listed:
        bad.append("'%s' is missing from the keyword list of docs/language.md (### Keywords)" % w)
for w in sorted(listed - set(table)):
    bad.append("docs/language.md lists '%s' as a keyword, but it is not one" % w)
for b in bad:
    print("words: " + b)
if bad:
    sys.exit(1)
print("words: %d words agree with lexer.l, :help, Vim, TextMate and docs/language.md" % len(table))
PY
