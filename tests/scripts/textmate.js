// textmate.js GRAMMAR ROOT FILE...: tokenizes each polsim FILE with the
// TextMate grammar through vscode-textmate and vscode-oniguruma (the engine
// VS Code itself uses) and checks, against a small scanner of its own, that
// every keyword of grammar/lexer.l's KEYWORDS table gets a keyword scope
// (keyword.*, storage.type.*, constant.language.*; after a '.', where it names
// an attribute, variable.* too), every character of every comment a comment.*
// scope and every string a string.* scope. Run by tests/scripts/editor.sh,
// which installs the two npm packages into build/node (NODE_PATH).
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const [grammarPath, root, ...files] = process.argv.slice(2);
const lexer = fs.readFileSync(path.join(root, 'grammar/lexer.l'), 'utf8');
const table = lexer.slice(lexer.search(/\}\s*KEYWORDS\[\]\s*=\s*\{/));
const keywords = new Set([...table.slice(0, table.indexOf('};')).matchAll(/\{"([a-z_]+)", KW_/g)].map(m => m[1]));
if (keywords.size < 30) throw new Error(`only ${keywords.size} keywords read from grammar/lexer.l`);

const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer;
const onigLib = oniguruma.loadWASM(wasm).then(() => ({
    createOnigScanner: p => new oniguruma.OnigScanner(p),
    createOnigString: s => new oniguruma.OnigString(s),
}));
const registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath),
});

// The pieces of one line a scanner of polsim's lexical rules finds: comments,
// strings and words (a word starting after a digit belongs to a number).
function pieces(line) {
    const out = [];
    for (let i = 0; i < line.length;) {
        const c = line[i];
        if (c === '#') { out.push({ kind: 'comment', start: i, end: line.length }); break; }
        if (c === '"') {
            let j = i + 1;
            while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
            j = Math.min(j + 1, line.length);
            out.push({ kind: 'string', start: i, end: j });
            i = j;
        } else if (/[A-Za-z0-9_$]/.test(c)) {
            let j = i;
            while (j < line.length && /[A-Za-z0-9_]/.test(line[j])) j++;
            if (/[A-Za-z_]/.test(c)) out.push({ kind: 'word', start: i, end: j, text: line.slice(i, j), afterDot: line[i - 1] === '.' });
            i = Math.max(j, i + 1);
        } else i++;
    }
    return out;
}

function scopesAt(tokens, offset) {
    const t = tokens.find(t => t.startIndex <= offset && offset < t.endIndex);
    return t ? t.scopes : [];
}

(async () => {
    const grammar = await registry.loadGrammar('source.polsim');
    if (!grammar) throw new Error('the grammar did not load');
    const counts = { keyword: 0, comment: 0, string: 0 };
    const bad = [];
    for (const file of files) {
        let stack = vsctm.INITIAL;
        fs.readFileSync(file, 'utf8').split('\n').forEach((line, n) => {
            const r = grammar.tokenizeLine(line, stack);
            stack = r.ruleStack;
            for (const p of pieces(line)) {
                const where = `${file}:${n + 1}:${p.start + 1}`;
                if (p.kind === 'comment' || p.kind === 'string') {
                    for (let k = p.start; k < p.end; k++)
                        if (!scopesAt(r.tokens, k).some(s => s.startsWith(p.kind + '.'))) {
                            bad.push(`${where}: ${p.kind} character ${k + 1} has scopes ${scopesAt(r.tokens, k).join(' ')}`);
                            break;
                        }
                    counts[p.kind]++;
                } else if (keywords.has(p.text)) {
                    const ok = p.afterDot ? /^(keyword|storage\.type|constant\.language|variable)\./ : /^(keyword|storage\.type|constant\.language)\./;
                    const sc = scopesAt(r.tokens, p.start);
                    if (!sc.some(s => ok.test(s))) bad.push(`${where}: keyword '${p.text}' has scopes ${sc.join(' ')}`);
                    counts.keyword++;
                }
            }
        });
    }
    if (bad.length) { console.log(bad.slice(0, 20).join('\n')); process.exit(1); }
    if (!counts.keyword || !counts.comment || !counts.string) { console.log('nothing checked', counts); process.exit(1); }
    console.log(`textmate: ${files.length} files, ${counts.keyword} keywords, ${counts.comment} comments, ${counts.string} strings scoped right`);
})().catch(e => { console.log(String(e && e.stack || e)); process.exit(1); });
