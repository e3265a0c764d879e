/*
 * pack.h - index a pack as it arrives (libgit2's git_indexer) into a
 * folder whose packs an object database reads, with caps on its size and
 * object count: packs come from the network, untrusted.
 */
#ifndef INVENTAIRE_PACK_H
#define INVENTAIRE_PACK_H

#include <stddef.h>

struct git_odb;
struct pack;

/* Errors are lib/error.h codes: ERROR_TOOBIG over max_bytes or
 * max_objects, ERROR_CORRUPT not a pack or libgit2 refused it; the message
 * (error_last()) names WHAT. */

/* The pack goes into the folder DIR (the cache's, so nothing is written
 * outside the cache) and, once committed, is read by ODB, whose objects
 * a thin pack's deltas may be based on. WHAT names the source in messages
 * (the URL). */
int pack_new(struct pack **out, struct git_odb *odb, const char *dir,
             unsigned long long max_bytes, unsigned long max_objects,
             const char *what);
/* Feed pack bytes; a smart_http_pack_cb. 0 or a negative code. */
int pack_append(const char *data, size_t len, void *pack);
/* Check the trailer, write the index: the objects become readable. A pack
 * that never started (no bytes) is an error too. */
int pack_commit(struct pack *p);
unsigned long pack_objects(const struct pack *p);
void pack_free(struct pack *p);

/* ODB reads the pack whose index is at IDX too: 0 or ERROR_GIT. */
int pack_load(struct git_odb *odb, const char *idx);

#endif
