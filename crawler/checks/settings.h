/*
 * settings.h - a repository's own settings: `.inventaire.yml` at its root,
 * where a team turns a rule off or changes its level, with a reason and
 * possibly a date after which the rule applies again:
 *
 *   rules:
 *     community.changelog-missing:
 *       level: off            # or info, warning, error
 *       reason: "no release yet"
 *       until: 2027-06-30     # optional, the last day it holds
 *
 * The driver (driver.c) reads it from the probed tree, so that `check` and
 * the crawl both honour it. A silenced finding is still listed, marked
 * (lib/report.h, struct finding_setting). A settings file that is not
 * right is a `settings.invalid` finding, with its line and column; the
 * entries that are right still apply.
 */
#ifndef INVENTAIRE_SETTINGS_H
#define INVENTAIRE_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/report.h"
#include "crawler/tree/tree.h"

#define SETTINGS_FILE ".inventaire.yml"
/* A few dozen entries fit in a kilobyte; anything near this is not a
 * settings file. */
#define SETTINGS_MAX_BYTES (64 * 1024)

/* One entry of `rules:`. */
struct setting {
	char *rule;           /* a rule id, known to rules_find() */
	bool off;
	enum level level;     /* when not off */
	char *reason;
	char *until;          /* "YYYY-MM-DD", or NULL */
	unsigned line;        /* the entry's key in the file, 1-based */
	unsigned column;
};

struct settings {
	struct setting *v;
	size_t n;
};

/*
 * Parse DATA[0..len), the text of `.inventaire.yml`, into *OUT: every entry
 * that is right. Each problem is a `settings.invalid` finding in R. Never
 * fails: a file that cannot be read as settings gives no entry.
 */
void settings_parse(struct settings *out, struct report *r, const char *data,
                    size_t len);

/*
 * Read `.inventaire.yml` from the root of T into *OUT (nothing when there
 * is none: one lookup in the root's listing). Problems are findings in R.
 * 0, or a negative lib/error.h code when T cannot be listed.
 */
int settings_load(struct settings *out, struct report *r, struct tree *t);

/*
 * Apply S to R's findings on TODAY ("YYYY-MM-DD"): an entry whose `until`
 * is before TODAY is past and changes nothing. R is sorted again.
 */
void settings_apply(struct report *r, const struct settings *s,
                    const char *today);

void settings_clear(struct settings *s);

#endif
