/* wasm_shim.c: the browser build's dlopen (make wasm). polsim opens cairo
 * with dlopen when it draws a chart (src/report/chart_cairo.c); emscripten
 * without its dynamic linking aborts the whole module there. The Makefile
 * compiles chart_cairo.c for the browser with -Ddlopen=polsim_wasm_dlopen:
 * this one finds nothing and says why through libc's dlerror, so a chart
 * fails as on a machine without libcairo2 (the HTML page says so in place
 * of the figure) and everything else runs. */
#include <dlfcn.h>
#include <stddef.h>

void __dl_seterr(const char *fmt, ...); /* musl's: what dlerror returns next */

void *polsim_wasm_dlopen(const char *file, int mode);
void *polsim_wasm_dlopen(const char *file, int mode)
{
    (void)mode;
    __dl_seterr("%s: cairo is not part of the browser build (make wasm)", file ? file : "");
    return NULL;
}
