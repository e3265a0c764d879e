/*
 * pktline.h - git's pkt-line framing (gitprotocol-common(5) "pkt-line
 * Format"): a 4-digit hex length that counts itself, then the payload;
 * "0000" flush, "0001" delimiter, "0002" response end (protocol v2).
 *
 * The decoder is a push parser: bytes arrive from libcurl in any split and
 * every complete packet goes to a callback, so a 50 MB pack never sits in
 * memory. Lengths are checked where they come in: 65520 bytes at most.
 */
#ifndef INVENTAIRE_PKTLINE_H
#define INVENTAIRE_PKTLINE_H

#include <stddef.h>

#include "lib/buf.h"

/* gitprotocol-common(5): "the maximum length of a pkt-line's data
 * component is 65516 bytes", so 65520 with the length itself. */
#define PKT_MAX 65520

enum pkt_type { PKT_DATA, PKT_FLUSH, PKT_DELIM, PKT_END };

/* Append one data packet holding the printf-formatted text. */
void pkt_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pkt_flush(struct buf *b);
void pkt_delim(struct buf *b);

/* Called for every packet; DATA/LEN hold the payload (PKT_DATA only).
 * A negative return stops the parser, which then returns ERROR_ABORT and
 * leaves the callback's message as error_last(). */
typedef int (*pkt_cb)(enum pkt_type type, const char *data, size_t len,
                      void *payload);

struct pkt_reader {
	char pkt[PKT_MAX];
	size_t have;      /* bytes of the current packet (length included) */
	size_t want;      /* its full length once the header is in, else 0 */
	int failed;       /* sticky: the lib/error.h code it failed with */
};

void pkt_reader_init(struct pkt_reader *r);
/* Feed LEN bytes: 0, ERROR_PROTOCOL (not pkt-lines: a bad length, or too
 * long; error_last() says which) or ERROR_ABORT (the callback stopped). */
int pkt_reader_feed(struct pkt_reader *r, const char *data, size_t len,
                    pkt_cb cb, void *payload);
/* True when no packet is half-received (the stream may end here). */
int pkt_reader_idle(const struct pkt_reader *r);

#endif
