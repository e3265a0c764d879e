/*
 * crawl_state.h - what one crawl leaves for the next, under OUT/state/:
 *
 *   lock            held (flock) while a crawl runs on OUT
 *   inventory.json  the last complete run's records: stale-keeping and
 *                   incremental checks start from it
 *   journal.jsonl   accounts finished by a run that has not completed;
 *                   a run after a crash or kill -9 reuses them
 *   git/, http/     the probe's repository cache, the API's ETag cache
 *
 * inventory.json is replaced atomically at the end of a run; the journal is
 * appended one fsync'd line per account, so a crash loses at most the
 * account being worked on.
 */
#ifndef INVENTAIRE_CRAWL_STATE_H
#define INVENTAIRE_CRAWL_STATE_H

#include <jansson.h>

/* Take the lock of STATE_DIR (created if needed); *FD stays open. */
int state_lock(int *fd, char **err, const char *state_dir);
void state_unlock(int fd);

/* The last inventory ({"checker", "repos", "owners", "listed_at"}), or an
 * empty one when there is none yet. A corrupt file is an error: it is
 * never silently replaced, since that would lose the stale entries. */
int state_load(json_t **out, char **err, const char *state_dir);
int state_save(char **err, const char *state_dir, const json_t *inventory);

struct journal;
/* Open STATE_DIR/journal.jsonl, loading the entries of an interrupted run
 * made with the same CHECKER; start a new one otherwise. */
int journal_open(struct journal **out, char **err, const char *state_dir,
                 const char *checker);
/* The entry of account KEY from the interrupted run, or NULL. Borrowed. */
json_t *journal_get(struct journal *j, const char *key);
/* Append ENTRY (it must have "key") and fsync. */
int journal_add(struct journal *j, char **err, const json_t *entry);
/* The run completed: remove the journal. */
void journal_done(struct journal *j);
void journal_free(struct journal *j);

#endif
