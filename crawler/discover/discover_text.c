/*
 * discover_text.c - comparing names, reading domains, and finding an
 * actor named in a text (discover_int.h). Profiles and READMEs are
 * untrusted: every function takes any bytes, valid UTF-8 or not.
 */
#include "crawler/discover/discover_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/str.h"

static bool ascii_alnum(unsigned char c)
{
	return isalnum_ascii((char)c);
}

/* Add code point C to B if it is a letter or a digit, else a space. */
static void add_folded(struct buf *b, utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t n;

	if (c < 0x80) {
		buf_addc(b, ascii_alnum((unsigned char)c) ? (char)c : ' ');
		return;
	}
	if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_NO ||
	    (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME)) {
		buf_addc(b, ' ');
		return;
	}
	n = utf8proc_encode_char(c, enc);
	buf_add(b, enc, (size_t)n);
}

/* Collapse runs of spaces in B's text into one, trim the ends. */
static char *squeeze(struct buf *b)
{
	char *s = buf_detach(b), *w = s;
	bool space = true;

	for (const char *p = s; *p; p++) {
		if (*p == ' ') {
			if (!space)
				*w++ = ' ';
			space = true;
		} else {
			*w++ = *p;
			space = false;
		}
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
	return s;
}

char *discover_normalize(const char *s)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n;
	struct buf b = BUF_INIT;

	if (!s)
		return xstrdup("");
	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
	                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
	                 UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
	                 UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
	if (n < 0) {
		/* Not UTF-8: what can be compared is its ASCII. */
		for (const char *p = s; *p; p++)
			buf_addc(&b, ascii_alnum((unsigned char)*p)
			         ? (char)(*p | (*p >= 'A' && *p <= 'Z' ? 0x20 : 0))
			         : ' ');
		return squeeze(&b);
	}
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &c);

		if (k <= 0)
			break;
		add_folded(&b, c);
		i += k;
	}
	free(mapped);
	return squeeze(&b);
}

char *discover_compact(const char *s)
{
	char *n = discover_normalize(s), *w = n;

	for (const char *p = n; *p; p++)
		if (*p != ' ')
			*w++ = *p;
	*w = '\0';
	return n;
}

/* Words that say nothing about who a body is. */
static bool stopword(const char *w, size_t n)
{
	static const char *const words[] = {
		"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la",
		"le", "les", "pour", "sur", "and", "for", "of", "the",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strlen(words[i]) == n && !strncmp(words[i], w, n))
			return true;
	return false;
}

/* WORD (N bytes) is a whole word of the normalized TEXT. */
static bool has_word(const char *text, const char *word, size_t n)
{
	for (const char *p = text; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, word, n))
			return true;
		p += len;
		while (*p == ' ')
			p++;
	}
	return false;
}

int discover_words_in(const char *name, const char *text)
{
	char *nn = discover_normalize(name), *nt = discover_normalize(text);
	unsigned total = 0, found = 0;

	for (const char *p = nn; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (!stopword(p, len)) {
			total++;
			found += has_word(nt, p, len);
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	free(nn);
	free(nt);
	return total ? (int)(found * 100 / total) : 0;
}

static char *lower_dup(const char *s, size_t n)
{
	char *r = xstrndup(s, n);

	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

/* A host name's characters only, with at least one dot. */
static bool host_like(const char *h)
{
	if (!*h || !strchr(h, '.') || *h == '.' || *h == '-')
		return false;
	for (const char *p = h; *p; p++)
		if (!ascii_alnum((unsigned char)*p) && *p != '.' && *p != '-')
			return false;
	return true;
}

char *discover_web_host(const char *website)
{
	const char *p = website, *end;
	char *h;

	if (!p)
		return NULL;
	while (*p == ' ')
		p++;
	if (!strncasecmp(p, "https://", 8))
		p += 8;
	else if (!strncasecmp(p, "http://", 7))
		p += 7;
	else if (!strncmp(p, "//", 2))
		p += 2;
	end = p + strcspn(p, "/:?# \t@");
	if (*end == '@')        /* userinfo: not a website we can read */
		return NULL;
	h = lower_dup(p, (size_t)(end - p));
	while (*h && h[strlen(h) - 1] == '.')
		h[strlen(h) - 1] = '\0';
	if (!host_like(h)) {
		free(h);
		return NULL;
	}
	return h;
}

char *discover_mail_host(const char *email)
{
	const char *at = email ? strrchr(email, '@') : NULL;
	char *h;

	if (!at || at == email)
		return NULL;
	h = lower_dup(at + 1, strcspn(at + 1, " \t>"));
	if (!host_like(h)) {
		free(h);
		return NULL;
	}
	return h;
}

/* S looks like an acronym: no lower-case ASCII letter, and short. */
static bool acronym_like(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 24)
		return false;
	for (const char *p = s; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			return false;
	return true;
}

/* WORD is in TEXT as written, not inside a longer word. */
static bool has_cased_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; (p = strstr(p, word)); p++) {
		bool before = p == text || !ascii_alnum((unsigned char)p[-1]);
		bool after = !ascii_alnum((unsigned char)p[n]);

		if (before && after)
			return true;
	}
	return false;
}

/* DOMAIN (lower case) is a host name in TEXT: "x@domain", "www.domain",
 * "https://domain/", not "otherdomain" or "domain.example". */
static bool has_domain(const char *text, const char *domain)
{
	char *lt = lower_dup(text, strlen(text));
	size_t n = strlen(domain);
	bool found = false;

	for (const char *p = lt; !found && (p = strstr(p, domain)); p++) {
		bool before = p == lt || (!ascii_alnum((unsigned char)p[-1]) &&
		                          p[-1] != '-') || p[-1] == '.';
		bool after = !ascii_alnum((unsigned char)p[n]) && p[n] != '-' &&
		             !(p[n] == '.' && ascii_alnum((unsigned char)p[n + 1]));

		found = before && after;
	}
	free(lt);
	return found;
}

/* NAME (normalized, several words) is a phrase of the normalized TEXT. */
static bool has_phrase(const char *ntext, const char *name)
{
	char *n = discover_normalize(name);
	char *pad_t = xasprintf(" %s ", ntext), *pad_n = xasprintf(" %s ", n);
	bool found = *n && strchr(n, ' ') && strstr(pad_t, pad_n);

	free(n);
	free(pad_t);
	free(pad_n);
	return found;
}

/* The actor's names one by one: its name, acronym, aliases. */
static const char *name_of(const struct actor *a, size_t i)
{
	if (i == 0)
		return a->name;
	if (i == 1)
		return a->acronym;
	return i - 2 < a->naliases ? a->aliases[i - 2] : NULL;
}

bool discover_text_names(char **what, const char *text,
                         const struct actor *actor)
{
	char *nt;

	*what = NULL;
	if (!text || !*text)
		return false;
	nt = discover_normalize(text);
	for (size_t i = 0; !*what && i < 2 + actor->naliases; i++) {
		const char *n = name_of(actor, i);

		/* An acronym counts in its own capitals only: "HAS" is the
		 * Haute Autorité de santé, "has" an English verb. A name counts
		 * as a phrase of two words or more: one word alone ("santé")
		 * names nobody. */
		if (!n)
			continue;
		if (acronym_like(n) ? strlen(n) >= 3 && has_cased_word(text, n)
		                    : has_phrase(nt, n))
			*what = xasprintf("\"%s\"", n);
	}
	for (size_t i = 0; !*what && i < actor->ndomains; i++)
		if (has_domain(text, actor->domains[i]))
			*what = xasprintf("its domain %s", actor->domains[i]);
	free(nt);
	return *what != NULL;
}
