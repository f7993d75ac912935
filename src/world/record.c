/* record.c: handing records on (record.h). */
#include "record.h"

static const char *(*renderer)(Report *r, const Record *rec);

void record_set_renderer(const char *(*render)(Report *r, const Record *rec)) { renderer = render; }

const char *record_emit(Report *r, const Record *rec)
{
    if (r->quiet) return NULL;
    Record full = *rec;
    if (!full.scenario) full.scenario = r->scenario;
    if (!full.period) full.period = r->csv_period;
    if (r->sink.take) return r->sink.take(r->sink.ctx, &full);
    return renderer ? renderer(r, &full) : NULL;
}
