/* str.c - string helpers: ASCII case, UTF-8, printable copies (str.h). */
#include "lib/str.h"

#include <string.h>
#include <strings.h>

#include "lib/buf.h"

bool str_istarts(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Length of the valid UTF-8 sequence at S (at most N bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	while (len) {
		size_t n = utf8_seq(p, len);
		if (!n)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

/*
 * A code point a terminal would act on rather than show: C0 controls and
 * DEL (ESC starts every escape sequence), C1 controls (U+009B is a CSI by
 * itself on terminals that honour 8-bit controls, ECMA-48 §5.3), and the
 * bidirectional formatting characters that reorder what follows (Unicode
 * UAX #9 §2: LRE..RLO, LRI..PDI), with which a name can make a log line
 * read as another.
 */
static bool acts_on_terminal(const unsigned char *p, size_t n)
{
	unsigned cp;

	if (n == 1)
		return *p < 0x20 || *p == 0x7f;
	if (n == 2) {
		cp = (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return cp >= 0x80 && cp <= 0x9f;
	}
	if (n == 3) {
		cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
		     (p[2] & 0x3f);
		return (cp >= 0x202a && cp <= 0x202e) ||
		       (cp >= 0x2066 && cp <= 0x2069);
	}
	return false;
}

char *str_printable(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b = BUF_INIT;

	while (len) {
		size_t n = utf8_seq(p, len);

		if (n == 0 || (n == 1 && acts_on_terminal(p, 1))) {
			buf_addf(&b, "\\x%02x", *p);
			n = 1;
		} else if (acts_on_terminal(p, n)) {
			unsigned cp = n == 2 ? (unsigned)(p[0] & 0x1f) << 6 | (p[1] & 0x3f)
			                     : (unsigned)(p[0] & 0x0f) << 12 |
			                       (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);

			buf_addf(&b, "\\u%04x", cp);
		} else {
			buf_add(&b, p, n);
		}
		p += n;
		len -= n;
	}
	return buf_detach(&b);
}
