/* ast.c: node constructors and list helpers; see ast.h. */
#include "ast.h"

Expr *ast_expr(Arena *a, ExprKind kind, Loc loc)
{
    Expr *e = arena_alloc(a, sizeof *e);
    e->kind = kind;
    e->loc = loc;
    return e;
}

Stmt *ast_stmt(Arena *a, StmtKind kind, Loc loc)
{
    Stmt *s = arena_alloc(a, sizeof *s);
    s->kind = kind;
    s->loc = loc;
    return s;
}

#define APPEND(T, a, b)                         \
    do {                                        \
        if (!(a)) return (b);                   \
        T *last_ = (a);                         \
        while (last_->next) last_ = last_->next; \
        last_->next = (b);                      \
        return (a);                             \
    } while (0)

Expr *ast_expr_append(Expr *a, Expr *b) { APPEND(Expr, a, b); }
Stmt *ast_stmt_reverse(Stmt *s)
{
    Stmt *out = NULL;
    while (s) {
        Stmt *next = s->next;
        s->next = out;
        out = s;
        s = next;
    }
    return out;
}
Field *ast_field_append(Field *a, Field *b) { APPEND(Field, a, b); }

const char *entity_kind_name(EntityKind k)
{
    static const char *const names[K_COUNT] = {"chip", "cluster", "market", "vendor", "rule", "scenario"};
    return k < K_COUNT ? names[k] : "?";
}
