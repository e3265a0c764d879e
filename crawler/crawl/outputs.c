/*
 * outputs.c - a crawl's output folder read back, for the report, the
 * history and the changes (outputs.h says what is read and written, and
 * why the state keeps the previous inventory).
 */
#include "crawler/crawl/outputs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crawler/crawl/crawl_state.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/i18n.h"
#include "lib/file.h"
#include "version.h"

#define INVENTORY "inventory.jsonl"
#define INVENTORY_OLD "inventory.json"
#define CRAWL "crawl.json"
#define PREVIOUS "state/previous"

/* The file PATH of output folder DIR, parsed. */
static int read_json(json_t **out, char **text, size_t *len,
                     const char *path, const char *dir)
{
	json_error_t je;
	int e = file_read(text, len, path, 0);

	*out = NULL;
	if (e == ERROR_NOTFOUND)
		return error_set(e, "%s: not found: %s is not the output folder "
		                 "of a crawl (run 'inventaire crawl --out %s' "
		                 "first)", path, dir, dir);
	if (e < 0)
		return e;
	*out = json_loadb(*text, *len, JSON_REJECT_DUPLICATES, &je);
	if (!*out)
		return error_set(ERROR_PARSE, "%s:%d: %s: the file is damaged; run "
		                 "'inventaire crawl --out %s' again to rewrite it",
		                 path, je.line, je.text, dir);
	return 0;
}

/* The inventory kept in the folder STATE (crawl_state.h: one record a
 * line, or 0.1's one JSON object), of output folder DIR. */
static int inventory_read(struct outputs *o, const char *state,
                          const char *dir)
{
	char *old = xasprintf("%s/%s", state, INVENTORY_OLD);
	int e = 0;

	free(o->inv_path);
	o->inv_path = xasprintf("%s/%s", state, INVENTORY);
	if (access(o->inv_path, F_OK) < 0 && access(old, F_OK) == 0) {
		free(o->inv_path);
		o->inv_path = xstrdup(old);
	} else if (access(o->inv_path, F_OK) < 0) {
		e = error_set(ERROR_NOTFOUND, "%s: not found: %s is not the output "
		              "folder of a crawl (run 'inventaire crawl --out %s' "
		              "first)", o->inv_path, dir, dir);
	}
	free(old);
	if (e == 0)
		e = state_load(&o->inv, NULL, state);
	return e;
}

/* The inventory in folder STATE and CRAWL_PATH, of output folder DIR. */
static int load_files(struct outputs *out, const char *state,
                      const char *crawl_path, const char *dir)
{
	int e;

	memset(out, 0, sizeof(*out));
	inventory_init(&out->inv);
	out->crawl_path = xstrdup(crawl_path);
	if ((e = read_json(&out->crawl, &out->crawl_text, &out->crawl_len,
	                   crawl_path, dir)) < 0 ||
	    (e = rapport_coverage_read(&out->cov, out->crawl, crawl_path)) < 0 ||
	    (e = inventory_read(out, state, dir)) < 0) {
		outputs_clear(out);
		return e;
	}
	return 0;
}

int outputs_load(struct outputs *out, const char *dir)
{
	char *state = xasprintf("%s/state", dir);
	char *crawl = xasprintf("%s/%s", dir, CRAWL);
	int e = load_files(out, state, crawl, dir);

	free(state);
	free(crawl);
	return e;
}

int outputs_load_discovery(struct outputs *o, const char *dir)
{
	int e;

	discovery_clear(&o->discovery);
	if ((e = discovery_load(&o->discovery, dir)) < 0) {
		discovery_clear(&o->discovery);
		return error_wrap("the report shows every actor as not "
		                  "searched for accounts");
	}
	return 0;
}

void outputs_clear(struct outputs *o)
{
	discovery_clear(&o->discovery);
	rapport_coverage_clear(&o->cov);
	json_decref(o->crawl);
	inventory_clear(&o->inv);
	free(o->inv_path);
	free(o->crawl_path);
	free(o->crawl_text);
	memset(o, 0, sizeof(*o));
}

/* The changes from O (taken; NULL: no previous crawl) to NEW_. */
static void changes_from_old(struct changes *out, struct changes_inventory *o,
                             const struct outputs *new_)
{
	struct changes_inventory *n = changes_from_inventory(&new_->inv,
	                                                     &new_->cov);

	if (!o)
		o = changes_inventory_new(NULL);
	changes_compute(out, o, n);
	changes_inventory_free(o);
	changes_inventory_free(n);
}

void outputs_changes(struct changes *out, const struct outputs *old,
                     const struct outputs *new_)
{
	changes_from_old(out, old ? changes_from_inventory(&old->inv, &old->cov)
	                          : NULL, new_);
}

