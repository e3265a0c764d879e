/*
 * alloc.h - allocation that never returns NULL: out of memory is fatal
 * (exit 4, nothing written), so callers need no NULL checks.
 */
#ifndef INVENTAIRE_ALLOC_H
#define INVENTAIRE_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

#endif
