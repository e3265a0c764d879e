/*
 * crawl_state.h - what one crawl leaves for the next, under OUT/state/:
 *
 *   lock            held (flock) while a crawl runs on OUT
 *   inventory.json  the last complete run's inventory: stale-keeping and
 *                   incremental checks start from it
 *   journal.jsonl   accounts finished by a run that has not completed;
 *                   a run after a crash or kill -9 reuses them
 *   git/, http/     the probe's repository cache, the API's ETag cache
 *
 * inventory.json is replaced atomically at the end of a run; the journal is
 * appended one fsync'd line per account, so a crash loses at most the
 * accounts being worked on. Both hold records in the JSON of
 * crawler/crawl/record_json.h.
 */
#ifndef INVENTAIRE_CRAWL_STATE_H
#define INVENTAIRE_CRAWL_STATE_H

#include <jansson.h>

#include "lib/record.h"

/* Take the lock of STATE_DIR (created if needed); *FD stays open. 0, or
 * ERROR_ACCESS (another crawl holds it) or an I/O error. */
int state_lock(int *fd, const char *state_dir);
void state_unlock(int fd);

/* The last inventory, or an empty one when there is none yet. A corrupt
 * file is an error: it is never silently replaced, since that would lose
 * the stale entries. */
int state_load(struct inventory *out, const char *state_dir);
int state_save(const char *state_dir, const struct inventory *inv);

/* One account finished by a run: its records, and its crawl.json counts
 * (the probes' methods and paths, as crawl.json prints them). */
struct journal_entry {
	char *key;                 /* the account's key (crawl_int.h) */
	struct inventory found;    /* its repositories and owners */
	json_t *methods;
	json_t *paths;
};

struct journal;
/* Open STATE_DIR/journal.jsonl, loading the entries of an interrupted run
 * made with the same CHECKER; start a new one otherwise. */
int journal_open(struct journal **out, const char *state_dir,
                 const char *checker);
/* The entry of account KEY from the interrupted run, or NULL. The journal
 * keeps it; its records may be moved out. */
struct journal_entry *journal_get(struct journal *j, const char *key);
/* Append account KEY's records and counts, and fsync. */
int journal_add(struct journal *j, const char *key,
                const struct inventory *found, const json_t *methods,
                const json_t *paths);
/* The run completed: remove the journal. */
void journal_done(struct journal *j);
void journal_free(struct journal *j);

#endif
