/* attrs.c: the attribute table; see attrs.h. */
#include "attrs.h"
#include <string.h>

static const Dim DIM_PER_WATT = {{1, 0, 0, -1, 0, 0}};   /* op/s per W */
static const Dim DIM_PER_FLOPS = {{-1, 0, 1, 0, 1, 0}};  /* $ per op/s */

#define FIELD(k, n, f, c, cmp) {k, n, AG_FIELD, f, NULL, c, false, cmp, NULL}
#define FIGURE(n, a, d, cmp, h) {K_CHIP, n, AG_CHIP_FIGURE, a, d, a, true, cmp, h}
#define TOTAL(n, a, d, cmp) {K_CLUSTER, n, AG_CLUSTER_TOTAL, a, d, -1, true, cmp, "count x the chip's " n}
#define RESULT(n, s, d, h) {K_MARKET, n, AG_MARKET_RESULT, s, d, -1, true, false, h}
#define META(k) {k, "name", AG_NAME, 0, NULL, -1, false, false, "the name it was defined with"}, \
                {k, "title", AG_TITLE, 0, NULL, -1, false, false, "its display title, else its name"}

static const AttrDef ATTRS[] = {
    {K_CHIP, "vendor", AG_CHIP_VENDOR, CH_VENDOR, NULL, -1, false, false, NULL},
    {K_CHIP, "origin", AG_CHIP_INHERITED, VE_ORIGIN, NULL, -1, false, false, NULL},
    {K_CHIP, "ecosystem", AG_CHIP_INHERITED, VE_ECOSYSTEM, NULL, -1, false, false, NULL},
    FIELD(K_CHIP, "year", CH_YEAR, -1, false),
    FIELD(K_CHIP, "fp32", CH_FP32, CA_FP32, false),
    FIELD(K_CHIP, "fp16", CH_FP16, CA_FP16, true),
    FIELD(K_CHIP, "fp8", CH_FP8, CA_FP8, true),
    FIELD(K_CHIP, "int8", CH_INT8, CA_INT8, true),
    FIELD(K_CHIP, "fp4", CH_FP4, CA_FP4, true),
    FIELD(K_CHIP, "memory", CH_MEMORY, CA_MEMORY, true),
    FIELD(K_CHIP, "bandwidth", CH_BANDWIDTH, CA_BANDWIDTH, true),
    {K_CHIP, "interconnect", AG_CHIP_FIGURE, CA_INTERCONNECT, NULL, CA_INTERCONNECT, false, true, NULL},
    FIELD(K_CHIP, "tdp", CH_TDP, CA_TDP, true),
    FIELD(K_CHIP, "price", CH_PRICE, CA_PRICE, true),
    FIELD(K_CHIP, "supply", CH_SUPPLY, -1, false),
    {K_CHIP, "datacenter", AG_CHIP_DATACENTER, CH_DATACENTER, NULL, -1, false, false, NULL},
    FIELD(K_CHIP, "die_area", CH_DIE_AREA, CA_DIE_AREA, false),
    FIELD(K_CHIP, "launch", CH_LAUNCH, -1, false),
    FIELD(K_CHIP, "stock", CH_STOCK, -1, false),
    FIELD(K_CHIP, "source", CH_SOURCE, -1, false),
    FIELD(K_CHIP, "sold_in", CH_SOLD_IN, -1, false),
    FIGURE("tpp", CA_TPP, &DIM_NONE, true, "BIS Total Processing Performance: the largest dense TOPS x bit length"),
    FIGURE("density", CA_DENSITY, &DIM_NONE, true, "performance density: TPP per mm² of die"),
    FIGURE("perf_per_watt", CA_PERF_PER_WATT, &DIM_PER_WATT, true, "fp16 / tdp"),
    FIGURE("price_per_pflops", CA_PRICE_PER_PFLOPS, &DIM_PER_FLOPS, true, "price / fp16"),
    META(K_CHIP),

    {K_CLUSTER, "chip", AG_CLUSTER_CHIP, CL_CHIP, NULL, -1, false, false, NULL},
    FIELD(K_CLUSTER, "count", CL_COUNT, -1, true),
    TOTAL("fp32", CA_FP32, &DIM_COMPUTE, false),
    TOTAL("fp16", CA_FP16, &DIM_COMPUTE, true),
    TOTAL("fp8", CA_FP8, &DIM_COMPUTE, true),
    TOTAL("int8", CA_INT8, &DIM_COMPUTE, false),
    TOTAL("fp4", CA_FP4, &DIM_COMPUTE, false),
    TOTAL("memory", CA_MEMORY, &DIM_DATA, true),
    TOTAL("bandwidth", CA_BANDWIDTH, &DIM_RATE, true),
    TOTAL("interconnect", CA_INTERCONNECT, &DIM_RATE, false),
    /* readable, but not listed: `power` is the cluster's figure to show */
    {K_CLUSTER, "tdp", AG_CLUSTER_TOTAL, CA_TDP, &DIM_POWER, -1, false, false, "count x the chip's tdp"},
    TOTAL("tpp", CA_TPP, &DIM_NONE, false),
    {K_CLUSTER, "power", AG_CLUSTER_OWN, CL_POWER, NULL, -1, false, true, NULL},
    {K_CLUSTER, "price", AG_CLUSTER_OWN, CL_PRICE, NULL, -1, false, true, NULL},
    {K_CLUSTER, "perf_per_watt", AG_CLUSTER_RATIO, 0, &DIM_PER_WATT, -1, true, true, "fp16 / power of the whole cluster"},
    {K_CLUSTER, "price_per_pflops", AG_CLUSTER_RATIO, 1, &DIM_PER_FLOPS, -1, true, true, "price / fp16 of the whole cluster"},
    FIELD(K_CLUSTER, "launch", CL_LAUNCH, -1, false),
    FIELD(K_CLUSTER, "source", CL_SOURCE, -1, false),
    META(K_CLUSTER),

    FIELD(K_MARKET, "budget", MK_BUDGET, -1, false),
    FIELD(K_MARKET, "demand", MK_DEMAND, -1, false),
    FIELD(K_MARKET, "energy_price", MK_ENERGY_PRICE, -1, false),
    FIELD(K_MARKET, "pue", MK_PUE, -1, false),
    FIELD(K_MARKET, "lifetime", MK_LIFETIME, -1, false),
    FIELD(K_MARKET, "incumbent", MK_INCUMBENT, -1, false),
    FIELD(K_MARKET, "switching_cost", MK_SWITCHING, -1, false),
    FIELD(K_MARKET, "source", MK_SOURCE, -1, false),
    FIELD(K_MARKET, "allocation", MK_ALLOCATION, -1, false),
    FIELD(K_MARKET, "price_sensitivity", MK_SENSITIVITY, -1, false),
    FIELD(K_MARKET, "training_share", MK_TRAINING, -1, false),
    FIELD(K_MARKET, "inference_intensity", MK_INTENSITY, -1, false),
    FIELD(K_MARKET, "memory_need", MK_MEMORY_NEED, -1, false),
    RESULT("compute", MS_COMPUTE, &DIM_COMPUTE, "FP16 compute bought per year"),
    RESULT("effective_compute", MS_EFFECTIVE, &DIM_COMPUTE, "compute after the switching cost of other ecosystems"),
    RESULT("spend", MS_SPEND, &DIM_MONEY_, "what buyers pay, levies and tariffs passed on included"),
    RESULT("units", MS_UNITS, &DIM_NONE, "accelerators bought per year"),
    RESULT("power", MS_POWER, &DIM_POWER, "power drawn by what is bought, with PUE"),
    RESULT("domestic_share", MS_DOMESTIC_SHARE, &DIM_NONE, "share of compute made in the market's own country"),
    RESULT("unspent", MS_UNSPENT, &DIM_MONEY_, "budget left over"),
    RESULT("tariff_revenue", MS_TARIFF, &DIM_MONEY_, "import tariffs collected"),
    RESULT("grey_spend", MS_GREY_SPEND, &DIM_MONEY_, "spent through grey routes, markup included"),
    RESULT("grey_units", MS_GREY_UNITS, &DIM_NONE, "accelerators that arrived through grey routes"),
    RESULT("grey_compute", MS_GREY_COMPUTE, &DIM_COMPUTE, "FP16 compute that arrived through grey routes"),
    RESULT("installed", MS_INSTALLED, &DIM_COMPUTE, "FP16 compute bought over the market's lifetime up to the period read"),
    META(K_MARKET),

    FIELD(K_VENDOR, "origin", VE_ORIGIN, -1, false),
    FIELD(K_VENDOR, "ecosystem", VE_ECOSYSTEM, -1, false),
    FIELD(K_VENDOR, "source", VE_SOURCE, -1, false),
    FIELD(K_VENDOR, "fiscal_year_start", VE_FISCAL_START, -1, false),
    {K_VENDOR, "revenue", AG_VENDOR_REVENUE, 0, &DIM_MONEY_, -1, true, false, "sales in every market"},
    {K_VENDOR, "net_revenue", AG_VENDOR_REVENUE, 1, &DIM_MONEY_, -1, true, false, "sales less the revenue shares paid"},
    {K_VENDOR, "writedowns", AG_VENDOR_REVENUE, 2, &DIM_MONEY_, -1, false, false, /* over time only: not shown */
     "stock of its chips written down in the period read (no market may buy them), at list price"},
    META(K_VENDOR),

    FIELD(K_RULE, "source", RU_SOURCE, -1, false),
    META(K_RULE),
};
enum { NATTRS = sizeof ATTRS / sizeof ATTRS[0] };

