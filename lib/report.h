/*
 * report.h - the result of checking one repository: what the probe found
 * about the repository, one typed section per check, and the findings.
 *
 * A shared record type: the probes and checks (crawler/) fill it, the
 * report writers and the feeds (output/) read it, and the crawl keeps it in
 * its inventory record (lib/record.h). It is C all the way; JSON exists only
 * where it is printed (`check --format json`, the feeds) and at the state
 * boundary (crawler/crawl/), both through report_to_json() and
 * report_from_json() so that a result reused from the last crawl prints
 * exactly as it did. The JSON keys are the public contract documented in
 * README.md and are never renamed or removed.
 *
 * Strings are owned by the report (malloc'd) and NULL means "none" (JSON
 * null). Tri-state booleans are `enum tristate`.
 */
#ifndef INVENTAIRE_REPORT_H
#define INVENTAIRE_REPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

enum level {
	LEVEL_INFO = 0,
	LEVEL_WARNING = 1,
	LEVEL_ERROR = 2,
};

/* true, false, or not known (JSON null). */
enum tristate {
	TRI_UNKNOWN = -1,
	TRI_FALSE = 0,
	TRI_TRUE = 1,
};

/*
 * What the repository's own settings (`.inventaire.yml`, read by
 * crawler/checks/settings.c) did to a finding: silenced it, or changed its
 * level, for a reason and possibly until a date.
 */
struct finding_setting {
	bool off;            /* silenced: listed, but counted nowhere */
	enum level from;     /* the level the check gave (when not off) */
	char *reason;
	char *until;         /* "YYYY-MM-DD", the last day it holds; or NULL */
	char *path;          /* where the setting is: ".inventaire.yml" */
	unsigned line;       /* of the rule's entry there, 1-based */
	unsigned column;
};

/* One finding: {rule, level, path, line, column, message, fix}. */
struct finding {
	char *rule;          /* stable id, e.g. "readme.missing" */
	enum level level;    /* after the settings, when one changed it */
	char *path;          /* repository-relative path, or NULL */
	unsigned line;       /* 1-based, 0 when not applicable */
	unsigned column;     /* 1-based, 0 when not applicable */
	char *message;
	char *fix;           /* what to do about it, or NULL */
	struct finding_setting *setting;  /* NULL: no setting touched it */
	/* MESSAGE and FIX in the user's language (lib/i18n.h), or NULL when
	 * they read the same: the writers for people print them
	 * (finding_message(), finding_fix()), JSON and fingerprints keep the
	 * English. Not kept in the crawl's state. */
	char *message_l10n;
	char *fix_l10n;
};

/* What a finding says, in the user's language. */
static inline const char *finding_message(const struct finding *f)
{
	return f->message_l10n ? f->message_l10n : f->message;
}

static inline const char *finding_fix(const struct finding *f)
{
	return f->fix_l10n ? f->fix_l10n : f->fix;
}

/* A silenced finding is still listed, but counts for no level, no
 * verdict and no --fail-on. */
static inline bool finding_suppressed(const struct finding *f)
{
	return f->setting && f->setting->off;
}

/*
 * A rule: what a finding's id means (check --explain, SARIF, JUnit). The
 * texts are English, marked N_() in the rule tables; the writers translate
 * them (po/fr.po holds the French).
 */
struct rule {
	const char *id;          /* "readme.missing" */
	enum level level;        /* the level it is reported at */
	const char *summary_en;
	const char *explain_en;  /* why it matters and how to fix it */
};

/*
 * "repository": facts, not verdicts. The probe fills them; the repository
 * check turns them into findings (no commits, HEAD to a missing branch).
 */
struct report_repository {
	char *path;          /* local: the top folder checked; else NULL */
	char *url;           /* remote: the URL fetched, as given; else NULL */
	char *head;          /* the commit checked, NULL when none */
	char *branch;        /* NULL when there is no commit or HEAD is detached */
	char *source;        /* "git", "git-bare", "worktree", "directory",
	                        "remote" */
	/* Facts for the repository check; not printed (its findings are). */
	bool no_commits;     /* HEAD (or the remote branch) has no commit */
	char *head_missing;  /* the ref HEAD names, which does not exist */
	char *branches;      /* with head_missing: "main, dev" (the first 10) */
	/* A file at the root that findings about a missing file can point at
	 * (SARIF needs a real file): the README, else .inventaire.yml, else
	 * the first file; NULL when the root has no file. Not printed. */
	char *anchor;
	bool fetched;        /* remote: the "fetch" object below is filled */
	struct {
		char *method;    /* "v2-filter-tree", "libgit2-fetch", ... */
		unsigned long long bytes;
		unsigned long requests;  /* 0: not counted (the key is absent) */
	} fetch;
};

/* "license": what the licence check found. */
struct report_license_file {
	char *path;
	char *spdx;          /* NULL prints as "NOASSERTION" */
	double confidence;   /* percent; < 0 prints as null */
	char *matcher;       /* "template", "similar", "copyright"...; NULL = null */
	/* A licence with changes or other text around it: the licence it is
	 * based on, else NULL (the "modified" object is absent)... */
	char *modified;
	/* ...and the words added and removed, space-separated, "..." at the
	 * end when there were more; MORE: too many to list. */
	char *added;
	char *removed;
	bool more;
};

struct report_license_declared {
	char *source;        /* "package.json", "publiccode.yml", "README.md" */
	char *expression;    /* normalised SPDX expression, or NULL */
	char *value;         /* the raw value when it is not an expression */
};

