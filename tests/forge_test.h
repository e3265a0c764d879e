/*
 * forge_test.h - support for the forge plug-in tests: recorded responses
 * from $SHARED_DATA/forges/recorded (skipped when absent), PyGithub replay
 * files (recorded/README.md: 10 lines per exchange), and inline fixtures.
 * Header-only (static inline) so each test stays one file in
 * tests/meson.build's unit_tests loop.
 */
#ifndef INVENTAIRE_FORGE_TEST_H
#define INVENTAIRE_FORGE_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "forges/forge.h"
#include "lib/alloc.h"
#include "lib/buf.h"

/* A response the test owns. */
struct fx {
	struct http_resp resp;
	struct http_header hdr[64];
	char *body;
	char *url;
};

/* Skips the test when $SHARED_DATA is not there (a fresh clone); returns
 * the folder otherwise. A test that reads recorded responses calls it
 * first, before it allocates anything: skip() does not return, and under
 * the sanitizers what the test had allocated would be reported as a leak. */
static inline const char *fx_need_shared_data(void)
{
	const char *dir = getenv("SHARED_DATA");
	struct stat st;

	if (!dir || stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		print_message("SHARED_DATA missing: skipping a recorded-response test\n");
		skip();
	}
	return dir;
}

/* The contents of recorded/REL; skips the test when SHARED_DATA is not
 * there, fails when the folder is there but the file is not. */
static inline char *fx_recorded(const char *rel, size_t *len)
{
	const char *dir = fx_need_shared_data();
	char *path;
	FILE *f;
	char *data;

	path = xasprintf("%s/forges/recorded/%s", dir, rel);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("recorded response %s is missing", path);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	data = xmalloc(*len + 1);
	assert_int_equal(fread(data, 1, *len, f), *len);
	data[*len] = '\0';
	fclose(f);
	free(path);
	return data;
}

/* A string literal as "body, length" arguments (embedded NULs kept). */
#define FX_S(lit) lit, sizeof(lit) - 1

/* Fill X with STATUS, a copy of BODY[0..LEN), URL and NULL-terminated
 * name, value header pairs. */
static inline void fx_set(struct fx *x, long status, const char *body,
                          size_t len, const char *url, ...)
{
	va_list ap;
	const char *n;

	memset(x, 0, sizeof(*x));
	x->body = xmalloc(len + 1);
	memcpy(x->body, body, len);
	x->body[len] = '\0';
	x->url = url ? xstrdup(url) : NULL;
	va_start(ap, url);
	while ((n = va_arg(ap, const char *))) {
		x->hdr[x->resp.nheaders].name = xstrdup(n);
		x->hdr[x->resp.nheaders].value = xstrdup(va_arg(ap, const char *));
		x->resp.nheaders++;
	}
	va_end(ap);
	x->resp.status = status;
	x->resp.headers = x->hdr;
	x->resp.body = x->body;
	x->resp.len = len;
	x->resp.url = x->url;
}

static inline void fx_free(struct fx *x)
{
	for (size_t i = 0; i < x->resp.nheaders; i++) {
		free(x->hdr[i].name);
		free(x->hdr[i].value);
	}
	free(x->body);
	free(x->url);
	memset(x, 0, sizeof(*x));
}

/* A Python string literal at *P ('...' or "...", backslash escapes). */
static inline char *fx_pystr(const char **p)
{
	struct buf b = BUF_INIT;
	char q = **p;

	assert_true(q == '\'' || q == '"');
	for ((*p)++; **p && **p != q; (*p)++) {
		if (**p == '\\' && (*p)[1])
			(*p)++;
		buf_addc(&b, **p);
	}
	assert_int_equal(**p, q);
	(*p)++;
	buf_adds(&b, "");
	return buf_detach(&b);
}

/*
 * Exchange number INDEX (from 0) of PyGithub replay file REL: 10 lines
 * (protocol, method, host, port, path, request headers, request body,
 * status, response headers as a list of tuples, body) and a blank line.
 */
static inline void fx_replay(struct fx *x, const char *rel, int index)
{
	size_t len;
	char *data = fx_recorded(rel, &len), *line[10];
	char *s = data, *url;
	const char *p;
	int ex = 0;

	for (;;) {
		while (*s == '\n')
			s++;
		assert_true(*s != '\0');
		for (int i = 0; i < 10; i++) {
			line[i] = s;
			s += strcspn(s, "\n");
			if (*s)
				*s++ = '\0';
		}
		if (ex++ == index)
			break;
	}
	url = xasprintf("%s://%s%s", line[0], line[2], line[4]);
	fx_set(x, atol(line[7]), line[9], strlen(line[9]), url, (char *)NULL);
	free(url);
	/* [('Name', 'value'), ...] */
	p = line[8];
	while ((p = strchr(p, '('))) {
		p++;
		x->hdr[x->resp.nheaders].name = fx_pystr(&p);
		p += strspn(p, ", ");
		x->hdr[x->resp.nheaders].value = fx_pystr(&p);
		assert_true(x->resp.nheaders < 63);
		x->resp.nheaders++;
	}
	free(data);
}

/* A request as the engine would hold it for URL and STEP. */
static inline struct http_req *fx_req(const char *method, const char *url,
                                      int step)
{
	struct http_req *r;

	assert_int_equal(http_req_new(&r, method, url, step), 0);
	return r;
}

/* Count of repositories named FULL in L, and a pointer to the first. */
static inline const struct repo *fx_find(const struct repo_list *l,
                                         const char *full)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].full_name && !strcmp(l->v[i].full_name, full))
			return &l->v[i];
	return NULL;
}

#endif
