/* report_json.c - the report as JSON (check --format json): the object
 * report_to_json() builds (lib/report_json.c), indented, in its order. */
#include "output/report_out.h"

int report_write_json(FILE *f, const struct report *r)
{
	json_t *o = report_to_json(r);
	int err = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	                     REPORT_REAL_PRECISION);

	json_decref(o);
	fputc('\n', f);
	return err;
}