static struct rapport *model(const struct outputs *o,
                             const struct accounts *accounts,
                             const struct actors *actors)
{
	const struct rapport_input in = {
		.inv = &o->inv, .cov = &o->cov, .accounts = accounts,
		.actors = actors, .discovery = &o->discovery,
	};

	return rapport_from_inventory(&in, INVENTAIRE_VERSION);
}

int outputs_rapport(struct rapport **out, const struct outputs *o,
                    const char *dir, const struct accounts *accounts,
                    const struct actors *actors)
{
	struct rapport *r = model(o, accounts, actors);
	int e = rapport_history_load(r, dir);

	if (e < 0) {
		rapport_free(r);
		*out = NULL;
		return e;
	}
	rapport_finish(r);
	*out = r;
	return 0;
}

/* The failures of the crawl's last step, each said, the first one's code
 * returned. */
struct failures {
	struct buf msg;
	int code;
};

static void failed(struct failures *f, int e, const char *what)
{
	if (e >= 0)
		return;
	/* WHAT is translated here (po/update_po.py lists failed:3). */
	if (f->msg.len)
		buf_addf(&f->msg, "; ");
	buf_addf(&f->msg, _("%s: %s"), _(what), error_last());
	if (!f->code)
		f->code = e;
}

/* The previous crawl's crawl.json, and PREV_REPOS (its inventory's
 * repositories, outputs_previous_repos()) completed with it: what
 * load_files() then changes_from_inventory() would give, without parsing
 * the inventory again. PREV_REPOS is taken. */
static int previous_from_repos(struct changes_inventory **out,
                               struct changes_inventory *prev_repos,
                               const char *dir)
{
	char *path = xasprintf("%s/%s/%s", dir, PREVIOUS, CRAWL);
	struct rapport_coverage cov;
	json_t *crawl = NULL;
	char *text = NULL;
	size_t len;
	int e = read_json(&crawl, &text, &len, path, dir);

	memset(&cov, 0, sizeof(cov));
	if (e == 0 && (e = rapport_coverage_read(&cov, crawl, path)) == 0) {
		changes_add_coverage(prev_repos, &cov);
		*out = prev_repos;
	} else {
		changes_inventory_free(prev_repos);
		*out = NULL;
	}
	rapport_coverage_clear(&cov);
	json_decref(crawl);
	free(text);
	free(path);
	return e;
}

static int write_changes(const char *dir, const struct outputs *now,
                         struct changes_inventory *prev_repos,
                         struct failures *f)
{
	char *state = xasprintf("%s/%s", dir, PREVIOUS);
	char *crawl = xasprintf("%s/%s/%s", dir, PREVIOUS, CRAWL);
	struct changes_inventory *old = NULL;
	struct outputs prev;
	struct changes c;
	int e;

	memset(&prev, 0, sizeof(prev));
	if (prev_repos) {
		e = previous_from_repos(&old, prev_repos, dir);
	} else if ((e = load_files(&prev, state, crawl, dir)) == 0) {
		old = changes_from_inventory(&prev.inv, &prev.cov);
		outputs_clear(&prev);
	}
	free(state);
	free(crawl);
	if (e < 0 && e != ERROR_NOTFOUND) {
		/* The comparison is lost, not the next one: the previous files
		 * are replaced below. */
		failed(f, e, "the changes are not written");
		return 0;
	}
	error_clear();
	changes_from_old(&c, old, now);
	e = changes_write(dir, &c, RAPPORT_FR);
	changes_clear(&c);
	failed(f, e, "the changes are not written");
	return e;
}

static void write_rapport(const char *dir, const struct outputs *now,
                          const struct accounts *accounts,
                          const struct actors *actors, struct failures *f)
{
	struct rapport *r = model(now, accounts, actors);

	/* A damaged history is said, and left as it is; the report is
	 * written without it. */
	failed(f, rapport_history_load(r, dir), "the history is not drawn");
	rapport_finish(r);
	failed(f, rapport_history_append(dir, r), "the history is not "
	       "appended to");
	failed(f, rapport_write(dir, r, RAPPORT_FR), "the report is not "
	       "written");
	rapport_free(r);
}

/* FROM copied to TO (replaced atomically), a buffer at a time: the
 * inventory of a national crawl is tens of megabytes. */
static int copy_file(const char *from, const char *to)
{
	struct atomic_file af;
	char buf[1 << 16];
	FILE *in = fopen(from, "rb");
	size_t n;
	int e;

	if (!in)
		return error_errno(errno, "%s", from);
	if ((e = atomic_file_open(&af, to)) < 0) {
		fclose(in);
		return e;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, af.f) != n)
			break;
	if (ferror(in) || ferror(af.f)) {
		e = error_errno(errno ? errno : EIO, "%s", ferror(in) ? from : to);
		atomic_file_abort(&af);
	} else {
		e = atomic_file_commit(&af);
	}
	fclose(in);
	return e;
}

