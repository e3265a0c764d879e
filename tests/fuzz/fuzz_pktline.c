/*
 * fuzz_pktline.c - git's pkt-line framing and the side-band demultiplexing
 * of a fetch answer (crawler/transport/pktline.c, smart_http.c), then the
 * pack scanner on what channel 1 carries. Byte 0 sets where the stream is
 * cut: libcurl hands bytes over in any split.
 */
#include "tests/fuzz/fuzz.h"

#include "crawler/transport/pack_scan.h"
#include "crawler/transport/pktline.h"
#include "crawler/transport/smart_http_int.h"
#include "lib/error.h"

static struct smart_http *session;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct smart_http_opts o = { "https://example.org/r.git", NULL, NULL,
	                             0, 10, NULL };

	(void)argc;
	(void)argv;
	if (smart_http_open(&session, &o) < 0)
		abort();
	return 0;
}

static int to_scan(const char *data, size_t len, void *payload)
{
	return pack_scan_feed(payload, (const unsigned char *)data, len);
}

struct state {
	struct pack_scan *scan;
	int rc;
};

static int on_packet(enum pkt_type type, const char *data, size_t len,
                     void *payload)
{
	struct state *st = payload;

	if (type != PKT_DATA)
		return 0;
	return smart_http_sideband(&st->rc, session, data, len, to_scan,
	                           st->scan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt_reader *r;
	struct state st = { NULL, 0 };
	size_t step;
	char *buf;

	if (size < 1)
		return 0;
	step = data[0] ? data[0] : 4096;
	buf = fuzz_exact(data + 1, size - 1);
	r = malloc(sizeof(*r));
	pkt_reader_init(r);
	pack_scan_new(&st.scan, "fuzz");
	for (size_t i = 0; i < size - 1; i += step)
		if (pkt_reader_feed(r, buf + i, size - 1 - i < step ? size - 1 - i
		                    : step, on_packet, &st) < 0)
			break;
	pkt_reader_idle(r);
	pack_scan_finish(st.scan);
	pack_scan_free(st.scan);
	free(r);
	free(buf);
	error_clear();
	return 0;
}