struct report_license {
	bool present;        /* the check ran (else the section is null) */
	char *spdx;          /* id or expression, "NOASSERTION", or NULL */
	enum tristate authorized;
	char *category;      /* "permissive", "reciprocal", ... or NULL */
	char *note;          /* GNU v3 -only/-or-later note, or NULL (absent) */
	struct report_license_file *files;
	size_t nfiles;
	struct report_license_declared *declared;
	size_t ndeclared;
	char **licenses;     /* the distinct ids of the files */
	size_t nlicenses;
};

/* "readme" */
struct report_readme {
	bool present;
	char *path;          /* NULL when there is none */
	long long bytes;     /* < 0: not read (the key is absent) */
};

/* "publiccode": one result as the reference parser reports it. */
struct report_pc_result {
	enum level level;    /* LEVEL_ERROR or LEVEL_WARNING ("type") */
	char *key;           /* "" when none */
	char *description;
	unsigned line;       /* 1-based; 0 = no position */
	unsigned column;
};

struct report_publiccode {
	bool present;
	char *path;          /* "publiccode.yml", "publiccode.yaml", or NULL */
	enum tristate valid; /* unknown when there is no file */
	char *version;       /* publiccodeYmlVersion when a string, else NULL */
	struct report_pc_result *results;
	size_t nresults;
};

/* "community": the path of each file found, or NULL. */
struct report_community {
	bool present;
	char *contributing;
	char *changelog;
	char *code_of_conduct;
	char *security;
};

/*
 * "codegouvfr": the files code.gouv.fr's crawler (its ecosyste.ms instance)
 * finds by its own rules, which its awesome-score reads: the first path
 * matching each, or NULL (crawler/checks/codegouvfr.c says which rules).
 * Facts, no findings. The JSON key is absent (not null) from a report made
 * before the section existed, so that it prints as it did.
 */
struct report_codegouvfr {
	bool present;
	char *license;
	char *readme;
	char *contributing;
	char *changelog;
	char *publiccode;
};

struct report {
	struct report_repository repository;
	struct report_license license;
	struct report_readme readme;
	struct report_publiccode publiccode;
	struct report_community community;
	struct report_codegouvfr codegouvfr;
	struct finding *findings;
	size_t nfindings;
	size_t findings_cap;
};

int report_new(struct report **out);
void report_free(struct report *r);

/*
 * Add a finding. PATH and FIX may be NULL. The message is printf-style.
 * FMT and FIX are English; their translations (lib/i18n.h) are kept beside
 * them, so that the call sites do not change. Returns 0.
 */
int report_add(struct report *r, const char *rule, enum level level,
               const char *path, unsigned line, unsigned column,
               const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));
int report_addv(struct report *r, const char *rule, enum level level,
                const char *path, unsigned line, unsigned column,
                const char *fix, const char *fmt, va_list ap)
	__attribute__((format(printf, 8, 0)));

/*
 * Set the fix of the finding report_add() added last, from a printf-style
 * FMT, for a fix that names something (a licence id). FMT is English; its
 * translation is kept beside it, as report_add() does.
 */
void report_set_fix(struct report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sort findings: silenced ones last; then by level (errors first), rule,
 * path, line. */
void report_sort(struct report *r);

/* Highest level among the findings that are not silenced, or -1 when
 * there are none. */
int report_max_level(const struct report *r);

/* Findings of LEVEL whose rule starts with PREFIX ("publiccode."), silenced
 * ones aside. */
size_t report_count(const struct report *r, const char *prefix,
                    enum level level);
/* Silenced findings. */
size_t report_count_suppressed(const struct report *r);

/*
 * Undo the settings that no longer hold on TODAY ("YYYY-MM-DD"): their
 * `until` is past. A report kept from an earlier run (the crawl reuses the
 * report of an unchanged repository) is then what a new check would give.
 */
void report_expire_settings(struct report *r, const char *today);
/* TODAY as settings compare it: the UTC date of NOW, "YYYY-MM-DD". */
void report_today(char out[11], long long now);

/*
 * Flags for json_dump*() wherever JSON with reals is printed: 15
 * significant digits (DBL_DIG) give back a decimal of up to 15 digits as it
 * was written, 98.6 and not the 98.599999999999994 of jansson's default 17.
 */
#define REPORT_REAL_PRECISION JSON_REAL_PRECISION(15)

/*
 * json_dumpf(V, F, FLAGS), the same bytes, put together in memory and
 * written in one fwrite(3): json_dumpf() calls fwrite once per token, and
 * the state and the journal, a few thousand tokens per record, spent more
 * in stdio than in jansson (tests/bench/bench_crawl.py). 0 or -1.
 */
int report_json_dumpf(const json_t *v, FILE *f, size_t flags);

/*
 * The report as the JSON object `check --format json` prints and the crawl
 * keeps in its state: {"repository", "license", "readme", "publiccode",
 * "community", "codegouvfr", "summary", "findings"}. A new reference.
 */
json_t *report_to_json(const struct report *r);
/*
 * The inverse, for the state boundary: *OUT from an object report_to_json()
 * made (by this or an earlier version). Unknown keys are ignored, missing
 * ones are "unknown". 0, or ERROR_PARSE with error_last() naming what is
 * wrong.
 */
int report_from_json(struct report **out, const json_t *v);

/*
 * A JSON string for S, which may come from a repository and so may not be
 * UTF-8 (file names are bytes): invalid bytes are shown as \xNN rather than
 * making the whole document invalid. NULL gives JSON null.
 */
json_t *report_string(const char *s);

/*
 * A copy of S for a report string: as is when it is UTF-8, else with
 * report_string()'s \xNN escapes, so that every writer prints the same
 * text. NULL gives NULL.
 */
char *report_strdup(const char *s);
/* Replace the report string *FIELD with report_strdup(S). */
void report_set(char **field, const char *s);

const char *level_name(enum level level);
/* 0 and *out set, or ERROR_INVALID for an unknown name. */
int level_parse(enum level *out, const char *name);

#endif