int outputs_keep_previous(const char *dir)
{
	char *folder = xasprintf("%s/%s", dir, PREVIOUS);
	char *inv = xasprintf("%s/state/%s", dir, INVENTORY);
	char *pinv = xasprintf("%s/%s", folder, INVENTORY);
	char *crawl = xasprintf("%s/%s", dir, CRAWL);
	char *pcrawl = xasprintf("%s/%s", folder, CRAWL);
	char *old = xasprintf("%s/%s", folder, INVENTORY_OLD);
	int e = 0;

	if (mkdir(folder, 0755) < 0 && errno != EEXIST)
		e = error_errno(errno, "cannot create the folder of the previous "
		                "crawl's files %s", folder);
	if (!e)
		e = copy_file(inv, pinv);
	if (!e)
		e = copy_file(crawl, pcrawl);
	/* A 0.1 inventory left there would be read instead of the new one's
	 * absence: the one just copied is the only one. */
	if (!e)
		unlink(old);
	if (e)
		e = error_wrap("the next changes will start from an older crawl");
	free(folder);
	free(inv);
	free(pinv);
	free(crawl);
	free(pcrawl);
	free(old);
	return e;
}

/* Copy FROM to TO unless TO exists; best effort (the changes then start
 * from nothing, as on a first crawl). */
static void copy_if_absent(const char *from, const char *to)
{
	if (access(to, F_OK) == 0 || access(from, F_OK) != 0 ||
	    copy_file(from, to) < 0)
		error_clear();
}

void outputs_seed_previous(const char *dir)
{
	char *folder = xasprintf("%s/%s", dir, PREVIOUS);
	char *inv = xasprintf("%s/state/%s", dir, INVENTORY);
	char *crawl = xasprintf("%s/%s", dir, CRAWL);
	char *pinv = xasprintf("%s/%s", folder, INVENTORY);
	char *pcrawl = xasprintf("%s/%s", folder, CRAWL);

	if (access(inv, F_OK) != 0) {      /* a state of 0.1 */
		free(inv);
		free(pinv);
		inv = xasprintf("%s/state/%s", dir, INVENTORY_OLD);
		pinv = xasprintf("%s/%s", folder, INVENTORY_OLD);
	}
	/* Only a folder that has a last crawl and no previous/ yet. */
	if (access(folder, F_OK) != 0 && access(inv, F_OK) == 0 &&
	    access(crawl, F_OK) == 0 && mkdir(folder, 0755) == 0) {
		copy_if_absent(inv, pinv);
		copy_if_absent(crawl, pcrawl);
	}
	free(folder);
	free(inv);
	free(crawl);
	free(pinv);
	free(pcrawl);
}

/* Files A and B hold the same bytes (both readable). */
static bool same_bytes(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	static const size_t size = 1 << 16;
	char *ba = xmalloc(size), *bb = xmalloc(size);
	bool same = fa && fb;

	while (same) {
		size_t na = fread(ba, 1, size, fa), nb = fread(bb, 1, size, fb);

		same = na == nb && !memcmp(ba, bb, na) && !ferror(fa) &&
		       !ferror(fb);
		if (na < size)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	free(ba);
	free(bb);
	return same;
}

struct changes_inventory *outputs_previous_repos(const char *dir,
                                                 const struct inventory *inv)
{
	char *cur = xasprintf("%s/state/%s", dir, INVENTORY);
	char *prev = xasprintf("%s/%s/%s", dir, PREVIOUS, INVENTORY);
	struct changes_inventory *out = same_bytes(cur, prev)
		? changes_from_repos(inv) : NULL;

	free(cur);
	free(prev);
	return out;
}

int outputs_after_crawl(bool *keep, const char *dir,
                        const struct accounts *accounts,
                        const struct actors *actors,
                        struct changes_inventory *prev_repos)
{
	struct failures f = { BUF_INIT, 0 };
	struct outputs now;
	int e, changed;

	*keep = false;
	if ((e = outputs_load(&now, dir)) < 0) {
		changes_inventory_free(prev_repos);
		return error_wrap("the report, the history and the changes are not "
		                  "written");
	}
	/* A damaged discover.json was the crawl's warning already: crawl.json's
	 * actors block read it moments ago (crawler/crawl/crawl_coverage.c).
	 * The report goes on without it, every actor not searched. */
	if (outputs_load_discovery(&now, dir) < 0)
		error_clear();
	/* The previous files move on only once the changes from them are
	 * out (a change is never lost to a failed write), and only after the
	 * caller has ended its run (outputs_keep_previous()). */
	changed = write_changes(dir, &now, prev_repos, &f);
	write_rapport(dir, &now, accounts, actors, &f);
	*keep = changed >= 0;
	outputs_clear(&now);
	if (f.code)
		error_set(f.code, "%s", f.msg.data);
	buf_free(&f.msg);
	return f.code;
}
