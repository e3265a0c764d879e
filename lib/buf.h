/* buf.h - a growable byte buffer, always NUL-terminated once anything was
 * added. */
#ifndef INVENTAIRE_BUF_H
#define INVENTAIRE_BUF_H

#include <stddef.h>

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

#endif
