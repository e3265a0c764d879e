/* str.h - string helpers that do not depend on the locale. */
#ifndef INVENTAIRE_STR_H
#define INVENTAIRE_STR_H

#include <stdbool.h>
#include <stddef.h>

/* ASCII letter or digit, whatever the locale. */
static inline bool isalnum_ascii(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* ASCII case-insensitive prefix test. */
bool str_istarts(const char *s, const char *prefix);
/* True when S[0..len) is valid UTF-8 (RFC 3629: no overlongs, surrogates). */
bool utf8_valid(const char *s, size_t len);
/*
 * Copy of S[0..len) that is safe to print on a terminal or in a log:
 * invalid UTF-8 bytes, C0 controls and DEL become \xNN; C1 controls and
 * the bidirectional overrides become \uNNNN. Used for every untrusted
 * text we show.
 */
char *str_printable(const char *s, size_t len);

#endif
