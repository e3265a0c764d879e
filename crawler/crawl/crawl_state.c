/* crawl_state.c - the lock and the resume journal (the inventory is
 * crawl_inventory.c's). */
#include "crawler/crawl/crawl_state.h"

#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crawler/crawl/record_json.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/report.h"

#define JOURNAL   "journal.jsonl"

int state_lock(int *fd, const char *state_dir)
{
	char *path = xasprintf("%s/lock", state_dir);
	int e;

	if (mkdir(state_dir, 0755) < 0 && errno != EEXIST) {
		e = error_errno(errno, "cannot create the state folder %s",
		                state_dir);
		free(path);
		return e;
	}
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		e = error_errno(errno, "cannot create the lock file %s", path);
		free(path);
		return e;
	}
	/* flock dies with the process, so kill -9 never leaves a stale lock. */
	if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		e = error_set(ERROR_ACCESS, "%s: another crawl is running on this "
		              "output folder (wait for it, or give another --out)",
		              path);
		close(*fd);
		*fd = -1;
		free(path);
		return e;
	}
	free(path);
	return 0;
}

void state_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

struct journal {
	char *path;
	struct journal_entry *v;   /* the interrupted run's accounts */
	size_t n;
	FILE *f;
	double synced;             /* when it was last fsync'd (monotonic s) */
};

static void entry_clear(struct journal_entry *e)
{
	free(e->key);
	inventory_clear(&e->found);
	json_decref(e->methods);
	json_decref(e->paths);
	memset(e, 0, sizeof(*e));
}

/* One line of the journal as an entry; false when it is not one (a torn
 * last line, or a record this version cannot read: the account is then
 * listed again). */
static bool entry_from_json(struct journal_entry *out, const json_t *v)
{
	const char *key = json_string_value(json_object_get(v, "key"));

	memset(out, 0, sizeof(*out));
	if (!key)
		return false;
	out->key = xstrdup(key);
	if (record_repos_from_json(&out->found, json_object_get(v, "records"),
	                           "records") < 0 ||
	    record_owners_from_json(&out->found, json_object_get(v, "owners"),
	                            "owners") < 0) {
		entry_clear(out);
		return false;
	}
	out->methods = json_incref(json_object_get(v, "methods"));
	out->paths = json_incref(json_object_get(v, "paths"));
	if (!json_is_object(out->methods)) {
		json_decref(out->methods);
		out->methods = json_object();
	}
	if (!json_is_object(out->paths)) {
		json_decref(out->paths);
		out->paths = json_object();
	}
	return true;
}

/* Keep E, replacing an earlier entry of the same account. */
static void journal_keep(struct journal *j, struct journal_entry *e)
{
	for (size_t i = 0; i < j->n; i++)
		if (!strcmp(j->v[i].key, e->key)) {
			entry_clear(&j->v[i]);
			j->v[i] = *e;
			return;
		}
	j->v = xrealloc(j->v, (j->n + 1) * sizeof(*j->v));
	j->v[j->n++] = *e;
}

/* Load the lines of an interrupted run; a torn last line (the crash) is
 * ignored, as is a journal from another checker version. */
static void journal_read(struct journal *j, const char *checker)
{
	FILE *f = fopen(j->path, "r");
	char *line = NULL;
	size_t cap = 0;
	bool first = true;

	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		json_t *v = json_loads(line, 0, NULL);
		struct journal_entry e;

		if (first) {
			const char *c = json_string_value(json_object_get(v, "checker"));
			bool same = c && !strcmp(c, checker);

			first = false;
			json_decref(v);
			if (!same)
				break;
			continue;
		}
		if (v && entry_from_json(&e, v))
			journal_keep(j, &e);
		json_decref(v);
	}
	free(line);
	fclose(f);
}

/* V, compact, onto F, and released; false when it could not be written. */
static bool put_json(FILE *f, json_t *v)
{
	int e = report_json_dumpf(v, f, JSON_COMPACT | JSON_PRESERVE_ORDER |
	                   JSON_ENCODE_ANY | REPORT_REAL_PRECISION);

	json_decref(v);
	return e == 0;
}

