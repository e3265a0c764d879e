/*
 * license_decode.c - the bytes of a licence file as UTF-8 text with LF line
 * ends. Licence files come in UTF-8, in UTF-16 with a byte order mark
 * (Windows editors), and in Latin-1 or Windows-1252 (the CeCILL texts
 * cecill.info distributes); licensee only drops invalid bytes
 * (lib/licensee/content_helper.rb), which loses every accented letter.
 */
#include "crawler/license/license_text.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "lib/buf.h"
#include "lib/error.h"

static void put_utf8(struct buf *b, uint32_t c)
{
	unsigned char s[4];
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)c, s);

	buf_add(b, s, n > 0 ? (size_t)n : 0);
}

/* Windows-1252 0x80-0x9F; the rest of the byte range is Latin-1. */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

/* UTF-16 (RFC 2781), surrogate pairs joined, lone surrogates U+FFFD. */
static void decode_utf16(struct buf *b, const unsigned char *s, size_t len,
                         bool le)
{
	for (size_t i = 0; i + 1 < len; i += 2) {
		uint32_t c = le ? (uint32_t)(s[i] | s[i + 1] << 8)
		                : (uint32_t)(s[i] << 8 | s[i + 1]);

		if (c >= 0xD800 && c < 0xDC00 && i + 3 < len) {
			uint32_t d = le ? (uint32_t)(s[i + 2] | s[i + 3] << 8)
			                : (uint32_t)(s[i + 2] << 8 | s[i + 3]);
			if (d >= 0xDC00 && d < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
				i += 2;
			} else {
				c = 0xFFFD;
			}
		} else if (c >= 0xD800 && c < 0xE000) {
			c = 0xFFFD;
		}
		put_utf8(b, c ? c : ' ');
	}
}

/* Is S[0..len) valid UTF-8 (RFC 3629: no overlong forms, no surrogates)?
 * ASCII, by far the most common, eight bytes at a time. */
static bool valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n;
		uint64_t v;

		if (i + 8 <= len && (memcpy(&v, s + i, 8),
		                     !(v & 0x8080808080808080ULL))) {
			i += 8;
			continue;
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/* Is S[0..len) ASCII without CR? Eight bytes at a time. */
static bool plain_ascii(const unsigned char *s, size_t len)
{
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t v;
		memcpy(&v, s + i, 8);
		if (v & 0x8080808080808080ULL)
			return false;
	}
	for (; i < len; i++)
		if (s[i] & 0x80)
			return false;
	return !memchr(s, '\r', len);
}

/* CRLF and lone CR become LF, in place; returns the new length. */
static size_t unix_lines(char *s, size_t len)
{
	char *p, *q;

	if (!(p = memchr(s, '\r', len)))
		return len;

	for (q = p; p < s + len; p++) {
		if (*p == '\r') {
			*q++ = '\n';
			if (p + 1 < s + len && p[1] == '\n')
				p++;
		} else {
			*q++ = *p;
		}
	}
	*q = '\0';
	return (size_t)(q - s);
}

int license_text_decode(char **out, size_t *outlen, const char *data,
                        size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	struct buf b = BUF_INIT;

	*out = NULL;
	*outlen = 0;
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	                 (s[0] == 0xFE && s[1] == 0xFF))) {
		decode_utf16(&b, s + 2, len - 2, s[0] == 0xFF);
	} else {
		if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
			s += 3, len -= 3;
		if (memchr(s, '\0', len))
			return error_set(ERROR_PARSE, "binary data (a NUL byte), not "
			                 "a text; a licence is a text file");
		if (plain_ascii(s, len) || valid_utf8(s, len)) {
			buf_add(&b, s, len);
		} else {
			for (size_t i = 0; i < len; i++)
				put_utf8(&b, s[i] < 0x80 ? s[i] :
				         s[i] < 0xA0 ? cp1252[s[i] - 0x80] : s[i]);
		}
	}
	buf_addc(&b, '\0');
	*outlen = unix_lines(b.data, b.len - 1);
	*out = b.data;
	return 0;
}
