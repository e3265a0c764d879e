/*
 * pack_scan.c - a push parser of the pack format that checks sizes
 * (pack_scan.h). gitformat-pack(5): "PACK", a version, an object count,
 * then per object a header (type, inflated size), an ofs-delta's negative
 * offset or a ref-delta's base id, and a zlib stream; a delta's data
 * starts with the size of its base and of its result, each a little-endian
 * base-128 number.
 */
#include "crawler/transport/pack_scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/i18n.h"

enum { OBJ_COMMIT = 1, OBJ_TREE = 2, OBJ_BLOB = 3, OBJ_TAG = 4,
       OBJ_OFS_DELTA = 6, OBJ_REF_DELTA = 7 };

enum at { AT_HEADER, AT_OBJECT, AT_OFFSET, AT_BASE_ID, AT_DATA, AT_TRAILER };

/* One object read: where it starts, what it expands to, how deep a delta
 * chain it ends. Kept to find an ofs-delta's base. */
struct seen {
	uint64_t off;
	uint64_t size;
	uint32_t depth;
};

struct pack_scan {
	char *what;
	int failed;
	enum at at;
	uint64_t pos;                /* bytes of the pack read so far */
	unsigned char head[12];
	unsigned nhead;
	uint32_t objects, done;

	/* the object being read */
	uint64_t start;              /* its offset */
	int type;
	uint64_t size;               /* inflated size, from its header; a
	                                delta's result size once read */
	uint64_t zsize;              /* what its zlib stream inflates to */
	unsigned shift;
	bool first_byte;
	uint64_t ofs;                /* ofs-delta: distance back to the base */
	unsigned char base_id[20];
	unsigned nbase;
	uint64_t inflated;           /* bytes inflated so far */
	unsigned char dhead[20];     /* a delta's first bytes */
	unsigned ndhead;
	bool delta_checked;
	z_stream z;
	bool z_live;

	struct seen *v;
	size_t n, cap;
	uint64_t delta_total, inflate_total, largest;
	unsigned char *ref_bases;    /* 20 bytes each */
	size_t nref;
	unsigned char scratch[16384];
};

