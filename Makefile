# polsim: `make run` sets up, builds and runs the quickstart; `make check`
# builds and runs every test. Generated files go to $(BUILD), never to git.
# Sources are grouped by layer (src/support, lang, world, policy, model, run,
# report, cli); objects mirror that tree under $(BUILD)/obj, and every object
# records its header dependencies (-MMD), so parallel and partial builds agree.
CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
SANFLAGS ?=
WARN    = -Wall -Wextra -Werror
CFLAGS_ALL = -std=c11 -D_DEFAULT_SOURCE $(OPT) $(SANFLAGS) -Iinclude -I$(BUILD)/gen
# readline, its terminal library and jansson are linked statically: resolving
# their symbols at every start cost more than all of polsim's own start-up.
# cairo (charts) is opened with dlopen when a chart is drawn (src/report/chart_cairo.c).
LDLIBS  = -Wl,-Bstatic -lreadline -ltinfo -ljansson -Wl,-Bdynamic -lm

SRC     = $(sort $(wildcard src/*/*.c))
GENSRC  = $(BUILD)/gen/parser.tab.c $(BUILD)/gen/lexer.yy.c $(BUILD)/gen/stdlib_embed.c $(BUILD)/gen/stdlib_ast.c \
          $(BUILD)/gen/docs_embed.c
OBJ     = $(SRC:src/%.c=$(BUILD)/obj/%.o) $(GENSRC:$(BUILD)/gen/%.c=$(BUILD)/obj/gen/%.o)
LIBOBJ  = $(filter-out $(BUILD)/obj/cli/main.o,$(OBJ))
STDLIB  = $(sort $(wildcard stdlib/*.pol))
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
GEN     = $(BUILD)/gen/parser.tab.h $(BUILD)/gen/lexer.yy.h
# The language layer alone (no world, no interpreter): what tools/astgen needs.
LANGOBJ = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(sort $(wildcard src/support/*.c src/lang/*.c))) \
          $(BUILD)/obj/gen/parser.tab.o $(BUILD)/obj/gen/lexer.yy.o

.PHONY: all run check sanitize clean deps install uninstall bench bench-quick bench-check startup valgrind fuzz fuzz-smoke fuzz-harnesses buildloop mutate golden-examples
# A rule that fails leaves no half-written target behind.
.DELETE_ON_ERROR:

all: $(BUILD)/polsim

deps: $(BUILD)/.deps-ok
$(BUILD)/.deps-ok: scripts/setup.sh
	@sh scripts/setup.sh
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/polsim: $(OBJ)
	$(CC) $(CFLAGS_ALL) -o $@ $(OBJ) $(LDLIBS)

# Grouped targets: one bison (or flex) run makes both files, even under -j.
$(BUILD)/gen/parser.tab.c $(BUILD)/gen/parser.tab.h &: grammar/parser.y | $(BUILD)/.deps-ok
	@mkdir -p $(BUILD)/gen
	bison -Wall -Werror -o $(BUILD)/gen/parser.tab.c --header=$(BUILD)/gen/parser.tab.h $<

$(BUILD)/gen/lexer.yy.c $(BUILD)/gen/lexer.yy.h &: grammar/lexer.l $(BUILD)/gen/parser.tab.h
	@mkdir -p $(BUILD)/gen
	flex -8 -Cf -o $(BUILD)/gen/lexer.yy.c --header-file=$(BUILD)/gen/lexer.yy.h $<

$(BUILD)/gen/stdlib_embed.c: $(STDLIB) $(BUILD)/tools/embed
	@mkdir -p $(BUILD)/gen
	$(BUILD)/tools/embed $@ $(STDLIB)

# The bibliography, for `polsim sources` (src/cli/sources.c).
$(BUILD)/gen/docs_embed.c: docs/sources.md $(BUILD)/tools/embed
	@mkdir -p $(BUILD)/gen
	$(BUILD)/tools/embed -s polsim_doc_files $@ docs/sources.md

$(BUILD)/tools/embed: tools/embed.c include/texthash.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 $(WARN) -Iinclude -o $@ $<

# The stdlib's syntax trees, prebuilt so start-up does not lex or parse them
# (astio.h). Rebuilt when a stdlib file, the tool or the language layer
# (hence the AST format) changes. The archive lets the linker take only the
# members the tool needs.
$(BUILD)/gen/stdlib_ast.c: $(STDLIB) $(BUILD)/tools/astgen
	@mkdir -p $(BUILD)/gen
	$(BUILD)/tools/astgen $@ $(STDLIB)

$(BUILD)/tools/astgen: tools/astgen.c $(BUILD)/tools/liblang.a $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(WARN) -MMD -MP -o $@ $< $(BUILD)/tools/liblang.a -lm

$(BUILD)/tools/liblang.a: $(LANGOBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $(LANGOBJ)

# Every object waits for the generated headers (the first build has no .d
# files yet to say which need them).
$(BUILD)/obj/%.o: src/%.c $(GEN) | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(WARN) -MMD -MP -c -o $@ $<

# Generated code: same strictness, minus warnings about what bison/flex emit.
$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(WARN) -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(WARN) -MMD -MP -o $@ $< $(LIBOBJ) $(LDLIBS) -lcmocka

-include $(OBJ:.o=.d) $(UNIT_BIN:=.d) $(wildcard $(BUILD)/fuzz_*.d) $(BUILD)/tools/astgen.d

run: $(BUILD)/polsim
	./$(BUILD)/polsim examples/quickstart.pol

check: $(BUILD)/polsim $(UNIT_BIN)
	@sh tests/run.sh $(BUILD)

sanitize:
	$(MAKE) BUILD=build/sanitize OPT="-O1 -g" \
	    SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" check

valgrind: $(BUILD)/polsim
	@sh tests/valgrind.sh $(BUILD)/polsim

# Benchmarks (bench/README.md): every table with 5 runs a figure, a quick
# pass with small sizes and 3 runs, and a check that the peers agree.
bench: $(BUILD)/polsim
	@sh bench/run.sh $(BUILD)/polsim

bench-quick: $(BUILD)/polsim
	@sh bench/run.sh --quick $(BUILD)/polsim

bench-check: $(BUILD)/polsim
	@sh bench/run.sh --check $(BUILD)/polsim

# Start-up time: median of interleaved runs, with and without the prelude,
# against lua5.4 where it is installed.
STARTUP_RUNS ?= 50
startup: $(BUILD)/polsim $(BUILD)/tools/startup_time
	$(BUILD)/tools/startup_time $(STARTUP_RUNS) $(BUILD)/polsim -e 'print 1' -- $(BUILD)/polsim --no-prelude -e 'print 1' \
	    $(if $(shell command -v lua5.4),-- lua5.4 -e 'print(1)')

$(BUILD)/tools/startup_time: tools/startup_time.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARN) -o $@ $<

# libFuzzer harnesses (clang), one per phase: tests/fuzz/fuzz_parse.c (lexer
# and parser), fuzz_eval.c (the whole interpreter), fuzz_repl.c (the REPL's
# line handling); see tests/fuzz/README. `make fuzz` builds them into
# build/fuzz with ASan and UBSan; `make fuzz-smoke` runs each for
# FUZZ_SECONDS over the seed corpus and the regression inputs.
FUZZ_BUILD   = build/fuzz
FUZZ_SECONDS ?= 15
FUZZ_NAMES   = $(sort $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c))))
fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang OPT="-O1 -g" \
	    SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	    fuzz-harnesses

fuzz-smoke: fuzz
	@sh tests/fuzz/smoke.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)

# Inside the sub-make of `fuzz` (BUILD=build/fuzz, CC=clang): the harnesses.
fuzz-harnesses: $(FUZZ_NAMES:%=$(BUILD)/%)
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(LIBOBJ)
	$(CC) $(CFLAGS_ALL) $(WARN) -fsanitize=fuzzer -MMD -MP -o $@ $< $(LIBOBJ) $(LDLIBS)

# The examples' complete stdout, as tests/run.sh compares it
# (tests/golden/examples/X.out): regenerate after an intended change.
golden-examples: $(BUILD)/polsim
	@sh tools/golden-examples.sh $(BUILD)

# Mutation testing (tools/mutate.py; tests/README.mutate): PER_FILE mutants
# of each of FILES (default: the domain files), drawn with SEED, each built in
# a copy of the tree under build/mutate and run against the tests; prints
# caught / survived per file. FAST=1 skips the whole tests/run.sh for the
# fast tests' survivors. Not part of `make check`: run it before a stop.
SEED     ?= 1
PER_FILE ?= 20
TIMEOUT  ?= 60
FILES    ?=
FAST     ?=
mutate:
	nice -n 15 python3 tools/mutate.py --seed $(SEED) --per-file $(PER_FILE) --timeout $(TIMEOUT) \
	    $(if $(FAST),--fast-only) $(FILES)

# N clean -j2 builds in a row, each into a fresh temporary folder (races).
BUILDLOOP_N ?= 20
buildloop:
	@sh tests/build_loop.sh $(BUILDLOOP_N)

# make install PREFIX=... [DESTDIR=...]: the binary, the manual page
# (doc/polsim.1) and the editor files (editor/: Vim runtime files under
# share/vim/vimfiles, the VS Code extension folder under share/polsim/vscode).
# make uninstall removes exactly those files and the folders polsim owns.
PREFIX  ?= /usr/local
BINDIR  = $(DESTDIR)$(PREFIX)/bin
MAN1DIR = $(DESTDIR)$(PREFIX)/share/man/man1
VIMDIR  = $(DESTDIR)$(PREFIX)/share/vim/vimfiles
VSCDIR  = $(DESTDIR)$(PREFIX)/share/polsim/vscode
VIMFILES = syntax/polsim.vim ftdetect/polsim.vim ftplugin/polsim.vim
VSCFILES = package.json language-configuration.json syntaxes/polsim.tmLanguage.json

install: $(BUILD)/polsim
	install -d $(BINDIR) $(MAN1DIR) $(VSCDIR)/syntaxes $(addprefix $(VIMDIR)/,syntax ftdetect ftplugin)
	install -m 755 $(BUILD)/polsim $(BINDIR)/polsim
	install -m 644 doc/polsim.1 $(MAN1DIR)/polsim.1
	for f in $(VIMFILES); do install -m 644 editor/vim/$$f $(VIMDIR)/$$f || exit 1; done
	for f in $(VSCFILES); do install -m 644 editor/vscode/$$f $(VSCDIR)/$$f || exit 1; done

uninstall:
	rm -f $(BINDIR)/polsim $(MAN1DIR)/polsim.1 $(addprefix $(VIMDIR)/,$(VIMFILES))
	rm -rf $(DESTDIR)$(PREFIX)/share/polsim

clean:
	rm -rf build
