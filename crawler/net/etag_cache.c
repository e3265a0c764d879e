/* etag_cache.c - ETag + body per URL on disk (see etag_cache.h). */
#include "crawler/net/etag_cache.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/file.h"

#define MAGIC "inventaire-etag-cache 1\n"
/* A cached page is ours, but the file may be damaged: bound what we read. */
#define MAX_LINE 16384
#define MAX_HEADERS 200

/* FNV-1a 64: the file name only spreads URLs; the URL inside is checked. */
static char *entry_path(const char *dir, const char *url)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return xasprintf("%s/%016" PRIx64, dir, h);
}

static bool one_line(const char *s)
{
	return !strpbrk(s, "\r\n");
}

void etag_entry_clear(struct etag_entry *e)
{
	free(e->etag);
	for (size_t i = 0; i < e->nheaders; i++) {
		free(e->headers[i].name);
		free(e->headers[i].value);
	}
	free(e->headers);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

/* Read one '\n'-terminated line into LINE (without the newline). */
static bool read_line(char *line, FILE *f)
{
	size_t n;

	if (!fgets(line, MAX_LINE, f))
		return false;
	n = strlen(line);
	if (!n || line[n - 1] != '\n')
		return false;
	line[n - 1] = '\0';
	return true;
}

int etag_cache_get(struct etag_entry *out, const char *dir, const char *url)
{
	char *path = entry_path(dir, url);
	FILE *f = fopen(path, "rb");
	char *line = xmalloc(MAX_LINE);
	struct etag_entry e = { 0 };
	int rc = ERROR_NOTFOUND;

	if (!f)
		goto out;
	if (!read_line(line, f) || strcmp(line, "inventaire-etag-cache 1"))
		goto out;
	if (!read_line(line, f) || strncmp(line, "url ", 4) || strcmp(line + 4, url))
		goto out;
	if (!read_line(line, f) || strncmp(line, "etag ", 5) || !line[5])
		goto out;
	e.etag = xstrdup(line + 5);
	for (;;) {
		char *colon;

		if (!read_line(line, f))
			goto out;
		if (!strncmp(line, "body ", 5))
			break;
		if (strncmp(line, "header ", 7) || e.nheaders >= MAX_HEADERS ||
		    !(colon = strchr(line + 7, ':')))
			goto out;
		e.headers = xrealloc(e.headers, (e.nheaders + 1) * sizeof(*e.headers));
		e.headers[e.nheaders].name = xstrndup(line + 7, (size_t)(colon - line - 7));
		e.headers[e.nheaders].value = xstrdup(colon + 1 + (colon[1] == ' '));
		e.nheaders++;
	}
	{
		char *end;
		unsigned long long len = strtoull(line + 5, &end, 10);

		if (*end || len > ((size_t)1 << 30))
			goto out;
		e.len = (size_t)len;
		e.body = xmalloc(e.len + 1);
		if (fread(e.body, 1, e.len, f) != e.len || fgetc(f) != EOF)
			goto out;
		e.body[e.len] = '\0';
	}
	*out = e;
	memset(&e, 0, sizeof(e));
	rc = 0;
out:
	if (rc < 0)
		error_set(rc, "%s: no usable cache entry for %s", path, url);
	if (f)
		fclose(f);
	free(path);
	free(line);
	etag_entry_clear(&e);
	return rc;
}

int etag_cache_put(const char *dir, const char *url, const char *etag,
                   const struct http_header *headers, size_t nheaders,
                   const char *body, size_t len)
{
	struct atomic_file af;
	char *path;
	int rc;

	if (!one_line(url) || !one_line(etag) || !*etag ||
	    strlen(url) + 8 > MAX_LINE || strlen(etag) + 8 > MAX_LINE)
		return error_set(ERROR_INVALID, "%s: an ETag or URL that would not "
		                 "read back; not cached", url);
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return error_errno(errno, "%s: cannot create the cache folder", dir);
	path = entry_path(dir, url);
	if ((rc = atomic_file_open(&af, path)) < 0) {
		free(path);
		return rc;
	}
	fprintf(af.f, MAGIC "url %s\netag %s\n", url, etag);
	for (size_t i = 0; i < nheaders; i++) {
		const struct http_header *h = &headers[i];

		/* Cookies are per client, not per page; long lines would not
		 * read back. */
		if (!strcasecmp(h->name, "set-cookie") || !one_line(h->name) ||
		    !one_line(h->value) || strchr(h->name, ':') ||
		    strlen(h->name) + strlen(h->value) + 10 > MAX_LINE)
			continue;
		fprintf(af.f, "header %s: %s\n", h->name, h->value);
	}
	fprintf(af.f, "body %zu\n", len);
	fwrite(body, 1, len, af.f);
	rc = atomic_file_commit(&af);
	free(path);
	return rc;
}
