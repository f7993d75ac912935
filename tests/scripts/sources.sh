#!/bin/sh
# sources.sh POLSIM ROOT: every citation in stdlib/ and examples/ names an
# entry of docs/sources.md, and carries a label; every entry of
# docs/sources.md can be opened (a URL) or found in print (a full printed
# citation); and no doc, stdlib or example file names a repository path that
# does not exist. A citation is the list of
# ids in square brackets that starts a string: `source: "[a, b] label; ..."`
# or a figure note `"[a] label: ..."`. Every `source:` must start with one;
# after the `]` comes a label (docs/sources.md lists them). The check is run
# twice more on a copy with a bad id and a missing label, which must fail, so
# the test cannot pass by checking nothing.
set -eu
[ $# -eq 2 ] || { echo "usage: sources.sh POLSIM ROOT" >&2; exit 2; }
POLSIM=$1
ROOT=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "sources: $*"; exit 1; }
[ -x "$POLSIM" ] || fail "no polsim at $POLSIM"

# check BIB FILE...: prints one line per bad citation; exit 1 if any.
check() {
    bib=$1
    shift
    awk -v bibfile="$bib" '
    BEGIN {
        while ((getline line < bibfile) > 0)
            if (line ~ /^### [a-z0-9-]+[ \t]*$/) { sub(/^### /, "", line); sub(/[ \t]+$/, "", line); known[line] = 1; n++ }
        if (n == 0) { print bibfile ": no ### id entries"; bad = 1 }
        nlabels = split("vendor spec|press report|analyst estimate|roadmap|derived|polsim assumption", labels, "|")
    }
    function has_label(rest,   i) {
        sub(/^[ \t]+/, "", rest)
        for (i = 1; i <= nlabels; i++) if (index(rest, labels[i]) == 1) return 1
        return 0
    }
    # one string that starts with "[": its ids must be known, a label must follow
    function cite(text, where,   close_at, list, ids, k, id) {
        close_at = index(text, "]")
        if (close_at == 0) { print where ": unclosed [ in a citation"; bad = 1; return }
        list = substr(text, 2, close_at - 2)
        k = split(list, ids, ",")
        if (k == 0) { print where ": empty citation []"; bad = 1 }
        for (; k > 0; k--) {
            id = ids[k]; gsub(/^[ \t]+|[ \t]+$/, "", id)
            if (!(id in known)) { print where ": cites \"" id "\", which is not in docs/sources.md"; bad = 1 }
        }
        if (!has_label(substr(text, close_at + 1))) { print where ": no label after [" list "]"; bad = 1 }
    }
    {
        line = $0
        where = FILENAME ":" FNR
        # a comment may cite ids too: [id] or [id, id], ids with a dash
        if (line ~ /^[ \t]*#/) {
            c = line
            while (match(c, /\[[a-z0-9]+-[a-z0-9-]*(, *[a-z0-9]+-[a-z0-9-]*)*\]/)) {
                list = substr(c, RSTART + 1, RLENGTH - 2)
                k = split(list, ids, ",")
                for (; k > 0; k--) {
                    id = ids[k]; gsub(/^[ \t]+|[ \t]+$/, "", id)
                    if (!(id in known)) { print where ": cites \"" id "\", which is not in docs/sources.md"; bad = 1 }
                }
                c = substr(c, RSTART + RLENGTH)
            }
            next
        }
        if (line ~ /^[ \t]*source:/) {
            s = line; sub(/^[ \t]*source:[ \t]*/, "", s)
            if (substr(s, 1, 2) != "\"[") { print where ": source: does not start with [ids]"; bad = 1 }
        }
        # every string literal that starts with [
        while ((p = index(line, "\"")) > 0) {
            line = substr(line, p + 1)
            q = index(line, "\"")
            if (q == 0) break
            text = substr(line, 1, q - 1)
            line = substr(line, q + 1)
            if (substr(text, 1, 1) == "[") cite(text, where)
        }
    }
    END { exit bad }' "$@"
}


# check_urls BIB: every entry's url field is an address a reader can open,
# an http(s) URL with a path (a site's homepage is not one), or a full
# printed citation: "url: printed: PUBLISHER, TITLE, DATE, p. PAGE".
# Prints one line per entry that has neither; exit 1 if any.
check_urls() {
    awk '
    function flush() {
        if (id != "" && !ok) { print id ": no openable address (url with a path) and no full printed citation"; bad = 1 }
    }
    /^### / { flush(); id = $2; ok = 0; next }
    /^- url: / {
        v = $0; sub(/^- url: /, "", v)
        if (v ~ /^https?:\/\/[^ \/]+\/[^ ]*[^ \/.,;]/) ok = 1
        else if (v ~ /^printed: [^,]+, [^,]+, [^,]+, pp?\. [0-9]/) ok = 1
    }
    END { flush(); exit bad }' "$1"
}

# check_paths ROOT FILE...: every repository path a file names (src/...,
# tests/..., docs/..., and shared/..., which is never in the repository)
# exists under ROOT. Addresses (http...) and the bibliography's publisher,
# title and url lines, which name other works, are skipped, as are globs.
check_paths() {
    root=$1
    shift
    awk -v root="$root" '
    /^- (publisher|title|url): / { next }
    {
        line = $0
        gsub(/https?:\/\/[^ )>`"]*/, "", line)
        while (match(line, /(^|[^A-Za-z0-9_.\/-])(src|tests|docs|doc|stdlib|examples|tools|scripts|editor|grammar|include|bench|shared)\/[A-Za-z0-9_.*\/-]*[A-Za-z0-9_*]/)) {
            path = substr(line, RSTART, RLENGTH)
            sub(/^[^a-z]/, "", path)
            line = substr(line, RSTART + RLENGTH)
            if (path ~ /[*]/) continue
            if (system("test -e \"" root "/" path "\"") != 0) {
                print FILENAME ":" FNR ": names " path ", which is not in the repository"; bad = 1
            }
        }
    }
    END { exit bad }' "$@"
}

# the real tree must pass
set +e
out=$(check "$ROOT/docs/sources.md" "$ROOT"/stdlib/*.pol "$ROOT"/examples/*.pol 2>&1)
rc=$?
set -e
[ $rc -eq 0 ] || fail "bad citations:
$out"

# every entry can be opened or found in print
set +e
out=$(check_urls "$ROOT/docs/sources.md" 2>&1)
rc=$?
set -e
[ $rc -eq 0 ] || fail "entries without an address:
$out"

# the docs, the stdlib and the examples name only paths that exist
set +e
out=$(check_paths "$ROOT" "$ROOT/README.md" "$ROOT"/docs/*.md "$ROOT"/stdlib/*.pol "$ROOT"/examples/*.pol 2>&1)
rc=$?
set -e
[ $rc -eq 0 ] || fail "missing paths:
$out"

# every entry has the five fields (publisher, title, date, url, supports)
awk '/^### /{ if (id != "" && f != 5) { print id; bad = 1 } id = $2; f = 0 }
     /^- (publisher|title|date|url|supports): /{ f++ }
     END { if (id != "" && f != 5) { print id; bad = 1 } exit bad }' "$ROOT/docs/sources.md" >"$tmp/incomplete" ||
    fail "entries without the five fields: $(cat "$tmp/incomplete")"

# a bad id and a missing label must each be caught, with the line named
printf 'define chip X { vendor: nvidia\n  fp16: 1 TFLOPS "[fr-2023-23055] vendor spec"\n  source: "[no-such-id] press report; made up" }\n' >"$tmp/bad_id.pol"
if out=$(check "$ROOT/docs/sources.md" "$tmp/bad_id.pol"); then fail "a bad id passed"; fi
echo "$out" | grep -q 'bad_id.pol:3: cites "no-such-id", which is not in docs/sources.md' || fail "bad id message: $out"
printf 'define chip X { vendor: nvidia\n  source: "[fr-2023-23055] rumour" }\n' >"$tmp/no_label.pol"
if out=$(check "$ROOT/docs/sources.md" "$tmp/no_label.pol"); then fail "a missing label passed"; fi
echo "$out" | grep -q 'no_label.pol:2: no label after \[fr-2023-23055\]' || fail "label message: $out"
printf '# as [fr-2023-23055] and [nvidia-h21-rumour] say\ndefine chip X { vendor: nvidia\n  source: "press report; no ids" }\n' >"$tmp/no_ids.pol"
if out=$(check "$ROOT/docs/sources.md" "$tmp/no_ids.pol"); then fail "a source without ids passed"; fi
echo "$out" | grep -q 'no_ids.pol:1: cites "nvidia-h21-rumour"' || fail "comment citation message: $out"
echo "$out" | grep -q 'no_ids.pol:3: source: does not start with \[ids\]' || fail "source without ids message: $out"

# an entry with only a homepage, one with no address, and a doc naming a
# missing file must each be caught; a URL with a path and a full printed
# citation pass
printf '### ok-url\n- url: https://example.org/a/page\n\n### ok-print\n- url: printed: Example Press, A Title, 2024-01-02, p. 12\n\n### home-only\n- url: https://www.example.com (address not recorded)\n\n### no-url\n- url: address not recorded\n' >"$tmp/bib.md"
if out=$(check_urls "$tmp/bib.md"); then fail "an entry without an address passed"; fi
echo "$out" | grep -q '^home-only: no openable address' || fail "homepage message: $out"
echo "$out" | grep -q '^no-url: no openable address' || fail "no-url message: $out"
echo "$out" | grep -q 'ok-url\|ok-print' && fail "a good entry was flagged: $out"
mkdir -p "$tmp/root/src/model"
: >"$tmp/root/src/model/model.c"
printf 'The code is `src/model/model.c`, see https://x.org/src/model.c and stdlib/*.pol.\nPinned by `tests/scenarios/no_such.pol` and src/model.c; see shared/design/language.md.\n' >"$tmp/root/doc.md"
if out=$(check_paths "$tmp/root" "$tmp/root/doc.md"); then fail "a missing path passed"; fi
echo "$out" | grep -q 'doc.md:2: names tests/scenarios/no_such.pol' || fail "path message: $out"
echo "$out" | grep -q 'doc.md:2: names src/model.c,' || fail "path message (src/model.c): $out"
echo "$out" | grep -q 'doc.md:2: names shared/design/language.md' || fail "path message (shared): $out"
echo "$out" | grep -q 'doc.md:1:' && fail "an existing path, a URL or a glob was flagged: $out"

# the files polsim reads are the files checked: the stdlib parses
"$POLSIM" check "$ROOT"/examples/*.pol >/dev/null || fail "examples do not check"
exit 0
