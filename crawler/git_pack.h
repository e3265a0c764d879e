/*
 * git_pack.h - index a pack as it arrives into a repository's object
 * database (libgit2's git_odb_write_pack, i.e. its git_indexer), with caps
 * on its size and object count: packs come from the network, untrusted.
 */
#ifndef INVENTAIRE_GIT_PACK_H
#define INVENTAIRE_GIT_PACK_H

#include <stddef.h>

struct git_odb;
struct git_pack;

#define GIT_PACK_ETOOBIG  (-27)   /* over max_bytes or max_objects */
#define GIT_PACK_ECORRUPT (-74)   /* not a pack, or libgit2 refused it */

/* Packs go into ODB (the cache repository's, so nothing is written
 * outside the cache). WHAT names the source in messages (the URL). */
int git_pack_new(struct git_pack **out, struct git_odb *odb,
                 unsigned long long max_bytes, unsigned long max_objects,
                 const char *what);
/* Feed pack bytes; a git_http_pack_cb. Negative on error (git_pack_error). */
int git_pack_append(const char *data, size_t len, void *pack);
/* Check the trailer, write the index: the objects become readable. A pack
 * that never started (no bytes) is an error too. */
int git_pack_commit(struct git_pack *p);
const char *git_pack_error(const struct git_pack *p);
unsigned long git_pack_objects(const struct git_pack *p);
void git_pack_free(struct git_pack *p);

#endif
