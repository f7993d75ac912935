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
# The command-line program is linked wholly statically, the C library too, as
# a static PIE (it keeps address randomisation): the dynamic loader's work
# for libc and libm was a sixth to a fifth of the start (bench/README.md).
# A static program cannot open cairo, so the command line hands its charts to
# the chart helper polsim-chart, built beside it (src/report/chart_remote.c),
# in every build, static or not; libpolsim and the test programs draw in
# process. Builds with sanitizers link dynamically, and so does
# $(BUILD)/polsim-dynamic, the program `make valgrind` checks (valgrind sees
# malloc only in a dynamic program).
# A folder keeps the way it was first linked (in $(BUILD)/link-mode), so a
# later make there without the sanitizer flags (`make install
# BUILD=build/sanitize`) does not link it the other way.
STATIC  ?= $(or $(shell cat $(BUILD)/link-mode 2>/dev/null),$(if $(SANFLAGS),no,yes))
STATIC_LIBS = -lreadline -ltinfo -ljansson -lm
# Relative relocations packed (DT_RELR, binutils 2.38 and glibc 2.36 on): the
# static PIE relocates itself at start, 1.5% faster so.
RELR    = $(if $(shell $(CC) -Wl,-z,pack-relative-relocs -x c -o /dev/null /dev/null -nostdlib -Wl,-e,0 2>&1),,-Wl,-z,pack-relative-relocs)
# readline's ~user completion calls getpwnam & co., which a static glibc
# warns of (they need glibc's own NSS modules at run time, as a dynamic
# program does): those warnings alone are dropped from the link's output.
NSS_WARNING = (in function .(rl_username_completion_function|tilde_expand_word|sh_get_home_dir).|Using .(getpw[a-z]*|setpwent|endpwent). in statically linked)

