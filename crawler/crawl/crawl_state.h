/*
 * crawl_state.h - what one crawl leaves for the next, under OUT/state/:
 *
 *   lock             held (flock) while a crawl runs on OUT
 *   inventory.jsonl  the last complete run's inventory: stale-keeping and
 *                    incremental checks start from it (crawl_inventory.c;
 *                    inventory.json before 0.2, which still loads)
 *   journal.jsonl    accounts finished by a run that has not completed;
 *                    a run after a crash or kill -9 reuses them
 *   git/, http/      the probe's repository cache, the API's ETag cache
 *
 * inventory.jsonl is replaced atomically at the end of a run; the journal
 * is appended one fsync'd line per account, so a crash loses at most the
 * accounts being worked on. Both hold records in the JSON of
 * crawler/crawl/record_json.h, one at a time: neither is ever held whole
 * in memory as JSON.
 */
#ifndef INVENTAIRE_CRAWL_STATE_H
#define INVENTAIRE_CRAWL_STATE_H

#include <stdbool.h>
#include <jansson.h>

#include "lib/record.h"

/* Take the lock of STATE_DIR (created if needed); *FD stays open. 0, or
 * ERROR_ACCESS (another crawl holds it) or an I/O error. */
int state_lock(int *fd, const char *state_dir);
void state_unlock(int fd);

/* What an inventory says of the run that wrote it, beside its records. */
struct state_info {
	struct record_entry *entries;  /* the accounts list it was made from
	                                  (none in a state before 0.2) */
	size_t nentries;
	char *shard;                   /* "K/N" for a sharded crawl, else NULL */
};

/*
 * The last inventory, or an empty one when there is none yet; INFO (may be
 * NULL) gets what the state says of its run. A corrupt file is an error:
 * it is never silently replaced, since that would lose the stale entries.
 */
int state_load(struct inventory *out, struct state_info *info,
               const char *state_dir);
/* Replace the inventory with INV, made from ENTRIES by shard SHARD ("K/N"
 * or NULL): one line per record, never the whole as one JSON value. */
int state_save(const char *state_dir, const struct inventory *inv,
               const struct record_entry *entries, size_t nentries,
               const char *shard);
/*
 * state_save() in two steps, so that the state is written while the feeds
 * are (crawl_publish.c) and still replaces the last one only after them:
 * state_write() writes it beside its place; state_commit() puts it there
 * when OK, else removes it, and frees *W either way. Both 0 or a negative
 * lib/error.h code; *W is NULL after a failed state_write().
 */
struct state_write;
int state_write(struct state_write **w, const char *state_dir,
                const struct inventory *inv,
                const struct record_entry *entries, size_t nentries,
                const char *shard);
int state_commit(struct state_write *w, bool ok);
void state_info_clear(struct state_info *info);

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
