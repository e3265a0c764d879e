/*
 * pktline.c - pkt-line encoding and a bounded push decoder
 * (gitprotocol-common(5) "pkt-line Format").
 */
#include "crawler/transport/pktline.h"

#include "lib/alloc.h"
#include "lib/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pkt_addf(struct buf *b, const char *fmt, ...)
{
	char head[5];
	va_list ap;
	char *s;
	size_t n;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	n = strlen(s);
	if (n + 4 > PKT_MAX)
		n = PKT_MAX - 4;   /* our own requests are short lines */
	snprintf(head, sizeof(head), "%04zx", n + 4);
	buf_add(b, head, 4);
	buf_add(b, s, n);
	free(s);
}

void pkt_flush(struct buf *b)
{
	buf_add(b, "0000", 4);
}

void pkt_delim(struct buf *b)
{
	buf_add(b, "0001", 4);
}

void pkt_reader_init(struct pkt_reader *r)
{
	r->have = 0;
	r->want = 0;
	r->failed = 0;
}

int pkt_reader_idle(const struct pkt_reader *r)
{
	return !r->failed && r->have == 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The length in the 4-byte header, or -1. */
static long header_len(const char *h)
{
	long n = 0;

	for (int i = 0; i < 4; i++) {
		int v = hexval(h[i]);
		if (v < 0)
			return -1;
		n = n * 16 + v;
	}
	return n;
}

static int fail(struct pkt_reader *r, const char *why, const char *h)
{
	char shown[5];

	for (int i = 0; i < 4; i++)
		shown[i] = h[i] >= 0x20 && h[i] < 0x7f ? h[i] : '?';
	shown[4] = '\0';
	r->failed = ERROR_PROTOCOL;
	return error_set(ERROR_PROTOCOL, "%s (header '%s')", why, shown);
}

int pkt_reader_feed(struct pkt_reader *r, const char *data, size_t len,
                    pkt_cb cb, void *payload)
{
	if (r->failed)
		return r->failed;   /* the first failure's message stands */
	while (len > 0) {
		size_t need = (r->want ? r->want : 4) - r->have;
		size_t take = len < need ? len : need;

		memcpy(r->pkt + r->have, data, take);
		r->have += take;
		data += take;
		len -= take;
		if (r->have < (r->want ? r->want : 4))
			break;
		if (!r->want) {
			long n = header_len(r->pkt);
			enum pkt_type special;

			if (n < 0)
				return fail(r, "not a pkt-line length", r->pkt);
			if (n < 4) {
				if (n == 3)
					return fail(r, "invalid pkt-line length 3", r->pkt);
				special = n == 0 ? PKT_FLUSH : n == 1 ? PKT_DELIM : PKT_END;
				r->have = 0;
				if (cb(special, NULL, 0, payload) < 0)
					return r->failed = ERROR_ABORT;
				continue;
			}
			if (n > PKT_MAX)
				return fail(r, "pkt-line longer than 65520 bytes", r->pkt);
			r->want = (size_t)n;
			if (r->have < r->want)
				continue;
		}
		/* A whole data packet: hand it over. */
		r->have = 0;
		{
			size_t n = r->want - 4;
			r->want = 0;
			if (cb(PKT_DATA, r->pkt + 4, n, payload) < 0)
				return r->failed = ERROR_ABORT;
		}
	}
	return 0;
}
