/*
 * pack.h - index a pack as it arrives into a repository's object
 * database (libgit2's git_odb_write_pack, i.e. its git_indexer), with caps
 * on its size and object count: packs come from the network, untrusted.
 */
#ifndef INVENTAIRE_PACK_H
#define INVENTAIRE_PACK_H

#include <stddef.h>

struct git_odb;
struct pack;

/* Errors are lib/error.h codes: ERROR_TOOBIG over max_bytes or
 * max_objects, ERROR_CORRUPT not a pack or libgit2 refused it; the message
 * (error_last()) names WHAT. */

/* Packs go into ODB (the cache repository's, so nothing is written
 * outside the cache). WHAT names the source in messages (the URL). */
int pack_new(struct pack **out, struct git_odb *odb,
                 unsigned long long max_bytes, unsigned long max_objects,
                 const char *what);
/* Feed pack bytes; a smart_http_pack_cb. 0 or a negative code. */
int pack_append(const char *data, size_t len, void *pack);
/* Check the trailer, write the index: the objects become readable. A pack
 * that never started (no bytes) is an error too. */
int pack_commit(struct pack *p);
unsigned long pack_objects(const struct pack *p);
void pack_free(struct pack *p);

#endif
