/*
 * license_title.c - licence titles: the leading "MIT License", "GNU GENERAL
 * PUBLIC LICENSE", "Licence Ouverte / Open Licence" lines that the SPDX
 * matching guidelines ("License name or title") say to ignore, recognised
 * as licensee does (license/identity_methods.rb, title_regex): the name,
 * without version, with "v"/"version", the id with spaces for dashes.
 */
#include "crawler/license/license_norm.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "lib/alloc.h"
#include "lib/buf.h"


/* Squash S[0..len): letters and digits only; MAP[k] is the offset in S of
 * squashed byte k. "licence" becomes "license" (SPDX's equivalent words). */
static size_t squash(char *sq, size_t *map, const char *s, size_t len)
{
	size_t i = 0, k = 0;

	while (i < len) {
		size_t at = i;
		utf8proc_int32_t c = norm_next_cp(s, len, &i);
		if (!norm_is_alnum(c))
			continue;
		c = utf8proc_tolower(c);
		if (c < 0x80) {
			sq[k] = (char)c;
			if (map)
				map[k] = at;
			k++;
		} else {
			unsigned char u[4];
			utf8proc_ssize_t n = utf8proc_encode_char(c, u);
			for (utf8proc_ssize_t j = 0; j < n; j++) {
				sq[k] = (char)u[j];
				if (map)
					map[k] = at + (size_t)j;
				k++;
			}
		}
		if (k >= 7 && !memcmp(sq + k - 7, "licence", 7))
			sq[k - 2] = 's';
	}
	sq[k] = '\0';
	return k;
}

char *license_title_squash(const char *s)
{
	size_t len = strlen(s);
	char *sq = xmalloc(len * 2 + 1);

	squash(sq, NULL, s, len);
	return sq;
}

/* Does line S[0..len) start with a known title (then a word boundary)? */
bool norm_is_title(const char *s, size_t len,
                   const struct license_norm_opts *o)
{
	char sqbuf[512];
	size_t mapbuf[512];
	size_t n, skip;

	if (!o || !o->ntitles)
		return false;
	if (len > 200)
		len = 200;  /* a title is short; 200 bytes squash into 512 */
	n = squash(sqbuf, mapbuf, s, len);
	/* "(The MIT License)": an optional "the" before the title. */
	for (skip = 0; skip <= 3; skip += 3) {
		if (skip && (n < 3 || memcmp(sqbuf, "the", 3)))
			break;
		for (size_t t = 0; t < o->ntitles; t++) {
			size_t tl = strlen(o->titles[t]);
			if (tl == 0 || skip + tl > n ||
			    memcmp(sqbuf + skip, o->titles[t], tl))
				continue;
			if (skip + tl == n ||
			    mapbuf[skip + tl] != mapbuf[skip + tl - 1] + 1)
				return true;
		}
	}
	return false;
}

static void add_variant(struct buf *tmp, void (*add)(const char *, void *),
                        void *payload)
{
	char *sq;

	buf_addc(tmp, '\0');
	sq = license_title_squash(tmp->data);
	if (strlen(sq) >= 3)
		add(sq, payload);
	free(sq);
	tmp->len = 0;
}

/* Length of a trailing version token ("v3.0", "1.2", "v. 1.2", "1.0.0"). */
static size_t version_suffix(const char *s, size_t len)
{
	size_t i = len;

	while (i > 0 && (strchr("0123456789.", s[i - 1]) || s[i - 1] == 'c'))
		i--;
	if (i == len || i == 0 || !strchr("0123456789", s[i]))
		return 0;
	if (i > 0 && (s[i - 1] == 'v' || s[i - 1] == 'V'))
		i--;
	else if (i > 2 && s[i - 1] == ' ' && s[i - 2] == '.' &&
	         (s[i - 3] == 'v' || s[i - 3] == 'V'))
		i -= 3;
	if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '-')
		return 0;
	return len - i;
}

void license_title_variants(const char *name, const char *spdx,
                            void (*add)(const char *squashed, void *payload),
                            void *payload)
{
	struct buf tmp = BUF_INIT;
	char *base = xstrdup(name), *id = xstrdup(spdx), *p;
	size_t n, v;

	/* "GNU General Public License v3.0 only" -> "... v3.0" */
	if ((p = strstr(base, " only")) && !p[5])
		*p = '\0';
	if ((p = strstr(base, " or later")) && !p[9])
		*p = '\0';
	buf_adds(&tmp, name), add_variant(&tmp, add, payload);
	buf_adds(&tmp, base), add_variant(&tmp, add, payload);
	n = strlen(base);
	if ((v = version_suffix(base, n))) {
		const char *ver = base + n - v;
		size_t stem = n - v;
		while (ver[0] && !strchr("0123456789", ver[0]))
			ver++;
		while (stem > 0 && strchr(" ,-", base[stem - 1]))
			stem--;
		buf_add(&tmp, base, stem), add_variant(&tmp, add, payload);
		buf_add(&tmp, base, stem), buf_addf(&tmp, " v%s", ver);
		add_variant(&tmp, add, payload);
		buf_add(&tmp, base, stem), buf_addf(&tmp, " version %s", ver);
		add_variant(&tmp, add, payload);
		if (!strncasecmp(base, "gnu ", 4)) {
			buf_add(&tmp, base + 4, stem - 4);
			add_variant(&tmp, add, payload);
		}
	}
	if (!strncasecmp(base, "gnu ", 4))
		buf_adds(&tmp, base + 4), add_variant(&tmp, add, payload);
	/* The id: "apache 2.0", "gpl 3.0", and the family without version. */
	if ((p = strstr(id, "-only")) && !p[5])
		*p = '\0';
	if ((p = strstr(id, "-or-later")) && !p[9])
		*p = '\0';
	buf_adds(&tmp, id), add_variant(&tmp, add, payload);
	for (p = id; *p; p++)
		if (*p == '-')
			*p = ' ';
	n = strlen(id);
	if ((v = version_suffix(id, n)) && v < n)
		buf_add(&tmp, id, n - v), add_variant(&tmp, add, payload);
	buf_free(&tmp);
	free(base);
	free(id);
}

