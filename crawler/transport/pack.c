/*
 * pack.c - stream a received pack into libgit2's indexer, refusing it
 * as soon as its header or its size says it is more than we asked for
 * (gitformat-pack(5): "PACK", version 2 or 3, then the object count).
 */
#include "crawler/transport/pack.h"
#include "crawler/transport/pack_scan.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>

#include "lib/alloc.h"
#include "lib/error.h"

struct pack {
	git_odb *odb;
	git_indexer *idx;
	char *dir;
	struct pack_scan *scan;  /* what it expands to, checked first */
	git_indexer_progress stats;
	unsigned long long max_bytes, bytes;
	unsigned long max_objects, objects;
	unsigned char head[12];
	size_t nhead;
	char *what;
	int failed;          /* the code it failed with, sticky */
};

static int fail(struct pack *p, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct pack *p, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_setv(code, fmt, ap);
	va_end(ap);
	p->failed = code;
	return code;
}

static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

int pack_new(struct pack **out, git_odb *odb, const char *dir,
             unsigned long long max_bytes, unsigned long max_objects,
             const char *what)
{
	struct pack *p = xcalloc(1, sizeof(*p));

	p->max_bytes = max_bytes;
	p->max_objects = max_objects;
	p->what = xstrdup(what);
	p->odb = odb;
	if (pack_scan_new(&p->scan, what) < 0) {
		free(p->what);
		free(p);
		*out = NULL;
		return error_last_code();
	}
	/* The indexer resolves a thin pack's bases from ODB; the pack and
	 * its index are written into DIR as pack-ID.pack and pack-ID.idx
	 * (git_odb_write_pack() would need a repository's objects/pack). */
	if (git_indexer_new(&p->idx, dir, 0, odb, NULL) < 0) {
		*out = NULL;
		error_set(ERROR_GIT, "%s: cannot write to the cache folder %s: %s",
		          what, dir, git_msg());
		pack_scan_free(p->scan);
		free(p->what);
		free(p);
		return ERROR_GIT;
	}
	p->dir = xstrdup(dir);
	*out = p;
	return 0;
}

/* The pack header, once its 12 bytes are in: refuse early. */
static int check_header(struct pack *p)
{
	const unsigned char *h = p->head;
	unsigned long version = (unsigned long)h[4] << 24 | (unsigned long)h[5] << 16 |
	                        (unsigned long)h[6] << 8 | h[7];

	if (memcmp(h, "PACK", 4) || (version != 2 && version != 3))
		return fail(p, ERROR_CORRUPT, "%s: the server sent something that "
		            "is not a git pack", p->what);
	p->objects = (unsigned long)h[8] << 24 | (unsigned long)h[9] << 16 |
	             (unsigned long)h[10] << 8 | h[11];
	if (p->max_objects && p->objects > p->max_objects)
		return fail(p, ERROR_TOOBIG, "%s: the pack holds %lu objects, more "
		            "than the %lu allowed", p->what, p->objects,
		            p->max_objects);
	return 0;
}

int pack_append(const char *data, size_t len, void *payload)
{
	struct pack *p = payload;
	int rc;

	if (p->failed)
		return p->failed;   /* the first failure's message stands */
	p->bytes += len;
	if (p->max_bytes && p->bytes > p->max_bytes)
		return fail(p, ERROR_TOOBIG, "%s: the pack is larger than %llu bytes",
		            p->what, p->max_bytes);
	if (p->nhead < sizeof(p->head)) {
		size_t take = sizeof(p->head) - p->nhead;

		if (take > len)
			take = len;
		memcpy(p->head + p->nhead, data, take);
		p->nhead += take;
		if (p->nhead == sizeof(p->head) && (rc = check_header(p)) < 0)
			return rc;
	}
	/* Sizes first: libgit2 resolves deltas whole, at commit. */
	if ((rc = pack_scan_feed(p->scan, (const unsigned char *)data, len)) < 0)
		return p->failed = rc;
	if (git_indexer_append(p->idx, data, len, &p->stats) < 0)
		return fail(p, ERROR_CORRUPT, "%s: the pack is corrupt: %s", p->what,
		            git_msg());
	return 0;
}

/*
 * A ref-delta names its base by id: an object of this pack or, in a thin
 * pack, of the cache. libgit2 inflates that base whole to resolve the
 * delta, so neither may be over the cap. Packs from git servers use
 * ofs-deltas (we ask for "ofs-delta") and are never thin (we do not ask
 * for "thin-pack"): this only refuses what a hostile server makes up.
 */
static int check_ref_bases(struct pack *p)
{
	const unsigned char *ids;
	size_t n;

	if (!pack_scan_has_ref_delta(p->scan))
		return 0;
	if (pack_scan_largest(p->scan) > PACK_OBJECT_MAX)
		return fail(p, ERROR_TOOBIG, "%s: the pack holds a ref-delta and an "
		            "object of %llu bytes, which could be its base (over "
		            "the %llu allowed)", p->what,
		            (unsigned long long)pack_scan_largest(p->scan),
		            (unsigned long long)PACK_OBJECT_MAX);
	ids = pack_scan_ref_bases(p->scan, &n);
	for (size_t i = 0; i < n; i++) {
		git_object_t type;
		size_t size;
		git_oid id;

		git_oid_fromraw(&id, ids + 20 * i);
		if (git_odb_read_header(&size, &type, p->odb, &id) == 0 &&
		    size > PACK_OBJECT_MAX)
			return fail(p, ERROR_TOOBIG, "%s: a ref-delta of the pack is "
			            "based on an object of %zu bytes (over the %llu "
			            "allowed)", p->what, size,
			            (unsigned long long)PACK_OBJECT_MAX);
	}
	git_error_clear();
	return 0;
}

int pack_commit(struct pack *p)
{
	char *idx;
	int rc;

	if (p->failed)
		return p->failed;
	if (p->nhead < sizeof(p->head))
		return fail(p, ERROR_CORRUPT, "%s: the pack ends before its header",
		            p->what);
	if ((rc = pack_scan_finish(p->scan)) < 0)
		return p->failed = rc;
	if ((rc = check_ref_bases(p)) < 0)
		return rc;
	if (git_indexer_commit(p->idx, &p->stats) < 0)
		return fail(p, ERROR_CORRUPT, "%s: the pack is truncated or corrupt: "
		            "%s", p->what, git_msg());
	idx = xasprintf("%s/pack-%s.idx", p->dir, git_indexer_name(p->idx));
	rc = pack_load(p->odb, idx);
	free(idx);
	return rc < 0 ? (p->failed = rc) : 0;
}

int pack_load(git_odb *odb, const char *idx)
{
	git_odb_backend *b;

	if (git_odb_backend_one_pack(&b, idx) < 0)
		return error_set(ERROR_GIT, "%s: cannot read the pack: %s", idx,
		                 git_msg());
	if (git_odb_add_backend(odb, b, 1) < 0) {
		b->free(b);
		return error_set(ERROR_GIT, "%s: cannot read the pack: %s", idx,
		                 git_msg());
	}
	return 0;
}

unsigned long pack_objects(const struct pack *p)
{
	return p->objects;
}

void pack_free(struct pack *p)
{
	if (!p)
		return;
	git_indexer_free(p->idx);
	pack_scan_free(p->scan);
	free(p->dir);
	free(p->what);
	free(p);
}
