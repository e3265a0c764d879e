/*
 * crawl_inventory.c - the inventory one crawl leaves for the next
 * (crawl_state.h): state/inventory.jsonl, one JSON value per line.
 *
 *   line 1   {"inventaire_state": 2, "checker": "0.2.0/1" | null,
 *             "shard": "K/N" | null,
 *             "accounts": [the accounts list's entries...]}
 *   then     {"repository": record} or {"owner": record}, one per line
 *            (crawler/crawl/record_json.h)
 *
 * One line per record, so that neither the run that writes it nor the one
 * that reads it holds the whole inventory as JSON: at 20,000 repositories
 * the JSON tree of the whole file was 400 MB, five times the records
 * themselves. The accounts list is kept beside, so that `inventaire merge`
 * publishes from the states alone what the crawl would have (crawl_join.c).
 *
 * A state written before (state/inventory.json, one JSON object) still
 * loads; the next save replaces it with the new file.
 */
#include "crawler/crawl/crawl_state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crawler/crawl/record_json.h"
#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/report.h"
#include "lib/file.h"

#define INVENTORY     "inventory.jsonl"
#define INVENTORY_OLD "inventory.json"
#define STATE_VERSION 2

void state_info_clear(struct state_info *info)
{
	for (size_t i = 0; i < info->nentries; i++)
		record_entry_clear(&info->entries[i]);
	free(info->entries);
	free(info->shard);
	memset(info, 0, sizeof(*info));
}

/* The state of 0.1: {"checker", "repos", "owners", "listed_at"}. */
static int load_old(struct inventory *out, const char *path)
{
	json_error_t je;
	json_t *v = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	int e;

	if (!v)
		return error_set(ERROR_PARSE, "%s:%d: %s; the last inventory is "
		                 "unreadable: move it away to start afresh (its "
		                 "stale entries would be lost)", path, je.line,
		                 je.text);
	if (!json_is_array(json_object_get(v, "repos")) ||
	    !json_is_array(json_object_get(v, "owners")) ||
	    !json_is_object(json_object_get(v, "listed_at")))
		e = error_set(ERROR_PARSE, "%s: not an inventory written by "
		              "inventaire; move it away to start afresh", path);
	else if ((e = inventory_from_json(out, v)) < 0)
		error_wrap("%s: the last inventory is unreadable (move it away to "
		           "start afresh; its stale entries would be lost)", path);
	json_decref(v);
	return e;
}

static int bad_line(const char *path, size_t line, const char *what)
{
	return error_set(ERROR_PARSE, "%s:%zu: %s; the last inventory is "
	                 "unreadable: move it away to start afresh (its stale "
	                 "entries would be lost)", path, line, what);
}

/* The header line V into OUT's checker and INFO. */
static int read_header(struct inventory *out, struct state_info *info,
                       const json_t *v, const char *path)
{
	const json_t *checker = json_object_get(v, "checker");
	const json_t *shard = json_object_get(v, "shard");
	const json_t *accounts = json_object_get(v, "accounts");
	size_t i;
	json_t *a;

	if (json_integer_value(json_object_get(v, "inventaire_state")) !=
	    STATE_VERSION)
		return bad_line(path, 1, "not an inventory written by this "
		                "version of inventaire");
	if ((checker && !json_is_string(checker) && !json_is_null(checker)) ||
	    (shard && !json_is_string(shard) && !json_is_null(shard)) ||
	    (accounts && !json_is_array(accounts)))
		return bad_line(path, 1, "\"checker\" and \"shard\" must be strings "
		                "or null, \"accounts\" an array");
	if (json_is_string(checker))
		out->checker = xstrdup(json_string_value(checker));
	if (!info)
		return 0;
	if (json_is_string(shard))
		info->shard = xstrdup(json_string_value(shard));
	info->entries = xcalloc(json_array_size(accounts) + 1,
	                        sizeof(*info->entries));
	json_array_foreach(accounts, i, a) {
		if (record_entry_from_json(&info->entries[i], a, i) < 0)
			return error_wrap("%s:1", path);
		info->nentries++;
	}
	return 0;
}

/* One record line V (line LINE) into OUT. */
static int read_record(struct inventory *out, const json_t *v,
                       const char *path, size_t line)
{
	const json_t *r = json_object_get(v, "repository");
	char *what = xasprintf("%s:%zu", path, line);
	int e;

	/* Messages say "PATH:LINE: record 0: KEY ...". */
	if (r)
		e = record_repo_from_json(out, r, what, 0);
	else if ((r = json_object_get(v, "owner")))
		e = record_owner_from_json(out, r, what, 0);
	else
		e = bad_line(path, line, "neither a repository nor an owner");
	free(what);
	return e;
}

