/*
 * pack_scan.h - read what a pack will expand to, as it arrives, before
 * libgit2 indexes it (gitformat-pack(5)).
 *
 * A pack is small on the wire and may be huge in memory: a 168-byte pack
 * holding a blob and an ofs-delta that copies it again and again expands
 * to a gigabyte, which libgit2's indexer allocates whole when it resolves
 * the delta. Every object's header gives its inflated size, and every
 * delta's first bytes (once inflated) give the size of its base and of its
 * result: the scanner reads them all, as the bytes come, and refuses the
 * pack as soon as one is over the caps below. It inflates each object once
 * to find where the next begins, through a small buffer: nothing is kept.
 *
 * What libgit2 holds in memory for one pack is then bounded: whole objects
 * are streamed by its indexer (a blob of any size costs a buffer), and a
 * delta is resolved with its base, its instructions and its result, each
 * at most PACK_OBJECT_MAX.
 */
#ifndef INVENTAIRE_PACK_SCAN_H
#define INVENTAIRE_PACK_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The checks read a few small files: a licence, a README, publiccode.yml,
 * the root tree (2 MB for 50,000 entries). A commit, tree or tag, a delta,
 * its base and its result may each be this large at most. */
#define PACK_OBJECT_MAX (16ull << 20)
/* What the deltas of one pack may produce together: libgit2 resolves a
 * chain from its base every time (bases over 1 MiB are not cached), so
 * this also bounds the time a chain of large deltas costs. */
#define PACK_DELTA_TOTAL (256ull << 20)
/* What the pack may inflate to in all (whole objects, blobs included,
 * and delta instructions): a bound on the time spent inflating. */
#define PACK_INFLATE_TOTAL (1ull << 30)
/* Deltas on deltas: git's pack.depth is 50 (git-config(1)). */
#define PACK_DEPTH_MAX 64u

struct pack_scan;

/* Errors (lib/error.h): ERROR_TOOBIG an object over a cap, with the
 * message naming WHAT and the object; ERROR_CORRUPT not a pack. */
int pack_scan_new(struct pack_scan **out, const char *what);
void pack_scan_free(struct pack_scan *s);
/* The next LEN bytes of the pack: 0, or a negative code (sticky). */
int pack_scan_feed(struct pack_scan *s, const unsigned char *data, size_t len);
/* The pack ended: 0 when every object was read whole, else ERROR_CORRUPT. */
int pack_scan_finish(struct pack_scan *s);
/* The object count of the header (0 before it is in). */
uint32_t pack_scan_objects(const struct pack_scan *s);
/* A ref-delta (its base named by id) was seen, and the largest whole
 * object: a ref-delta may name that object as its base, and its size is
 * only checked against the cap when the pack is committed. */
bool pack_scan_has_ref_delta(const struct pack_scan *s);
uint64_t pack_scan_largest(const struct pack_scan *s);

/* The base ids of ref-deltas, for the caller to look up in its object
 * database (a thin pack's bases are there): 20-byte ids, *N of them. */
const unsigned char *pack_scan_ref_bases(const struct pack_scan *s, size_t *n);

#endif