static int fail(struct pack_scan *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct pack_scan *s, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	/* FMT is translated here (lib/i18n.h), each message whole. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	if (code == ERROR_CORRUPT)
		s->failed = error_set(code, "%s: the pack is corrupt: %s", s->what,
		                      msg);
	else
		s->failed = error_set(code, "%s: %s", s->what, msg);
	return s->failed;
}

/* Why an object is over the cap, each a whole sentence to translate. */
enum too_big_kind { BIG_OBJECT, BIG_DELTA, BIG_BASE, BIG_RESULT };

static int too_big(struct pack_scan *s, enum too_big_kind kind,
                   uint64_t size, uint64_t cap)
{
	unsigned long long at = s->start, n = size, max = cap;

	switch (kind) {
	case BIG_OBJECT:
		return fail(s, ERROR_TOOBIG, "the pack's object at offset %llu "
		            "inflates to %llu bytes, over the %llu allowed (not "
		            "what the checks read)", at, n, max);
	case BIG_DELTA:
		return fail(s, ERROR_TOOBIG, "the pack's object at offset %llu "
		            "is a delta of %llu bytes, over the %llu allowed (a "
		            "delta bomb)", at, n, max);
	case BIG_BASE:
		return fail(s, ERROR_TOOBIG, "the pack's object at offset %llu "
		            "is a delta on a base of %llu bytes, over the %llu "
		            "allowed (a delta bomb)", at, n, max);
	default:
		return fail(s, ERROR_TOOBIG, "the pack's object at offset %llu "
		            "is a delta that expands to %llu bytes, over the %llu "
		            "allowed (a delta bomb)", at, n, max);
	}
}

int pack_scan_new(struct pack_scan **out, const char *what)
{
	struct pack_scan *s = xcalloc(1, sizeof(*s));

	s->what = xstrdup(what);
	if (inflateInit(&s->z) != Z_OK) {
		free(s->what);
		free(s);
		*out = NULL;
		return error_set(ERROR_FAIL, "%s: cannot start zlib", what);
	}
	s->z_live = true;
	*out = s;
	return 0;
}

void pack_scan_free(struct pack_scan *s)
{
	if (!s)
		return;
	if (s->z_live)
		inflateEnd(&s->z);
	free(s->v);
	free(s->ref_bases);
	free(s->what);
	free(s);
}

uint32_t pack_scan_objects(const struct pack_scan *s)
{
	return s->objects;
}

bool pack_scan_has_ref_delta(const struct pack_scan *s)
{
	return s->nref > 0;
}

uint64_t pack_scan_largest(const struct pack_scan *s)
{
	return s->largest;
}

const unsigned char *pack_scan_ref_bases(const struct pack_scan *s, size_t *n)
{
	*n = s->nref;
	return s->ref_bases;
}

static int check_header(struct pack_scan *s)
{
	const unsigned char *h = s->head;
	uint32_t version = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 |
	                   (uint32_t)h[6] << 8 | h[7];

	if (memcmp(h, "PACK", 4) || (version != 2 && version != 3))
		return fail(s, ERROR_CORRUPT, "the server sent something that is "
		            "not a git pack");
	s->objects = (uint32_t)h[8] << 24 | (uint32_t)h[9] << 16 |
	             (uint32_t)h[10] << 8 | h[11];
	s->at = s->objects ? AT_OBJECT : AT_TRAILER;
	s->first_byte = true;
	return 0;
}

/* The object's header is in: check what it declares, before its data. */
static int object_begins(struct pack_scan *s)
{
	bool delta = s->type == OBJ_OFS_DELTA || s->type == OBJ_REF_DELTA;

	if (s->type < OBJ_COMMIT || s->type == 5 || s->type > OBJ_REF_DELTA)
		return fail(s, ERROR_CORRUPT, "object at offset %llu has the "
		            "invalid type %d", (unsigned long long)s->start, s->type);
	/* Blobs are streamed by libgit2's indexer, whatever their size;
	 * anything it holds whole is capped. */
	if (s->type != OBJ_BLOB && s->size > PACK_OBJECT_MAX)
		return too_big(s, delta ? BIG_DELTA : BIG_OBJECT, s->size,
		               PACK_OBJECT_MAX);
	if (s->size > PACK_INFLATE_TOTAL - s->inflate_total)
		return fail(s, ERROR_TOOBIG, "the pack inflates to more than %llu "
		            "bytes", (unsigned long long)PACK_INFLATE_TOTAL);
	s->inflate_total += s->size;
	s->zsize = s->size;
	s->inflated = 0;
	s->ndhead = 0;
	s->delta_checked = !delta;
	return 0;
}

static const struct seen *find_seen(const struct pack_scan *s, uint64_t off)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid].off == off)
			return &s->v[mid];
		if (s->v[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Read a base-128 number at P[*I..N) (gitformat-pack "size encoding");
 * false when incomplete. */
static bool varint(uint64_t *out, const unsigned char *p, unsigned *i,
                   unsigned n)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (*i < n) {
		unsigned char c = p[(*i)++];

		if (shift < 64)
			v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
		if (!(c & 0x80)) {
			*out = shift > 70 ? UINT64_MAX : v;
			return true;
		}
	}
	return false;
}

/* A delta's sizes are in DHEAD (or it is too short to hold them yet). */
static int check_delta(struct pack_scan *s, bool ended)
{
	uint64_t base, result;
	uint32_t depth = 1;
	unsigned i = 0;

	if (!varint(&base, s->dhead, &i, s->ndhead) ||
	    !varint(&result, s->dhead, &i, s->ndhead)) {
		if (ended || s->ndhead == sizeof(s->dhead))
			return fail(s, ERROR_CORRUPT, "the delta at offset %llu has "
			            "no sizes", (unsigned long long)s->start);
		return 0;
	}
	s->delta_checked = true;
	if (base > PACK_OBJECT_MAX)
		return too_big(s, BIG_BASE, base, PACK_OBJECT_MAX);
	if (result > PACK_OBJECT_MAX)
		return too_big(s, BIG_RESULT, result,
		               PACK_OBJECT_MAX);
	if (s->type == OBJ_OFS_DELTA) {
		const struct seen *b = s->ofs <= s->start ?
		                       find_seen(s, s->start - s->ofs) : NULL;

		if (!b || b->size != base)
			return fail(s, ERROR_CORRUPT, "the delta at offset %llu names "
			            "no object of its base's size",
			            (unsigned long long)s->start);
		depth = b->depth + 1;
		if (depth > PACK_DEPTH_MAX)
			return fail(s, ERROR_TOOBIG, "the delta at offset %llu ends a "
			            "chain of more than %u deltas",
			            (unsigned long long)s->start, PACK_DEPTH_MAX);
	}
	if (result > PACK_DELTA_TOTAL - s->delta_total)
		return fail(s, ERROR_TOOBIG, "the pack's deltas expand to more than "
		            "%llu bytes", (unsigned long long)PACK_DELTA_TOTAL);
	s->delta_total += result;
	s->size = result;       /* what the object expands to, from now on */
	s->v[s->n - 1].size = result;
	s->v[s->n - 1].depth = depth;
	return 0;
}

/* The object's zlib stream ended. */
static int object_ends(struct pack_scan *s, uint64_t declared)
{
	int rc;

	if (s->inflated != declared)
		return fail(s, ERROR_CORRUPT, "object at offset %llu inflates to "
		            "%llu bytes, not the %llu its header says",
		            (unsigned long long)s->start,
		            (unsigned long long)s->inflated,
		            (unsigned long long)declared);
	if (!s->delta_checked && (rc = check_delta(s, true)) < 0)
		return rc;
	if (s->type <= OBJ_TAG && s->size > s->largest)
		s->largest = s->size;
	inflateReset(&s->z);
	s->at = ++s->done == s->objects ? AT_TRAILER : AT_OBJECT;
	s->first_byte = true;
	return 0;
}

/* Inflate what DATA[0..len) holds of the object; *USED bytes of it. */
static int inflate_some(struct pack_scan *s, const unsigned char *data,
                        size_t len, size_t *used)
{
	uint64_t declared = s->zsize;
	int rc = 0, zr;

	s->z.next_in = (unsigned char *)data;
	s->z.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
	do {
		size_t got;

		s->z.next_out = s->scratch;
		s->z.avail_out = sizeof(s->scratch);
		zr = inflate(&s->z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
			rc = fail(s, ERROR_CORRUPT, "object at offset %llu is not a "
			          "zlib stream", (unsigned long long)s->start);
			break;
		}
		got = sizeof(s->scratch) - s->z.avail_out;
		s->inflated += got;
		if (s->inflated > declared) {
			rc = fail(s, ERROR_CORRUPT, "object at offset %llu inflates "
			          "past the %llu bytes its header says",
			          (unsigned long long)s->start,
			          (unsigned long long)declared);
			break;
		}
		if (!s->delta_checked && got) {
			size_t take = sizeof(s->dhead) - s->ndhead;

			if (take > got)
				take = got;
			memcpy(s->dhead + s->ndhead, s->scratch, take);
			s->ndhead += (unsigned)take;
			if ((rc = check_delta(s, false)) < 0)
				break;
		}
		if (zr == Z_STREAM_END) {
			rc = object_ends(s, declared);
			break;
		}
		if (zr == Z_BUF_ERROR)
			break;   /* no progress possible: more input needed */
	} while (s->z.avail_in > 0 || s->z.avail_out == 0);
	*used = len - s->z.avail_in;
	return rc;
}

/* One byte of an object's header, its offset or its base id. */
static int header_byte(struct pack_scan *s, unsigned char c)
{
	switch (s->at) {
	case AT_OBJECT:
		if (s->first_byte) {
			s->start = s->pos;
			s->type = (c >> 4) & 7;
			s->size = c & 15;
			s->shift = 4;
			s->first_byte = false;
		} else {
			if (s->shift > 57)
				return fail(s, ERROR_CORRUPT, "object at offset %llu "
				            "declares an impossible size",
				            (unsigned long long)s->start);
			s->size |= (uint64_t)(c & 0x7f) << s->shift;
			s->shift += 7;
		}
		if (c & 0x80)
			return 0;
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 64;
			s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
		}
		s->v[s->n++] = (struct seen){ s->start, s->size, 0 };
		s->ofs = 0;
		s->nbase = 0;
		s->first_byte = true;
		s->at = s->type == OBJ_OFS_DELTA ? AT_OFFSET :
		        s->type == OBJ_REF_DELTA ? AT_BASE_ID : AT_DATA;
		return s->at == AT_DATA ? object_begins(s) : 0;
	case AT_OFFSET:
		/* gitformat-pack "offset encoding": each continuation adds
		 * one before shifting. */
		if (!s->first_byte)
			s->ofs += 1;
		if (s->ofs > (UINT64_MAX >> 8))
			return fail(s, ERROR_CORRUPT, "the delta at offset %llu names "
			            "an impossible base", (unsigned long long)s->start);
		s->ofs = (s->ofs << 7) | (c & 0x7f);
		s->first_byte = false;
		if (c & 0x80)
			return 0;
		s->at = AT_DATA;
		return object_begins(s);
	case AT_BASE_ID:
		s->base_id[s->nbase++] = c;
		if (s->nbase < sizeof(s->base_id))
			return 0;
		s->ref_bases = xrealloc(s->ref_bases, (s->nref + 1) * 20);
		memcpy(s->ref_bases + 20 * s->nref++, s->base_id, 20);
		s->at = AT_DATA;
		return object_begins(s);
	default:
		return 0;
	}
}

int pack_scan_feed(struct pack_scan *s, const unsigned char *data, size_t len)
{
	int rc = 0;

	if (s->failed)
		return s->failed;
	while (len > 0 && rc == 0) {
		size_t used = 1;

		switch (s->at) {
		case AT_HEADER:
			s->head[s->nhead++] = *data;
			if (s->nhead == sizeof(s->head))
				rc = check_header(s);
			break;
		case AT_DATA:
			rc = inflate_some(s, data, len, &used);
			break;
		case AT_TRAILER:
			used = len;    /* the checksum: libgit2 verifies it */
			break;
		default:
			rc = header_byte(s, *data);
			break;
		}
		s->pos += used;
		data += used;
		len -= used;
	}
	return rc;
}

int pack_scan_finish(struct pack_scan *s)
{
	if (s->failed)
		return s->failed;
	if (s->at != AT_TRAILER)
		return fail(s, ERROR_CORRUPT, "it is truncated: it ends after %u of "
		            "its %u objects", s->done, s->objects);
	return 0;
}