static int load_lines(struct inventory *out, struct state_info *info,
                      FILE *f, const char *path)
{
	char *text = NULL;
	size_t cap = 0, line = 0;
	ssize_t len;
	int e = 0;

	while (e == 0 && (len = getline(&text, &cap, f)) > 0) {
		json_error_t je;
		json_t *v = json_loadb(text, (size_t)len, JSON_REJECT_DUPLICATES,
		                       &je);

		line++;
		if (!json_is_object(v))
			e = bad_line(path, line, v ? "not a JSON object" : je.text);
		else if (line == 1)
			e = read_header(out, info, v, path);
		else
			e = read_record(out, v, path, line);
		json_decref(v);
	}
	if (e == 0 && ferror(f))
		e = error_errno(errno ? errno : EIO, "%s", path);
	else if (e == 0 && line == 0)
		e = bad_line(path, 1, "empty file");
	free(text);
	return e;
}

int state_load(struct inventory *out, struct state_info *info,
               const char *state_dir)
{
	char *path = xasprintf("%s/%s", state_dir, INVENTORY);
	FILE *f;
	int e = 0;

	inventory_init(out);
	if (info)
		memset(info, 0, sizeof(*info));
	if (!(f = fopen(path, "r"))) {
		if (errno != ENOENT) {
			e = error_errno(errno, "%s", path);
		} else {
			struct stat st;

			free(path);
			path = xasprintf("%s/%s", state_dir, INVENTORY_OLD);
			if (stat(path, &st) == 0)
				e = load_old(out, path);
		}
		free(path);
		return e;
	}
	e = load_lines(out, info, f, path);
	fclose(f);
	free(path);
	if (e < 0) {
		inventory_clear(out);
		if (info)
			state_info_clear(info);
	}
	return e;
}

/* {"KEY": V} as one line on F; V is released. */
static int write_line(FILE *f, const char *key, json_t *v)
{
	json_t *line = json_pack("{s:o}", key, v);
	int e = report_json_dumpf(line, f, JSON_COMPACT | JSON_PRESERVE_ORDER |
	                   REPORT_REAL_PRECISION);

	json_decref(line);
	return e < 0 || fputc('\n', f) == EOF ? -1 : 0;
}

static int write_header(FILE *f, const struct inventory *inv,
                        const struct record_entry *entries, size_t nentries,
                        const char *shard)
{
	json_t *accounts = json_array(), *h;
	int e;

	for (size_t i = 0; i < nentries; i++)
		json_array_append_new(accounts, record_entry_to_json(&entries[i]));
	h = json_pack("{s:i, s:o, s:o, s:o}", "inventaire_state", STATE_VERSION,
	              "checker", inv->checker ? json_string(inv->checker)
	                                      : json_null(),
	              "shard", shard ? json_string(shard) : json_null(),
	              "accounts", accounts);
	e = report_json_dumpf(h, f, JSON_COMPACT | JSON_PRESERVE_ORDER |
	               REPORT_REAL_PRECISION);
	json_decref(h);
	return e < 0 || fputc('\n', f) == EOF ? -1 : 0;
}

struct state_write {
	struct atomic_file af;
	char *state_dir;
};

int state_write(struct state_write **out, const char *state_dir,
                const struct inventory *inv,
                const struct record_entry *entries, size_t nentries,
                const char *shard)
{
	struct state_write *w = xcalloc(1, sizeof(*w));
	char *path = xasprintf("%s/%s", state_dir, INVENTORY);
	int e;

	*out = NULL;
	if ((e = atomic_file_open(&w->af, path)) < 0) {
		free(path);
		free(w);
		return e;
	}
	e = write_header(w->af.f, inv, entries, nentries, shard);
	for (size_t i = 0; e == 0 && i < inv->nrepos; i++)
		e = write_line(w->af.f, "repository",
		               record_repo_to_json(&inv->repos[i]));
	for (size_t i = 0; e == 0 && i < inv->nowners; i++)
		e = write_line(w->af.f, "owner",
		               record_owner_to_json(&inv->owners[i]));
	if (e < 0) {
		atomic_file_abort(&w->af);
		e = error_set(ERROR_IO, "%s: the inventory cannot be written",
		              path);
		free(path);
		free(w);
		return e;
	}
	free(path);
	w->state_dir = xstrdup(state_dir);
	*out = w;
	return 0;
}

int state_commit(struct state_write *w, bool ok)
{
	int e = 0;

	if (!w)
		return 0;
	if (!ok) {
		atomic_file_abort(&w->af);
	} else if ((e = atomic_file_commit(&w->af)) == 0) {
		/* The state of 0.1, replaced: the next run must not read it. */
		char *old = xasprintf("%s/%s", w->state_dir, INVENTORY_OLD);

		unlink(old);
		free(old);
	}
	free(w->state_dir);
	free(w);
	return e;
}

int state_save(const char *state_dir, const struct inventory *inv,
               const struct record_entry *entries, size_t nentries,
               const char *shard)
{
	struct state_write *w;
	int e = state_write(&w, state_dir, inv, entries, nentries, shard);

	return e < 0 ? e : state_commit(w, true);
}
