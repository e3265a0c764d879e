/*
 * util.h - small helpers shared by every module: allocation that never
 * returns NULL (out of memory is fatal: exit 4, nothing written), a growable
 * byte buffer, and string helpers.
 */
#ifndef INVENTAIRE_UTIL_H
#define INVENTAIRE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* A growable buffer, always NUL-terminated once anything was added. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_addc(struct buf *b, char c);
/* Hand over the contents (never NULL) and reset B. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/*
 * Read the whole file PATH into *OUT (NUL-terminated; *LEN without the NUL,
 * LEN may be NULL). MAX > 0 refuses a larger file with -EFBIG before
 * reading it all. 0, or a negative errno value.
 */
int file_read(char **out, size_t *len, const char *path, size_t max);

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
 * Copy of S[0..len) that is safe to print: invalid UTF-8 bytes and control
 * characters become \xNN. Used for every untrusted name we show.
 */
char *str_printable(const char *s, size_t len);

#endif
