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

#include "output/feed.h"
#include "lib/alloc.h"
#include "lib/file.h"

#define INVENTORY "inventory.json"
#define JOURNAL   "journal.jsonl"

int state_lock(int *fd, char **err, const char *state_dir)
{
	char *path = xasprintf("%s/lock", state_dir);

	if (mkdir(state_dir, 0755) < 0 && errno != EEXIST) {
		*err = xasprintf("%s: %s", state_dir, strerror(errno));
		free(path);
		return -errno;
	}
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -errno;
	}
	/* flock dies with the process, so kill -9 never leaves a stale lock. */
	if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		*err = xasprintf("%s: another crawl is running on this output folder "
		                 "(wait for it, or give another --out)", path);
		close(*fd);
		free(path);
		return -EBUSY;
	}
	free(path);
	return 0;
}

void state_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

int state_load(json_t **out, char **err, const char *state_dir)
{
	char *path = xasprintf("%s/%s", state_dir, INVENTORY);
	json_error_t je;
	json_t *inv;

	inv = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!inv) {
		struct stat st;
		if (stat(path, &st) < 0 && errno == ENOENT) {
			free(path);
			*out = json_pack("{s:n, s:[], s:[], s:{}}", "checker", "repos",
			                 "owners", "listed_at");
			return 0;
		}
		*err = xasprintf("%s:%d: %s; the last inventory is unreadable: move "
		                 "it away to start afresh (its stale entries would be "
		                 "lost)", path, je.line, je.text);
		free(path);
		return -EINVAL;
	}
	if (!json_is_array(json_object_get(inv, "repos")) ||
	    !json_is_array(json_object_get(inv, "owners")) ||
	    !json_is_object(json_object_get(inv, "listed_at"))) {
		*err = xasprintf("%s: not an inventory written by inventaire; move it "
		                 "away to start afresh", path);
		json_decref(inv);
		free(path);
		return -EINVAL;
	}
	free(path);
	*out = inv;
	return 0;
}

int state_save(char **err, const char *state_dir, const json_t *inventory)
{
	char *path = xasprintf("%s/%s", state_dir, INVENTORY);
	/* Key order is kept as built: reused results must print the same. */
	char *text = json_dumps(inventory, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int rc;

	rc = text ? atomic_file_write(path, text, strlen(text)) : -ENOMEM;
	if (!text)
		*err = xasprintf("%s: out of memory", path);
	else if (rc < 0)
		*err = xstrdup(error_last());
	free(text);
	free(path);
	return rc;
}

struct journal {
	char *path;
	json_t *entries;   /* key -> entry */
	FILE *f;
};

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
		json_t *e = json_loads(line, 0, NULL);
		const char *key;

		if (first) {
			first = false;
			if (!e || !json_is_string(json_object_get(e, "checker")) ||
			    strcmp(json_string_value(json_object_get(e, "checker")), checker)) {
				json_decref(e);
				break;
			}
			json_decref(e);
			continue;
		}
		if (e && (key = json_string_value(json_object_get(e, "key"))))
			json_object_set(j->entries, key, e);
		json_decref(e);
	}
	free(line);
	fclose(f);
}

int journal_open(struct journal **out, char **err, const char *state_dir,
                 const char *checker)
{
	struct journal *j = xcalloc(1, sizeof(*j));
	json_t *head;
	char *text;

	j->path = xasprintf("%s/%s", state_dir, JOURNAL);
	j->entries = json_object();
	journal_read(j, checker);
	/* Rewrite it with what we keep, so the file stays one run's. */
	j->f = fopen(j->path, "w");
	if (!j->f) {
		*err = xasprintf("%s: %s", j->path, strerror(errno));
		journal_free(j);
		return -EIO;
	}
	head = json_pack("{s:s}", "checker", checker);
	text = json_dumps(head, JSON_COMPACT);
	fprintf(j->f, "%s\n", text);
	free(text);
	json_decref(head);
	{
		const char *key;
		json_t *e;
		json_object_foreach(j->entries, key, e) {
			text = json_dumps(e, JSON_COMPACT);
			fprintf(j->f, "%s\n", text);
			free(text);
		}
	}
	if (fflush(j->f) != 0 || fsync(fileno(j->f)) != 0) {
		*err = xasprintf("%s: %s", j->path, strerror(errno));
		journal_free(j);
		return -EIO;
	}
	*out = j;
	return 0;
}

json_t *journal_get(struct journal *j, const char *key)
{
	return json_object_get(j->entries, key);
}

int journal_add(struct journal *j, char **err, const json_t *entry)
{
	char *text = json_dumps(entry, JSON_COMPACT);

	if (!text || fprintf(j->f, "%s\n", text) < 0 || fflush(j->f) != 0 ||
	    fsync(fileno(j->f)) != 0) {
		*err = xasprintf("%s: %s", j->path, strerror(errno));
		free(text);
		return -EIO;
	}
	free(text);
	return 0;
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
	json_decref(j->entries);
	free(j->path);
	free(j);
}
