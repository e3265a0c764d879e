/*
 * report.h - the result of checking one repository: findings plus one JSON
 * section per check.
 *
 * This is a shared record type: crawler/ fills it, output/ prints it.
 * The sections are jansson objects because their only consumers serialize
 * them (check --format json, the crawl feed); the keys are the public
 * contract documented in README.md and never renamed or removed.
 */
#ifndef INVENTAIRE_REPORT_H
#define INVENTAIRE_REPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <jansson.h>

enum level {
	LEVEL_INFO = 0,
	LEVEL_WARNING = 1,
	LEVEL_ERROR = 2,
};

/* One finding: {rule, level, path, line, column, message, fix}. */
struct finding {
	char *rule;          /* stable id, e.g. "readme.missing" */
	enum level level;
	char *path;          /* repository-relative path, or NULL */
	unsigned line;       /* 1-based, 0 when not applicable */
	unsigned column;     /* 1-based, 0 when not applicable */
	char *message;
	char *fix;           /* what to do about it, or NULL */
};

/* A rule: what a finding's id means (check --explain, SARIF, JUnit). */
struct rule {
	const char *id;          /* "readme.missing" */
	enum level level;        /* the level it is reported at */
	const char *summary_en;
	const char *summary_fr;
	const char *explain_en;  /* why it matters and how to fix it */
	const char *explain_fr;
};

struct report {
	/* repository: {"path", "head", "branch"} plus whatever the probe knows */
	json_t *repository;
	/* one object per check: "license", "readme", "publiccode", "community" */
	json_t *sections;
	struct finding *findings;
	size_t nfindings;
	size_t findings_cap;
};

int report_new(struct report **out);
void report_free(struct report *r);

/* Section NAME of the report, created empty on first use. Never NULL. */
json_t *report_section(struct report *r, const char *name);

/*
 * Add a finding. PATH and FIX may be NULL. The message is printf-style.
 * Returns 0, or -ENOMEM.
 */
int report_add(struct report *r, const char *rule, enum level level,
               const char *path, unsigned line, unsigned column,
               const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/* Sort findings by level (errors first), then rule, then path, then line. */
void report_sort(struct report *r);

/* Highest level among the findings, or -1 when there are none. */
int report_max_level(const struct report *r);

/*
 * A JSON string for S, which may come from a repository and so may not be
 * UTF-8 (file names are bytes): invalid bytes are shown as \xNN rather than
 * making the whole document invalid. NULL gives JSON null.
 */
json_t *report_string(const char *s);

const char *level_name(enum level level);
/* 0 and *out set, or -EINVAL for an unknown name. */
int level_parse(enum level *out, const char *name);

#endif