const AttrDef *attr_find(EntityKind kind, const char *name)
{
    for (int i = 0; i < NATTRS; i++)
        if (ATTRS[i].kind == kind && ATTRS[i].name[0] == name[0] && strcmp(ATTRS[i].name, name) == 0) return &ATTRS[i];
    return NULL;
}

const AttrDef *attr_table(size_t *n)
{
    *n = NATTRS;
    return ATTRS;
}

/* The schema field a row reads directly, or -1. */
static int schema_index(const AttrDef *a)
{
    switch (a->get) {
    case AG_FIELD: case AG_CHIP_VENDOR: case AG_CHIP_DATACENTER: case AG_CLUSTER_CHIP: case AG_CLUSTER_OWN:
        return a->arg;
    case AG_CHIP_INHERITED: return a->arg == VE_ORIGIN ? CH_ORIGIN : CH_ECOSYSTEM;
    case AG_CHIP_FIGURE: return a->arg == CA_INTERCONNECT ? CH_INTERCONNECT : -1;
    default: return -1;
    }
}

const Dim *attr_dim(const AttrDef *a)
{
    if (a->dim) return a->dim;
    int f = schema_index(a);
    return f >= 0 ? schema_for(a->kind)->fields[f].dim : NULL;
}

const char *attr_help(const AttrDef *a)
{
    if (a->help) return a->help;
    int f = schema_index(a);
    return f >= 0 ? schema_for(a->kind)->fields[f].help : "";
}
