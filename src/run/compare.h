/* compare.h: the table behind `compare` and `plot compare` (exec.c builds
 * it, plot.c charts it). Everything it points to lives in the interpreter's
 * arena. */
#ifndef POLSIM_COMPARE_H
#define POLSIM_COMPARE_H
#include "interp.h"

typedef struct CompareTable {
    Value items[16];          /* the compared entities (columns) */
    const char *cols[16];     /* their names */
    int n;                    /* columns */
    bool scenarios;           /* the items are scenarios (metrics read in each) */
    const char *extra_header; /* "A/B", "B - A" or NULL (not two items) */
    Metric *labels;           /* nrows metrics */
    Value *cells, *extra;     /* nrows x n cells; the ratio or difference per row */
    int nrows;
} CompareTable;

/* compare ITEMS [on METRICS]: evaluates every cell (metric_list NULL: the
 * kind's default figures, dropping those no item has). */
void compare_table(Interp *I, Expr *item_list, Expr *metric_list, Loc loc, CompareTable *t);
/* plot compare ... [to "FILE"]: the comparison as a bar chart (plot.c). */
void plot_stmt(Interp *I, const Stmt *s);
/* plot series / plot sweep: a table (nrows x positions xs, ncols
 * expressions, row-major cells) as a line chart, a line per expression,
 * to the terminal or file (plot.c). */
void plot_lines(Interp *I, const Stmt *s, const char *const *cols, int ncols, const char *const *xs, const char *x_label,
                const Value *cells, int nrows, const char *file, Loc file_loc);
#endif
