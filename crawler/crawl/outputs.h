/*
 * outputs.h - a crawl's output folder read back: what `inventaire report`
 * and `inventaire diff` read, and the last step of a crawl, which writes
 * the report, its history and the changes from the files it has just
 * published.
 *
 * An output folder, as these read it:
 *
 *   DIR/state/inventory.jsonl  the inventory (crawler/crawl/crawl_state.h;
 *                              inventory.json before 0.2)
 *   DIR/crawl.json             what the crawl reached, and when it started
 *   DIR/history.jsonl          the indicators of every crawl
 *                              (output/rapport.h)
 *   DIR/discover.json          the search for accounts, when
 *                              `inventaire discover` ran (optional)
 *
 * and what a crawl adds after publishing the feeds and the state:
 *
 *   DIR/rapport.html, .md      the report (French)
 *   DIR/history.jsonl          this crawl's lines appended
 *   DIR/changes.json, .atom    what changed since the last crawl
 *   DIR/state/previous/        inventory.jsonl and crawl.json as they were
 *                              when the changes were last computed
 *
 * Why the state keeps the previous inventory rather than the crawl reading
 * it before replacing it: the crawl publishes the feeds, then crawl.json,
 * then the state, so no one moment has both the last crawl's files and
 * this one's; the report and the changes are made from the published
 * files, exactly as `report` and `diff` read them, so that each gives the
 * same bytes; and a crawl that stops before this step loses no change,
 * since the next one compares with the same previous files. The cost is a
 * second copy of the inventory.
 */
#ifndef INVENTAIRE_OUTPUTS_H
#define INVENTAIRE_OUTPUTS_H

#include <stdbool.h>
#include <jansson.h>

#include "config/config.h"
#include "lib/record.h"
#include "output/changes.h"
#include "output/discovery.h"
#include "output/rapport.h"
#include "output/rapport_inventory.h"

/* One crawl's output, as read. */
struct outputs {
	char *inv_path;             /* where it was read from */
	char *crawl_path;
	struct inventory inv;
	json_t *crawl;
	struct rapport_coverage cov; /* points into CRAWL */
	char *crawl_text;           /* crawl.json's bytes */
	size_t crawl_len;
	struct discovery discovery;  /* DIR/discover.json, once
	                                outputs_load_discovery() read it;
	                                else empty: nothing searched */
};

/*
 * Read the output folder DIR into *OUT. 0; ERROR_NOTFOUND when DIR is not
 * a crawl's output folder (the message names the missing file and says to
 * crawl first); ERROR_PARSE when a file is damaged (naming it, the line
 * and what to do); another code when a file cannot be read.
 */
int outputs_load(struct outputs *out, const char *dir);
void outputs_clear(struct outputs *o);

/*
 * Read DIR/discover.json (output/discovery.h) into O, for the report's
 * search status of each actor. A missing file is an empty one: nothing
 * was searched yet. A damaged one leaves O's empty too, every actor not
 * searched, and returns ERROR_PARSE naming the file and what to do: the
 * caller warns and goes on, since the report loses only those statuses.
 */
int outputs_load_discovery(struct outputs *o, const char *dir);

/* The changes from OLD's crawl to NEW's, into *OUT (output/changes.h). */
void outputs_changes(struct changes *out, const struct outputs *old,
                     const struct outputs *new_);

/*
 * The report's model of O's crawl, with the history of folder DIR, and
 * finished: ACCOUNTS and ACTORS are the lists the crawl was run with
 * (ACTORS may be NULL). ERROR_PARSE when the history cannot be read.
 */
int outputs_rapport(struct rapport **out, const struct outputs *o,
                    const char *dir, const struct accounts *accounts,
                    const struct actors *actors);

/*
 * The crawl's last step, once the feeds, crawl.json and the state of DIR
 * are written: the report (French), the history, and the changes since the
 * files of DIR/state/previous/ (none yet: every repository is new). Each
 * file is written atomically; a step that fails does not stop the others
 * (a damaged history still lets the report and the changes be written).
 * 0, or the first failure's code with a message that names every failure.
 * *KEEP is true when the changes were written: the caller then ends its
 * run (a crawl, its resume journal) and calls outputs_keep_previous().
 */
/*
 * Before a crawl replaces the state: when DIR has a last crawl (its state's
 * inventory and crawl.json) but no state/previous/ (a folder made before
 * the changes existed), copy them there, so that the first changes are
 * this crawl's, not every repository "added". Best effort.
 */
void outputs_seed_previous(const char *dir);

int outputs_after_crawl(bool *keep, const char *dir,
                        const struct accounts *accounts,
                        const struct actors *actors,
                        struct changes_inventory *prev_repos);

/*
 * What the changes need of DIR/state/previous/'s inventory, taken from
 * INV, the inventory the crawl just read from DIR/state/, when the two
 * files hold the same bytes (after a finished crawl, the previous files
 * are a copy of the state: crawl_publish() then
 * outputs_keep_previous()); NULL
 * otherwise. Given to outputs_after_crawl() (which takes it), it spares
 * the report a parse of the whole previous inventory: a third of an
 * unchanged crawl's CPU (tests/bench/bench_crawl.py). Computed before
 * the crawl consumes INV; the same bytes give the same records, so it is
 * what reading the previous file would give.
 */
struct changes_inventory *outputs_previous_repos(const char *dir,
                                                 const struct inventory *inv);

/*
 * DIR/state/previous/ becomes DIR's last crawl (its state's inventory and
 * crawl.json): the next changes start from here. Called after the run has
 * ended, so a run killed before resumes and still compares with the crawl
 * before it, never with its own half-finished files; a run killed after
 * its end but before this only makes the next changes span two crawls.
 * 0, or an error naming the file.
 */
int outputs_keep_previous(const char *dir);

#endif
