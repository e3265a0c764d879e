/*
 * etag_cache.h - conditional requests: the ETag, headers and body of the
 * last 200 per URL, one file per URL hash in a cache folder.
 *
 * Send If-None-Match with the stored ETag; a 304 means the stored page is
 * still right (and costs no GitHub rate limit: docs.github.com/en/rest/
 * using-the-rest-api/best-practices-for-using-the-rest-api, "Use
 * conditional requests if appropriate"; GitLab documents the 304 in
 * docs.gitlab.com/ee/api/rest/, "Status codes"). The
 * headers are stored too, because the plug-in paginates on them (Link,
 * X-Next-Page) and a 304 need not repeat them.
 */
#ifndef INVENTAIRE_ETAG_CACHE_H
#define INVENTAIRE_ETAG_CACHE_H

#include <stddef.h>

#include "forges/forge.h"
#include "lib/error.h"

struct etag_entry {
	char *etag;
	struct http_header *headers;
	size_t nheaders;
	char *body;                  /* NUL-terminated for convenience */
	size_t len;
};

/* 0 and *OUT filled, or ERROR_NOTFOUND when DIR has no usable entry for
 * URL. */
int etag_cache_get(struct etag_entry *out, const char *dir, const char *url);
/* Store, atomically (lib/file.h: a crash leaves the old entry or the new,
 * never half of one). Returns 0 or a negative code (lib/error.h); a cache
 * that cannot be written only costs a full download next time. */
int etag_cache_put(const char *dir, const char *url, const char *etag,
                   const struct http_header *headers, size_t nheaders,
                   const char *body, size_t len);
void etag_entry_clear(struct etag_entry *e);

#endif
