/*
 * changes.h - what changed between two crawls: new and removed
 * repositories (renames and transfers recognised), archived and
 * unarchived, licence changed, publiccode.yml added or turned invalid,
 * accounts that became unreachable. Written after each crawl as
 * changes.json and changes.atom, and by `inventaire diff OLD NEW`.
 *
 * The comparison is pure: it takes two inventories, as the few facts it
 * compares (struct changes_inventory, filled from the crawl's inventory or
 * from a published output folder), and gives the list of changes.
 *
 * Renames and transfers. A forge keeps a repository's identity across a
 * rename or a transfer to another owner, but the listing keys repositories
 * by host and path. A repository that disappeared (OLD) and one that
 * appeared (NEW) are the same repository moved when they are on the same
 * host and, tried in this order:
 *   1. both have the forge's repository id, and it is the same;
 *   2. their clone URLs are the same, compared without case, trailing "/"
 *      or ".git" (a rename that only changed the case);
 *   3. both have a creation time, the same to the second, and they keep
 *      either their name (a transfer) or their owner (a rename).
 * Rules 2 and 3 do not pair two repositories whose ids differ: those are
 * two repositories (the ids are lib/repo.h's forge_id; a state written
 * before they were kept has none).
 * A rule matches only when it pairs one OLD with exactly one NEW; an
 * ambiguous pair (two forks created in the same second) stays a removal
 * and an addition rather than a guess. The move is a "renamed" when the
 * owner is the same (without case), a "transferred" otherwise.
 */
#ifndef INVENTAIRE_CHANGES_H
#define INVENTAIRE_CHANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "lib/buf.h"
#include "output/rapport.h"

/* What the comparison needs of one repository. Strings are owned. */
struct changes_repo {
	char *host;
	char *owner;
	char *full_name;
	char *html_url;
	char *clone_url;
	char *forge_id;          /* the forge's repository id, or NULL */
	char *created_at;        /* RFC 3339, or NULL */
	char *actor;             /* its actor's label, or NULL */
	bool archived;
	bool checked;            /* licence and publiccode.yml are known */
	char *license;           /* SPDX id or expression; NULL: none */
	enum rapport_pc publiccode;
};

struct changes_account {
	char *host;
	char *owner;             /* NULL: a whole forge */
	char *actor;
	bool listed;             /* false: it could not be listed */
	char *error;
};

struct changes_inventory {
	char *date;              /* the crawl's start, RFC 3339, or NULL */
	struct changes_repo *repos;
	size_t nrepos;
	struct changes_account *accounts;
	size_t naccounts;
};

struct changes_inventory *changes_inventory_new(const char *date);
void changes_inventory_free(struct changes_inventory *inv);
/* A new, zeroed repository (publiccode absent); the caller sets its
 * fields with xstrdup(). Valid until the next changes_repo_add(). */
struct changes_repo *changes_repo_add(struct changes_inventory *inv);
struct changes_account *changes_account_add(struct changes_inventory *inv);

enum change_kind {
	CHANGE_ADDED = 0,
	CHANGE_REMOVED,
	CHANGE_RENAMED,
	CHANGE_TRANSFERRED,
	CHANGE_ARCHIVED,
	CHANGE_UNARCHIVED,
	CHANGE_LICENSE,
	CHANGE_PUBLICCODE_ADDED,
	CHANGE_PUBLICCODE_INVALID,
	CHANGE_ACCOUNT_UNREACHABLE,
	CHANGE_NKINDS
};

/* "added", "removed", "renamed", "transferred", "archived", "unarchived",
 * "license_changed", "publiccode_added", "publiccode_invalid",
 * "account_unreachable": the "kind" of changes.json. */
const char *change_kind_name(enum change_kind k);

struct change {
	enum change_kind kind;
	char *host;
	char *full_name;         /* the repository (its new name), or the
	                            account's owner; NULL: a whole forge */
	char *previous;          /* renamed, transferred: the old full name */
	char *url;               /* its web page, or NULL */
	char *actor;
	char *before;            /* license_changed: the old and new licence */
	char *after;             /* ("none" for none); publiccode_added:
	                            "valid" or "invalid"; account: the error */
};

struct changes {
	char *from;              /* the old crawl's date, or NULL */
	char *to;                /* the new crawl's date, or NULL */
	struct change *v;
	size_t n;
	size_t count[CHANGE_NKINDS];
};

/* Compare OLD with NEW into *OUT (sorted by kind, host, name). */
void changes_compute(struct changes *out,
                     const struct changes_inventory *old,
                     const struct changes_inventory *new_);
void changes_clear(struct changes *c);

/*
 * changes.json: {"from", "to", "counts": {KIND: n, ...},
 * "changes": [{"kind", "host", "full_name", "previous", "url", "actor",
 * "before", "after"}, ...]}. A new reference.
 */
json_t *changes_json(const struct changes *c);
/* changes.json's text, as written (indented, keys in order, a final
 * newline), appended to OUT. */
void changes_json_text(struct buf *out, const struct changes *c);
/* One line per change, for a terminal: "renamed github.com/a/x <- a/y". */
void changes_text(struct buf *out, const struct changes *c);
/* An Atom 1.0 feed (RFC 4287), one entry per change, in LANG. */
void changes_atom(struct buf *out, const struct changes *c,
                  enum rapport_lang lang);

/* changes.json and changes.atom into DIR, atomically. */
int changes_write(const char *dir, const struct changes *c,
                  enum rapport_lang lang);

#define CHANGES_JSON "changes.json"
#define CHANGES_ATOM "changes.atom"

#endif
