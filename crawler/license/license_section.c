/*
 * license_section.c - the "License" section of a README (licensee's
 * project_files/readme_file.rb: a heading that reads "License" or
 * "Licence", up to the next heading) and the licences a short text names
 * (licensee's matchers/reference.rb: a licence's title or URL).
 *
 * READMEs are untrusted and not NUL-terminated here: every read is bounded
 * by the length given.
 */
#include "crawler/license/license_section.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/license/license_declared.h"
#include "crawler/license/license_text.h"
#include "crawler/license/spdx.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

struct cursor {
	const char *p, *end;
	unsigned line;       /* of the line last read */
};

/* The next line, without its '\n' (or "\r\n"); false at the end. */
static bool next_line(const char **s, size_t *n, struct cursor *c)
{
	const char *nl;

	if (c->p >= c->end)
		return false;
	nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	*s = c->p;
	*n = nl ? (size_t)(nl - c->p) : (size_t)(c->end - c->p);
	c->p = nl ? nl + 1 : c->end;
	c->line++;
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	return true;
}

/* The line after the cursor, not consumed. */
static void peek_line(const char **s, size_t *n, const struct cursor *c)
{
	struct cursor tmp = *c;

	if (!next_line(s, n, &tmp)) {
		*s = NULL;
		*n = 0;
	}
}

/* A setext underline ("=====", "-----"; reStructuredText also "~~~"). */
static char underline(const char *s, size_t n)
{
	size_t k = 0;

	while (n && s[n - 1] == ' ')
		n--;
	if (n < 2 || !strchr("=-~^", s[0]))
		return 0;
	while (k < n && s[k] == s[0])
		k++;
	return k == n ? s[0] : 0;
}

/* The level of a heading line S, NEXT the line after it: 1-6 for "#"
 * (or AsciiDoc "="), 1 and 2 for "=" and "-" underlines, 3 for other
 * underlines, 7 for a line that is bold text alone; 0 for no heading. */
static int heading_level(const char *s, size_t n, const char *next, size_t nn)
{
	size_t k = 0;
	char u;

	if (n && (s[0] == '#' || s[0] == '=')) {
		while (k < n && s[k] == s[0])
			k++;
		if (k <= 6 && k < n && s[k] == ' ' && (s[0] == '#' || k >= 2))
			return (int)k;
		return 0;
	}
	if (n && s[0] != ' ' && s[0] != '-' && next && (u = underline(next, nn)))
		return u == '=' ? 1 : u == '-' ? 2 : 3;
	if (n > 4 && ((!strncmp(s, "**", 2) && !strncmp(s + n - 2, "**", 2)) ||
	              (!strncmp(s, "__", 2) && !strncmp(s + n - 2, "__", 2))))
		return 7;
	return 0;
}

/* Does heading text S name the licence: "License", "Licence(s)",
 * "Licensing", "Licence d'utilisation", "License and copyright"? */
static bool licence_heading(const char *s, size_t n)
{
	char t[64];

	while (n && strchr("#=*_: \t", s[0]))
		s++, n--;
	while (n && strchr("#=*_: \t", s[n - 1]))
		n--;
	if (n == 0 || n > 40)
		return false;
	for (size_t k = 0; k < n; k++)
		t[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] + 32 : s[k]);
	t[n] = '\0';
	return strstr(t, "licen") != NULL;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			return false;
	return true;
}

int license_section_find(const char **sec, size_t *n, unsigned *line,
                         const char *data, size_t len)
{
	struct cursor c = { data, data + len, 0 };
	const char *s, *next, *start = NULL;
	size_t sn, nn;
	int level = 0;

	while (next_line(&s, &sn, &c)) {
		const char *at = s;
		unsigned at_line = c.line;
		int l;

		peek_line(&next, &nn, &c);
		if (!(l = heading_level(s, sn, next, nn)))
			continue;
		if (l <= 3 && s[0] != '#' && s[0] != '=')
			next_line(&next, &nn, &c);  /* the underline */
		if (start && l <= level) {
			*sec = start;
			*n = (size_t)(at - start);
			if (!blank(*sec, *n))
				return 0;
			start = NULL;
		}
		if (!start && licence_heading(s, sn)) {
			start = c.p;
			level = l;
			*line = at_line;
		}
	}
	if (start && !blank(start, (size_t)(c.end - start))) {
		*sec = start;
		*n = (size_t)(c.end - start);
		return 0;
	}
	return error_set(ERROR_NOTFOUND, "no \"License\" section");
}

