/*
 * rapport_inventory.h - the report's model (output/rapport.h) and the
 * changes' inventories (output/changes.h) from what a crawl leaves: its
 * typed inventory (lib/record.h), its crawl.json (what it reached), and
 * the accounts list and actors it was run with (config/config.h).
 *
 * Pure: the inventory and crawl.json are read from the output folder by
 * crawler/crawl/outputs.c; nothing here touches a file, so the tests give
 * records made by hand.
 */
#ifndef INVENTAIRE_RAPPORT_INVENTORY_H
#define INVENTAIRE_RAPPORT_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "config/config.h"
#include "lib/record.h"
#include "lib/report.h"
#include "output/changes.h"
#include "output/discovery.h"
#include "output/rapport.h"

/*
 * What the report reads of crawl.json (output/schema/crawl.schema.json):
 * when the crawl started, and each account it tried to list. Strings
 * point into the JSON document, which must outlive this.
 */
struct rapport_coverage_account {
	const char *host;
	const char *owner;       /* NULL: a whole forge */
	const char *forge;       /* "github", ... */
	const char *actor;       /* its actor's label, or NULL */
	bool listed;
	const char *error;       /* why it could not be listed, or NULL */
	unsigned long repositories;
};

struct rapport_coverage {
	const char *started_at;  /* the crawl's start, RFC 3339 */
	const char *config;      /* the accounts list it read ("embedded
	                            accounts.yml", or a file name) */
	struct rapport_coverage_account *v;
	size_t n;
};

/*
 * Read CRAWL (crawl.json's document) into *OUT; NAME is its path, for
 * messages. 0, or ERROR_PARSE naming the key that is missing or of the
 * wrong type.
 */
int rapport_coverage_read(struct rapport_coverage *out, const json_t *crawl,
                          const char *name);
void rapport_coverage_clear(struct rapport_coverage *c);

/* What a crawl left, for the report. */
struct rapport_input {
	const struct inventory *inv;        /* state/inventory.json */
	const struct rapport_coverage *cov; /* crawl.json */
	const struct accounts *accounts;    /* the accounts list, or NULL */
	const struct actors *actors;        /* the actors, or NULL (a
	                                       national list given without
	                                       --actors) */
	const struct discovery *discovery;  /* discover.json, or NULL:
	                                       nothing searched yet */
};

/*
 * The report's model of one crawl, not finished (the caller adds the
 * history, then calls rapport_finish()). VERSION is the program's.
 *
 * Each repository goes to the actor of its account: the actors list's
 * (config/config.h, actors_for_account: the one that claims the account,
 * else the one with its pso_id), else the actor the crawl recorded, else
 * the account's pso_id alone; else no known actor. The actors with no
 * account are the actors list's (actors_next_unlisted). Every actor of the
 * actors list gets its search status, last search and candidates
 * (output/discovery.h, discovery_status).
 */
struct rapport *rapport_from_inventory(const struct rapport_input *in,
                                       const char *version);

/*
 * The inventory the changes compare (output/changes.h) of one crawl:
 * every repository of INV and every account of COV, each with the
 * forge's own id when its record has one (lib/repo.h, forge_id; a state
 * written before it was kept has none, and falls back on clone URL and
 * creation time).
 */
struct changes_inventory *changes_from_inventory(
	const struct inventory *inv, const struct rapport_coverage *cov);
/* The same in two steps: INV's repositories (no date, no account), then
 * COV's date and accounts added; the result is changes_from_inventory()'s.
 * A crawl takes the first from the inventory it reads at its start, which
 * it then consumes (crawler/crawl/outputs.h). */
struct changes_inventory *changes_from_repos(const struct inventory *inv);
void changes_add_coverage(struct changes_inventory *out,
                          const struct rapport_coverage *cov);

/* The verdict on publiccode.yml of CHECK, as the feeds publish it
 * (output/feed_check.c, "publiccode_status"). */
enum rapport_pc rapport_publiccode_of(const struct report *check);

#endif
