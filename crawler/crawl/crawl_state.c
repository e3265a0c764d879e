/* crawl_state.c - the lock, the inventory and the resume journal. */
#include "crawler/crawl/crawl_state.h"

#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crawler/crawl/record_json.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/report.h"

#define INVENTORY "inventory.json"
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

int state_load(struct inventory *out, const char *state_dir)
{
	char *path = xasprintf("%s/%s", state_dir, INVENTORY);
	json_error_t je;
	json_t *v;
	struct stat st;
	int e;

	inventory_init(out);
	v = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!v) {
		if (stat(path, &st) < 0 && errno == ENOENT)
			e = 0;
		else
			e = error_set(ERROR_PARSE, "%s:%d: %s; the last inventory is "
			              "unreadable: move it away to start afresh (its "
			              "stale entries would be lost)", path, je.line,
			              je.text);
		free(path);
		return e;
	}
	if (!json_is_array(json_object_get(v, "repos")) ||
	    !json_is_array(json_object_get(v, "owners")) ||
	    !json_is_object(json_object_get(v, "listed_at")))
		e = error_set(ERROR_PARSE, "%s: not an inventory written by "
		              "inventaire; move it away to start afresh", path);
	else if ((e = inventory_from_json(out, v)) < 0)
		error_wrap("%s: the last inventory is unreadable (move it away to "
		           "start afresh; its stale entries would be lost)", path);
	json_decref(v);
	free(path);
	return e;
}

int state_save(const char *state_dir, const struct inventory *inv)
{
	char *path = xasprintf("%s/%s", state_dir, INVENTORY);
	json_t *v = inventory_to_json(inv);
	char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	                        REPORT_REAL_PRECISION);
	int e = 0;

	json_decref(v);
	if (!text)
		e = error_set(ERROR_FAIL, "%s: the inventory cannot be written as "
		              "JSON", path);
	else
		e = atomic_file_write(path, text, strlen(text));
	free(text);
	free(path);
	return e;
}

struct journal {
	char *path;
	struct journal_entry *v;   /* the interrupted run's accounts */
	size_t n;
	FILE *f;
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

static json_t *entry_to_json(const char *key, const struct inventory *found,
                             const json_t *methods, const json_t *paths)
{
	json_t *repos = json_array(), *owners = json_array();

	for (size_t i = 0; i < found->nrepos; i++)
		json_array_append_new(repos, record_repo_to_json(&found->repos[i]));
	for (size_t i = 0; i < found->nowners; i++)
		json_array_append_new(owners,
		                      record_owner_to_json(&found->owners[i]));
	return json_pack("{s:s, s:o, s:o, s:O, s:O}", "key", key,
	                 "records", repos, "owners", owners,
	                 "methods", methods, "paths", paths);
}

/* Write V as one line and fsync it. */
static int journal_line(struct journal *j, const json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | REPORT_REAL_PRECISION);
	int e = 0;

	if (!text || fprintf(j->f, "%s\n", text) < 0 || fflush(j->f) != 0 ||
	    fsync(fileno(j->f)) != 0)
		e = error_errno(errno ? errno : EIO, "cannot write the resume "
		                "journal %s", j->path);
	free(text);
	return e;
}

int journal_open(struct journal **out, const char *state_dir,
                 const char *checker)
{
	struct journal *j = xcalloc(1, sizeof(*j));
	json_t *head;
	int e;

	*out = NULL;
	j->path = xasprintf("%s/%s", state_dir, JOURNAL);
	journal_read(j, checker);
	/* Rewrite it with what we keep, so the file stays one run's. */
	if (!(j->f = fopen(j->path, "w"))) {
		e = error_errno(errno, "cannot create the resume journal %s",
		                j->path);
		journal_free(j);
		return e;
	}
	head = json_pack("{s:s}", "checker", checker);
	e = journal_line(j, head);
	json_decref(head);
	for (size_t i = 0; e == 0 && i < j->n; i++) {
		json_t *v = entry_to_json(j->v[i].key, &j->v[i].found,
		                          j->v[i].methods, j->v[i].paths);

		e = journal_line(j, v);
		json_decref(v);
	}
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
	json_t *v = entry_to_json(key, found, methods, paths);
	int e = journal_line(j, v);

	json_decref(v);
	return e;
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
