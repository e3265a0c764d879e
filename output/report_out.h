/*
 * report_out.h - print one repository's report: text for people, JSON for
 * programs, SARIF 2.1.0 for code scanning, JUnit XML for CI dashboards.
 * The same report gives the same bytes: nothing depends on time or order
 * of discovery.
 */
#ifndef INVENTAIRE_REPORT_OUT_H
#define INVENTAIRE_REPORT_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/report.h"

/* --fail-on never: no level reaches it. */
#define FAIL_ON_NEVER 3

/* The rules known to the program, for SARIF's rule table and JUnit's test
 * cases; the caller passes the registry. */
struct rule_set {
	const struct rule *const *v;
	size_t n;
};

int report_write_json(FILE *f, const struct report *r);
int report_write_text(FILE *f, const struct report *r, int fail_on, bool color);
int report_write_sarif(FILE *f, const struct report *r,
                       const struct rule_set *rules);
int report_write_junit(FILE *f, const struct report *r,
                       const struct rule_set *rules, int fail_on);

#endif