/* ---- names ---- */

struct found {
	char *ids[8];
	size_t n;
};

static void found_add(struct found *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->ids[i], id))
			return;
	if (f->n < sizeof(f->ids) / sizeof(*f->ids))
		f->ids[f->n++] = xstrdup(id);
}

/* The licence a span of words names: an alias, or an SPDX id written as
 * such ("EUPL-1.2", "CECILL-B"), or NULL. Caller frees. */
static char *span_licence(const char *span)
{
	char *sq = license_title_squash(span), *id = NULL;
	const char *a = license_alias_id(sq);
	struct spdx_expr *e = NULL;

	free(sq);
	if (a)
		return xstrdup(a);
	if (!strchr(span, ' ') && strchr(span, '-') &&
	    spdx_parse(&e, span) == 0 && e->kind == SPDX_LICENSE &&
	    spdx_id_known(e->id) && strcmp(e->id, "NONE") &&
	    strcmp(e->id, "NOASSERTION"))
		id = xstrdup(e->id);
	spdx_free(e);
	return id;
}

static bool name_char(const char *s, size_t i, size_t len)
{
	unsigned char c = (unsigned char)s[i];

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/* Licence names and ids in TEXT: windows of up to 8 words, longest first
 * (licensee's reference matcher). */
static void names_in(struct found *f, const char *text, size_t len)
{
	const char *w[1024];
	size_t wl[1024], nw = 0;

	for (size_t i = 0; i < len && nw < 1024;) {
		while (i < len && !name_char(text, i, len))
			i++;
		if (i >= len)
			break;
		w[nw] = text + i;
		while (i < len && (name_char(text, i, len) ||
		                   (strchr(".-'", text[i]) && i + 1 < len &&
		                    name_char(text, i + 1, len))))
			i++;
		wl[nw] = (size_t)(text + i - w[nw]);
		nw++;
	}
	for (size_t i = 0; i < nw;) {
		size_t k;
		for (k = nw - i < 8 ? nw - i : 8; k > 0; k--) {
			char *span = xstrndup(w[i], (size_t)(w[i + k - 1] +
			                                     wl[i + k - 1] - w[i]));
			char *id = span_licence(span);
			free(span);
			if (id) {
				found_add(f, id);
				free(id);
				break;
			}
		}
		i += k ? k : 1;
	}
}

/* Licences linked to: the URLs of TEXT that license_url_id() knows. */
static void urls_in(struct found *f, const char *text, size_t len)
{
	for (size_t i = 0; i + 8 < len; i++) {
		size_t k;
		char *url, *id;
		if (strncmp(text + i, "http://", 7) && strncmp(text + i, "https://", 8))
			continue;
		for (k = i; k < len && !strchr(" \t\r\n<>()[]\"'`", text[k]); k++)
			;
		url = xstrndup(text + i, k - i);
		if ((id = license_url_id(url)) && spdx_id_known(id))
			found_add(f, id);
		free(id);
		free(url);
		i = k;
	}
}

static bool has_any(const char *low, const char *const *words)
{
	for (; *words; words++)
		if (strstr(low, *words))
			return true;
	return false;
}

char *license_section_names(const char *text, size_t len)
{
	static const char *const later_words[] = {
		"any later version", "or later", "ult\xc3\xa9rieure", "-or-later",
		NULL,
	};
	static const char *const choice_words[] = {
		"dual", "either", " au choix", "double licen", NULL,
	};
	struct found f = { { 0 }, 0 };
	struct buf b = BUF_INIT;
	char *low = xstrndup(text, len);
	bool later, choice;

	for (char *q = low; *q; q++)
		*q = (char)(*q >= 'A' && *q <= 'Z' ? *q + 32 : *q);
	later = has_any(low, later_words);
	choice = has_any(low, choice_words);
	free(low);
	names_in(&f, text, len);
	urls_in(&f, text, len);
	for (size_t i = 0; i < f.n; i++) {
		char *id = f.ids[i];
		size_t l = strlen(id);
		if (b.len)
			buf_adds(&b, choice ? " OR " : " AND ");
		/* "either version 3 ... or any later version" */
		if (later && l > 5 && !strcmp(id + l - 5, "-only"))
			buf_addf(&b, "%.*s-or-later", (int)(l - 5), id);
		else
			buf_adds(&b, id);
		free(id);
	}
	return b.len ? buf_detach(&b) : NULL;
}