static double monotonic(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * F's lines flushed to the kernel, which keeps them through a kill -9 or
 * a crash of ours; fsync'd, against a power cut, at most once a second
 * (FORCE: now). An fsync per account cost a busy disk a second's wait each,
 * 400 of them a night (bench_crawl.py's national list), and what a power
 * cut can lose is only the last second's accounts, listed again on resume
 * (a torn line is skipped: journal_read()).
 */
static bool journal_sync(struct journal *j, bool force)
{
	double now;

	if (fflush(j->f) != 0)
		return false;
	now = monotonic();
	if (!force && now - j->synced < 1.0)
		return true;
	j->synced = now;
	return fsync(fileno(j->f)) == 0;
}

/*
 * One account's line: {"key", "methods", "paths", "records": [...],
 * "owners": [...]}, written a record at a time (an account of 2,000
 * repositories was a JSON tree of 40 MB), then synced (journal_sync()).
 */
static int journal_entry(struct journal *j, const char *key,
                         const struct inventory *found, const json_t *methods,
                         const json_t *paths)
{
	FILE *f = j->f;
	bool ok = fputs("{\"key\":", f) >= 0 && put_json(f, json_string(key)) &&
	          fputs(",\"methods\":", f) >= 0 &&
	          put_json(f, json_incref((json_t *)methods)) &&
	          fputs(",\"paths\":", f) >= 0 &&
	          put_json(f, json_incref((json_t *)paths)) &&
	          fputs(",\"records\":[", f) >= 0;
	int e = 0;

	for (size_t i = 0; ok && i < found->nrepos; i++)
		ok = (i == 0 || fputc(',', f) != EOF) &&
		     put_json(f, record_repo_to_json(&found->repos[i]));
	ok = ok && fputs("],\"owners\":[", f) >= 0;
	for (size_t i = 0; ok && i < found->nowners; i++)
		ok = (i == 0 || fputc(',', f) != EOF) &&
		     put_json(f, record_owner_to_json(&found->owners[i]));
	ok = ok && fputs("]}\n", f) >= 0;
	if (!ok || !journal_sync(j, false))
		e = error_errno(errno ? errno : EIO, "%s", j->path);
	return e;
}

/* Write V as one line and fsync it. */
static int journal_line(struct journal *j, const json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | REPORT_REAL_PRECISION);
	int e = 0;

	if (!text || fprintf(j->f, "%s\n", text) < 0 || !journal_sync(j, true))
		e = error_errno(errno ? errno : EIO, "cannot write the resume "
		                "journal %s", j->path);
	free(text);
	return e;
}

int journal_open(struct journal **out, const char *state_dir,
                 const char *checker)
{
	struct journal *j = xcalloc(1, sizeof(*j));
	struct atomic_file af;
	json_t *head;
	int e;

	*out = NULL;
	j->path = xasprintf("%s/%s", state_dir, JOURNAL);
	journal_read(j, checker);
	/* Rewrite it with what we keep, so the file stays one run's: beside
	 * it, then renamed over it, so that a kill -9 in between leaves the
	 * old journal, never a truncated one (lib/file.h). */
	if ((e = atomic_file_open(&af, j->path)) < 0) {
		journal_free(j);
		return e;
	}
	j->f = af.f;
	head = json_pack("{s:s}", "checker", checker);
	e = journal_line(j, head);
	json_decref(head);
	for (size_t i = 0; e == 0 && i < j->n; i++)
		e = journal_entry(j, j->v[i].key, &j->v[i].found, j->v[i].methods,
		                  j->v[i].paths);
	/* The rewrite is renamed into place (atomic_file_commit() syncs it
	 * first): what the last run did is on disk again before this one goes
	 * on, and a kill -9 in between leaves the old journal whole. */
	j->f = NULL;
	if (e < 0)
		atomic_file_abort(&af);
	else if ((e = atomic_file_commit(&af)) == 0 &&
	         !(j->f = fopen(j->path, "a")))
		e = error_errno(errno, "cannot reopen the resume journal %s",
		                j->path);
	if (e < 0) {
		journal_free(j);
		return e;
	}
	*out = j;
	return 0;
}

struct journal_entry *journal_get(struct journal *j, const char *key)
{
	for (size_t i = 0; i < j->n; i++)
		if (!strcmp(j->v[i].key, key))
			return &j->v[i];
	return NULL;
}

int journal_add(struct journal *j, const char *key,
                const struct inventory *found, const json_t *methods,
                const json_t *paths)
{
	return journal_entry(j, key, found, methods, paths);
}

void journal_done(struct journal *j)
{
	if (j->f) {
		fclose(j->f);
		j->f = NULL;
	}
	unlink(j->path);
}

void journal_free(struct journal *j)
{
	if (!j)
		return;
	if (j->f)
		fclose(j->f);
	for (size_t i = 0; i < j->n; i++)
		entry_clear(&j->v[i]);
	free(j->v);
	free(j->path);
	free(j);
}
