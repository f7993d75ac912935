/* attrs.h: the one table of attributes, `X.name` for every kind of entity:
 * stored fields, derived figures, market results and meta names, each with
 * how it is read, its dimension, whether a cap may name it, whether compare
 * shows it by default, and its help text. The evaluator reads values through
 * it (run/attr_read.c implements each way of reading), the policies find cap
 * attributes in it, and the REPL completes and documents from it. */
#ifndef POLSIM_ATTRS_H
#define POLSIM_ATTRS_H
#include "facts.h"

typedef enum {
    AG_FIELD,          /* the stored field `arg` (a schema index) */
    AG_CHIP_FIGURE,    /* a chip figure: arg is a CapAttr (facts.h) */
    AG_CHIP_VENDOR,    /* the vendor entity */
    AG_CHIP_INHERITED, /* origin or ecosystem, else the vendor's: arg is the vendor field */
    AG_CHIP_DATACENTER,/* the field, true when not given */
    AG_CLUSTER_CHIP,   /* the chip entity */
    AG_CLUSTER_TOTAL,  /* count x the chip's figure: arg is a CapAttr */
    AG_CLUSTER_OWN,    /* the cluster's own field arg, else count x the chip's (power, price) */
    AG_CLUSTER_RATIO,  /* fp16 / power (arg 0) or price / fp16 (arg 1) of the cluster */
    AG_MARKET_RESULT,  /* a market model result: arg is a MarketStat */
    AG_VENDOR_REVENUE, /* gross (arg 0) or net of levies (arg 1), or write-downs (arg 2: over time only) */
    AG_NAME, AG_TITLE,
} AttrGet;

typedef enum {
    MS_COMPUTE, MS_EFFECTIVE, MS_SPEND, MS_UNITS, MS_POWER, MS_DOMESTIC_SHARE, MS_UNSPENT, MS_TARIFF,
    MS_GREY_SPEND, MS_GREY_UNITS, MS_GREY_COMPUTE, MS_INSTALLED,
} MarketStat;

typedef struct AttrDef {
    EntityKind kind;
    const char *name;
    AttrGet get;
    int arg;
    const Dim *dim;    /* a number's dimension; NULL: not a number, or the schema field's */
    int cap;           /* the CapAttr a cap on it reads, or -1 when it cannot be capped */
    bool derived;      /* worked out, not stored: listed as derived by show and :help */
    bool compared;     /* a default row when compare lists entities of this kind */
    const char *help;  /* NULL: the schema field's help */
} AttrDef;

/* The attribute name of kind, or NULL. */
const AttrDef *attr_find(EntityKind kind, const char *name);
/* Every attribute of every kind, grouped by kind in display order. */
const AttrDef *attr_table(size_t *n);
/* The dimension and the help text, from the schema for stored fields. */
const Dim *attr_dim(const AttrDef *a);
const char *attr_help(const AttrDef *a);
#endif