HELPER_SRC = src/report/chart_remote.c src/report/chart_helper.c
SRC     = $(filter-out $(HELPER_SRC),$(sort $(wildcard src/*/*.c)))
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

# Quiet output (the Linux kernel's manner): each step prints one short line
# ("  CC      build/obj/cli/lsp.o"), a failing step also prints its whole
# command, `make -s` prints neither, and `make V=1` prints every command as
# it runs. $(call cmd,TAG,TARGET,COMMAND) runs COMMAND that way.
V ?= 0
ifeq ($(V),1)
Q =
cmd = $(3)
else
Q = @
MAKEFLAGS += --no-print-directory
quote = '$(subst ','\'',$(1))'
ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
cmd = @$(3) || { printf '%s\n' $(call quote,failed: $(3)) >&2; exit 1; }
else
cmd = @printf '  %-7s %s\n' '$(1)' '$(2)'; $(3) || { printf '%s\n' $(call quote,failed: $(3)) >&2; exit 1; }
endif
endif

.PHONY: all lib python wasm wasm-check web-check run check sanitize clean deps install uninstall bench bench-quick bench-check startup valgrind fuzz fuzz-smoke fuzz-harnesses buildloop scale-check mutate golden-examples
# A rule that fails leaves no half-written target behind.
.DELETE_ON_ERROR:

all: $(BUILD)/polsim lib

deps: $(BUILD)/.deps-ok
$(BUILD)/.deps-ok: scripts/setup.sh
	@sh scripts/setup.sh
	@mkdir -p $(BUILD) && touch $@

# The command line's objects: the chart helper's client instead of cairo.
CLI_OBJ = $(filter-out $(BUILD)/obj/report/chart_cairo.o,$(OBJ)) $(BUILD)/obj/report/chart_remote.o
$(BUILD)/link-mode:
	@mkdir -p $(dir $@) && echo $(STATIC) >$@

# The command line linked dynamically ($@: the program), and statically.
LINK_DYNAMIC = $(CC) $(CFLAGS_ALL) -o $@ $(CLI_OBJ) $(LDLIBS)
LINK_STATIC = { $(CC) $(CFLAGS_ALL) -static-pie $(RELR) -o $@ $(CLI_OBJ) $(STATIC_LIBS) 2>&1; echo "status $$?"; } \
    | grep -Ev '$(NSS_WARNING)' | awk '/^status /{exit $$2} {print > "/dev/stderr"}'

$(BUILD)/polsim: $(CLI_OBJ) | $(BUILD)/polsim-chart $(BUILD)/link-mode
	$(call cmd,LD,$@,$(if $(filter yes,$(STATIC)),$(LINK_STATIC),$(LINK_DYNAMIC)))

$(BUILD)/polsim-dynamic: $(CLI_OBJ) | $(BUILD)/polsim-chart
	$(call cmd,LD,$@,$(LINK_DYNAMIC))

# The chart helper: the drawing objects from the static library, cairo opened as in process.
$(BUILD)/polsim-chart: $(BUILD)/obj/report/chart_helper.o $(BUILD)/libpolsim.a
	$(call cmd,LD,$@,$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libpolsim.a $(LDLIBS))

# Grouped targets: one bison (or flex) run makes both files, even under -j.
$(BUILD)/gen/parser.tab.c $(BUILD)/gen/parser.tab.h &: grammar/parser.y | $(BUILD)/.deps-ok
	@mkdir -p $(BUILD)/gen
	$(call cmd,BISON,$<,bison -Wall -Werror -o $(BUILD)/gen/parser.tab.c --header=$(BUILD)/gen/parser.tab.h $<)

$(BUILD)/gen/lexer.yy.c $(BUILD)/gen/lexer.yy.h &: grammar/lexer.l $(BUILD)/gen/parser.tab.h
	@mkdir -p $(BUILD)/gen
	$(call cmd,FLEX,$<,flex -8 -Cf -o $(BUILD)/gen/lexer.yy.c --header-file=$(BUILD)/gen/lexer.yy.h $<)

$(BUILD)/gen/stdlib_embed.c: $(STDLIB) $(BUILD)/tools/embed
	@mkdir -p $(BUILD)/gen
	$(call cmd,EMBED,$@,$(BUILD)/tools/embed $@ $(STDLIB))

# The bibliography, for `polsim sources` (src/cli/sources.c).
$(BUILD)/gen/docs_embed.c: docs/sources.md $(BUILD)/tools/embed
	@mkdir -p $(BUILD)/gen
	$(call cmd,EMBED,$@,$(BUILD)/tools/embed -s polsim_doc_files $@ docs/sources.md)

$(BUILD)/tools/embed: tools/embed.c include/texthash.h
	@mkdir -p $(dir $@)
	$(call cmd,CC,$@,$(CC) -std=c11 -O1 $(WARN) -Iinclude -o $@ $<)

# The stdlib's syntax trees, prebuilt so start-up does not lex or parse them
# (astio.h). Rebuilt when a stdlib file, the tool or the language layer
# (hence the AST format) changes. The archive lets the linker take only the
# members the tool needs.
$(BUILD)/gen/stdlib_ast.c: $(STDLIB) $(BUILD)/tools/astgen
	@mkdir -p $(BUILD)/gen
	$(call cmd,ASTGEN,$@,$(BUILD)/tools/astgen $@ $(STDLIB))

$(BUILD)/tools/astgen: tools/astgen.c $(BUILD)/tools/liblang.a $(GEN)
	@mkdir -p $(dir $@)
	$(call cmd,CC,$@,$(CC) $(CFLAGS_ALL) $(WARN) -MMD -MP -o $@ $< $(BUILD)/tools/liblang.a -lm)

$(BUILD)/tools/liblang.a: $(LANGOBJ)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@
	$(call cmd,AR,$@,$(AR) rcs $@ $(LANGOBJ))

# Every object waits for the generated headers (the first build has no .d
# files yet to say which need them).
$(BUILD)/obj/%.o: src/%.c $(GEN) | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	$(call cmd,CC,$@,$(CC) $(CFLAGS_ALL) $(WARN) -MMD -MP -c -o $@ $<)

# Generated code: same strictness, minus warnings about what bison/flex emit.
$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(call cmd,CC,$@,$(CC) $(CFLAGS_ALL) $(WARN) -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter -MMD -MP -c -o $@ $<)

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(call cmd,LD,$@,$(CC) $(CFLAGS_ALL) $(WARN) -MMD -MP -o $@ $< $(LIBOBJ) $(LDLIBS) -lcmocka)


# libpolsim (include/polsim.h, docs/api.md): every layer but the command
# line. The static library holds the program's own objects; the shared one
# the same sources compiled again with -fPIC into $(BUILD)/pic, exporting
# only polsim_* (src/api/libpolsim.map), with jansson linked dynamically.
SOVERSION = 1
VERSION := $(shell sed -n 's/^\#define POLSIM_VERSION "\(.*\)"/\1/p' src/cli/version.h)
APIOBJ  = $(filter-out $(BUILD)/obj/cli/%,$(OBJ))
PICOBJ  = $(APIOBJ:$(BUILD)/obj/%=$(BUILD)/pic/%)
# every object's header dependencies (after PICOBJ: -include expands its list at once)
-include $(OBJ:.o=.d) $(HELPER_SRC:src/%.c=$(BUILD)/obj/%.d) $(PICOBJ:.o=.d) $(UNIT_BIN:=.d) $(wildcard $(BUILD)/wasm/obj/*/*.d) $(wildcard $(BUILD)/fuzz_*.d) $(BUILD)/tools/astgen.d
SOLIBS  = -ljansson -lm
# (in variables: a comma would split $(call cmd,...)'s arguments)
SOLDFLAGS = -shared -Wl,-soname,libpolsim.so.$(SOVERSION) -Wl,--version-script=src/api/libpolsim.map -Wl,-z,defs
EXLIBS  = -Wl,-Bstatic -ljansson -Wl,-Bdynamic -lm
lib: $(BUILD)/libpolsim.a $(BUILD)/libpolsim.so $(BUILD)/examples/c/example

$(BUILD)/libpolsim.a: $(APIOBJ)
	$(Q)rm -f $@
	$(call cmd,AR,$@,$(AR) rcs $@ $(APIOBJ))

$(BUILD)/libpolsim.so.$(SOVERSION): $(PICOBJ) src/api/libpolsim.map
	$(call cmd,LD,$@,$(CC) $(CFLAGS_ALL) $(SOLDFLAGS) -o $@ $(PICOBJ) $(SOLIBS))

$(BUILD)/libpolsim.so: $(BUILD)/libpolsim.so.$(SOVERSION)
	$(Q)ln -sf libpolsim.so.$(SOVERSION) $@

$(BUILD)/pic/%.o: src/%.c $(GEN) | $(BUILD)/.deps-ok
	@mkdir -p $(dir $@)
	$(call cmd,CC,$@,$(CC) $(CFLAGS_ALL) -fPIC $(WARN) -MMD -MP -c -o $@ $<)

$(BUILD)/pic/gen/%.o: $(BUILD)/gen/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(call cmd,CC,$@,$(CC) $(CFLAGS_ALL) -fPIC $(WARN) -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter -MMD -MP -c -o $@ $<)

# The C example (examples/c/), against the static library as a client
# builds it: the public header alone, strict C11.
$(BUILD)/examples/c/%: examples/c/%.c include/polsim.h $(BUILD)/libpolsim.a
	@mkdir -p $(dir $@)
	$(call cmd,CC,$@,$(CC) -std=c11 $(OPT) $(SANFLAGS) $(WARN) -pedantic -Iinclude -o $@ $< $(BUILD)/libpolsim.a $(EXLIBS))

# The Python package (python/, docs/python.md) bundles the shared library:
# `make python` copies it in, then `pip install ./python` installs both.
python: $(BUILD)/libpolsim.so.$(SOVERSION)
	$(call cmd,CP,python/polsim/libpolsim.so,cp $(BUILD)/libpolsim.so.$(SOVERSION) python/polsim/libpolsim.so)

# The browser playground (web/, docs/web.md): libpolsim and jansson
# compiled with emscripten into one file, $(WASM)/polsim.js (-sSINGLE_FILE:
# the wasm inside, so it loads from file:// and under Node), and the page,
# $(WASM)/index.html: web/playground.html with polsim.js, web/polsim-web.js
# and every examples/*.pol inlined (web/bundle.js), one file that works
# offline. Not part of `all` or `check`. `make wasm` installs emscripten
# when missing (scripts/setup.sh wasm) and takes jansson's sources from
# Debian's source package (web/fetch-jansson.sh: apt-get with a sources
# list of its own under $(WASM)/apt, nothing of the system's changed), or
# from JANSSON_SRC=DIR (upstream jansson 2.14). Debian's emscripten 3.1.6
# finds its acorn only with NODE_PATH=/usr/share/nodejs. No readline (no
# REPL in the page) and no cairo: charts are src/report/chart_svg.c's
# (POLSIM_NO_CAIRO). `make web-check` (or wasm-check) runs web/check.js
# under Node, then the page in headless Chromium (web/check-browser.js):
# every example's text against the CLI's, a located syntax error, the share
# link, screenshots in $(BUILD)/web-check.
WASM     = $(BUILD)/wasm
EMCC     = NODE_PATH=/usr/share/nodejs emcc
JANSSON_FETCHED = $(WASM)/jansson-src
JANSSON_SRC ?= $(JANSSON_FETCHED)
JANSSON_C = dump error hashtable hashtable_seed load memory pack_unpack strbuffer strconv utf value version
WASM_OBJ = $(filter-out $(WASM)/obj/report/chart_cairo.o,$(APIOBJ:$(BUILD)/obj/%=$(WASM)/obj/%)) $(JANSSON_C:%=$(WASM)/jansson/%.o)
WASM_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -DPOLSIM_NO_CAIRO -O2 -Iinclude -I$(BUILD)/gen -Iweb/jansson -I$(JANSSON_SRC)/src
lparen  := (
# every function polsim.h declares (a paren in $(shell ...) must come from a variable)
WASM_EXPORTS = _malloc,_free,$(shell sed -n 's/^[a-z][a-z_ *]* \**\(polsim_[a-z_]*\)$(lparen).*/_\1/p' include/polsim.h | paste -sd, -)
WASM_LDFLAGS = -O2 -sMODULARIZE=1 -sEXPORT_NAME=createPolsim -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 \
    -sENVIRONMENT=web,node -sEXPORTED_FUNCTIONS=$(WASM_EXPORTS) \
    -sEXPORTED_RUNTIME_METHODS=cwrap,UTF8ToString,stringToUTF8,lengthBytesUTF8
EXAMPLES = $(sort $(wildcard examples/*.pol))

wasm: $(WASM)/index.html

web-check: wasm $(BUILD)/polsim
	@sh web/check.sh $(WASM) $(BUILD)/polsim $(BUILD)/web-check
wasm-check: web-check

$(WASM)/polsim.js: $(WASM_OBJ)
	$(call cmd,EMLD,$@,$(EMCC) $(WASM_LDFLAGS) -o $@ $(WASM_OBJ))

$(WASM)/index.html: web/playground.html web/polsim-web.js web/bundle.js $(WASM)/polsim.js $(EXAMPLES)
	$(call cmd,BUNDLE,$@,node web/bundle.js $@ web/playground.html $(WASM)/polsim.js web/polsim-web.js $(EXAMPLES))

$(WASM)/obj/%.o: src/%.c $(GEN) | $(WASM)/.jansson-ok
	@mkdir -p $(dir $@)
	$(call cmd,EMCC,$@,$(EMCC) $(WASM_CFLAGS) $(WARN) -MMD -MP -c -o $@ $<)

$(WASM)/obj/gen/%.o: $(BUILD)/gen/%.c $(GEN) | $(WASM)/.jansson-ok
	@mkdir -p $(dir $@)
	$(call cmd,EMCC,$@,$(EMCC) $(WASM_CFLAGS) -w -c -o $@ $<)

$(WASM)/jansson/%.o: | $(WASM)/.jansson-ok
	@mkdir -p $(dir $@)
	$(call cmd,EMCC,$@,$(EMCC) -std=c99 -O2 -DHAVE_CONFIG_H -Iweb/jansson -I$(JANSSON_SRC)/src -w -c -o $@ $(JANSSON_SRC)/src/$*.c)

# emscripten (and chromium) installed as the other packages are; jansson's
# sources fetched once, unless JANSSON_SRC names a folder.
$(BUILD)/.deps-wasm-ok: scripts/setup.sh | $(BUILD)/.deps-ok
	@sh scripts/setup.sh wasm
	@touch $@

$(WASM)/.jansson-ok: | $(BUILD)/.deps-wasm-ok
	@if [ "$(JANSSON_SRC)" = "$(JANSSON_FETCHED)" ] && [ ! -f "$(JANSSON_SRC)/src/jansson.h" ]; then \
	    sh web/fetch-jansson.sh $(WASM) || exit 1; fi
	@test -f "$(JANSSON_SRC)/src/jansson.h" || { \
	    echo "make wasm: JANSSON_SRC=$(JANSSON_SRC) is not jansson's sources (no src/jansson.h)"; exit 1; }
	@mkdir -p $(dir $@) && touch $@

run: $(BUILD)/polsim
	./$(BUILD)/polsim examples/quickstart.pol

check: $(BUILD)/polsim lib $(UNIT_BIN) $(BUILD)/tools/lawcheck
	@sh tests/run.sh $(BUILD)

# The laws of docs/language.md ("Contexts") checked on generated programs
# (tests/laws; run by tests/scripts/laws.sh in `make check`).
$(BUILD)/tools/lawcheck: tests/laws/lawcheck.c tests/laws/lawgen.h $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(call cmd,LD,$@,$(CC) $(CFLAGS_ALL) $(WARN) -MMD -MP -o $@ tests/laws/lawcheck.c $(LIBOBJ) $(LDLIBS))

sanitize:
	$(Q)$(MAKE) BUILD=build/sanitize OPT="-O1 -g" \
	    SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" check

valgrind: $(BUILD)/polsim-dynamic
	@sh tests/valgrind.sh $(BUILD)/polsim-dynamic

# Benchmarks (bench/README.md): every table with 5 runs a figure, a quick
# pass with small sizes and 3 runs, and a check that the peers agree.
bench: $(BUILD)/polsim $(BUILD)/polsim-dynamic
	@sh bench/run.sh $(BUILD)/polsim

bench-quick: $(BUILD)/polsim $(BUILD)/polsim-dynamic
	@sh bench/run.sh --quick $(BUILD)/polsim

bench-check: $(BUILD)/polsim
	@sh bench/run.sh --check $(BUILD)/polsim

# The shards of a sweep and a simulation on a one-node Slurm cluster started
# on this machine (job array) and with GNU parallel, concatenated and compared
# with one run; installs munge, Slurm and parallel with apt-get when missing
# (needs root). Not part of `check`, which never reaches the network.
scale-check: $(BUILD)/polsim
	@sh tests/scale/scale_check.sh $(BUILD)/polsim

# Start-up time: median of interleaved runs, with and without the prelude,
# linked statically (build/polsim) and dynamically, against lua5.4 where it
# is installed.
STARTUP_RUNS ?= 50
startup: $(BUILD)/polsim $(BUILD)/polsim-dynamic $(BUILD)/tools/startup_time
	$(BUILD)/tools/startup_time $(STARTUP_RUNS) $(BUILD)/polsim -e 'print 1' -- $(BUILD)/polsim --no-prelude -e 'print 1' \
	    -- $(BUILD)/polsim-dynamic -e 'print 1' \
	    $(if $(shell command -v lua5.4),-- lua5.4 -e 'print(1)')

$(BUILD)/tools/startup_time: tools/startup_time.c
	@mkdir -p $(dir $@)
	$(call cmd,CC,$@,$(CC) -std=c11 -O2 $(WARN) -o $@ $<)

# libFuzzer harnesses (clang), one per phase: tests/fuzz/fuzz_parse.c (lexer
# and parser), fuzz_eval.c (the whole interpreter), fuzz_repl.c (the REPL's
# line handling); see tests/fuzz/README. `make fuzz` builds them into
# build/fuzz with ASan and UBSan; `make fuzz-smoke` runs each for
# FUZZ_SECONDS over the seed corpus and the regression inputs.
FUZZ_BUILD   = build/fuzz
FUZZ_SECONDS ?= 15
FUZZ_NAMES   = $(sort $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c))))
fuzz:
	$(Q)$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang OPT="-O1 -g" \
	    SANFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	    fuzz-harnesses

fuzz-smoke: fuzz
	@sh tests/fuzz/smoke.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)

# Inside the sub-make of `fuzz` (BUILD=build/fuzz, CC=clang): the harnesses.
fuzz-harnesses: $(FUZZ_NAMES:%=$(BUILD)/%)
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(LIBOBJ)
	$(call cmd,LD,$@,$(CC) $(CFLAGS_ALL) $(WARN) -fsanitize=fuzzer -MMD -MP -o $@ $< $(LIBOBJ) $(LDLIBS))

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
TIMEOUT  ?= 20
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
# libpolsim: include/polsim.h, lib/libpolsim.a, lib/libpolsim.so.1 (and
# the libpolsim.so link) and lib/pkgconfig/polsim.pc for `pkg-config
# --cflags --libs polsim` (--static adds jansson and libm).
# make uninstall removes exactly those files and the folders polsim owns.
PREFIX  ?= /usr/local
BINDIR  = $(DESTDIR)$(PREFIX)/bin
LIBEXECDIR = $(DESTDIR)$(PREFIX)/libexec/polsim
MAN1DIR = $(DESTDIR)$(PREFIX)/share/man/man1
VIMDIR  = $(DESTDIR)$(PREFIX)/share/vim/vimfiles
VSCDIR  = $(DESTDIR)$(PREFIX)/share/polsim/vscode
LIBDIR  = $(DESTDIR)$(PREFIX)/lib
INCDIR  = $(DESTDIR)$(PREFIX)/include
PCDIR   = $(LIBDIR)/pkgconfig
VIMFILES = syntax/polsim.vim ftdetect/polsim.vim ftplugin/polsim.vim
VSCFILES = package.json language-configuration.json syntaxes/polsim.tmLanguage.json

install: $(BUILD)/polsim $(BUILD)/libpolsim.a $(BUILD)/libpolsim.so
	install -d $(LIBDIR) $(INCDIR) $(PCDIR)
	install -m 644 include/polsim.h $(INCDIR)/polsim.h
	install -m 644 $(BUILD)/libpolsim.a $(LIBDIR)/libpolsim.a
	install -m 755 $(BUILD)/libpolsim.so.$(SOVERSION) $(LIBDIR)/libpolsim.so.$(SOVERSION)
	ln -sf libpolsim.so.$(SOVERSION) $(LIBDIR)/libpolsim.so
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	    'Name: polsim' 'Description: the polsim scenario language for AI-chip trade policy, embedded (polsim.h)' \
	    'Version: $(VERSION)' 'Libs: -L$${libdir} -lpolsim' 'Libs.private: -ljansson -lm' 'Cflags: -I$${includedir}' \
	    >$(PCDIR)/polsim.pc
	install -d $(BINDIR) $(MAN1DIR) $(VSCDIR)/syntaxes $(addprefix $(VIMDIR)/,syntax ftdetect ftplugin)
	install -m 755 $(BUILD)/polsim $(BINDIR)/polsim
	install -d $(LIBEXECDIR) && install -m 755 $(BUILD)/polsim-chart $(LIBEXECDIR)/polsim-chart
	install -m 644 doc/polsim.1 $(MAN1DIR)/polsim.1
	for f in $(VIMFILES); do install -m 644 editor/vim/$$f $(VIMDIR)/$$f || exit 1; done
	for f in $(VSCFILES); do install -m 644 editor/vscode/$$f $(VSCDIR)/$$f || exit 1; done
	install -d $(DESTDIR)$(PREFIX)/share/polsim/nvim && install -m 644 editor/nvim/polsim.lua $(DESTDIR)$(PREFIX)/share/polsim/nvim/polsim.lua

uninstall:
	rm -f $(INCDIR)/polsim.h $(LIBDIR)/libpolsim.a $(LIBDIR)/libpolsim.so.$(SOVERSION) $(LIBDIR)/libpolsim.so $(PCDIR)/polsim.pc
	rm -f $(BINDIR)/polsim $(MAN1DIR)/polsim.1 $(addprefix $(VIMDIR)/,$(VIMFILES))
	rm -rf $(LIBEXECDIR)
	rm -rf $(DESTDIR)$(PREFIX)/share/polsim

clean:
	rm -rf build
