/* test_pktline.c - tests crawler/transport/pktline.c: encoding, and a decoder that
 * takes bytes in any split and refuses what is not pkt-lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "crawler/transport/pktline.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

/* What the decoder handed over, as text: "D:<payload>|", "F|", "L|", "E|". */
struct seen {
	struct buf b;
	int stop_after;   /* return -1 at this packet (1-based), 0: never */
	int n;
};

static int record(enum pkt_type type, const char *data, size_t len, void *p)
{
	struct seen *s = p;

	s->n++;
	switch (type) {
	case PKT_DATA:
		buf_adds(&s->b, "D:");
		buf_add(&s->b, data, len);
		break;
	case PKT_FLUSH:
		buf_adds(&s->b, "F");
		break;
	case PKT_DELIM:
		buf_adds(&s->b, "L");
		break;
	case PKT_END:
		buf_adds(&s->b, "E");
		break;
	}
	buf_adds(&s->b, "|");
	return s->stop_after && s->n >= s->stop_after ? -1 : 0;
}

static void encoded_request_has_lengths_that_count_themselves(void **state)
{
	struct buf b = BUF_INIT;

	pkt_addf(&b, "command=%s\n", "ls-refs");
	pkt_delim(&b);
	pkt_addf(&b, "symrefs\n");
	pkt_flush(&b);
	assert_string_equal(b.data, "0014command=ls-refs\n0001000csymrefs\n0000");
	buf_free(&b);
}

static void packets_split_across_feeds_are_reassembled(void **state)
{
	const char *in = "0009hello0000000dpackfile\n0001" "0004" "0002";
	struct pkt_reader *r = xmalloc(sizeof(*r));
	struct seen s = { BUF_INIT, 0, 0 };

	pkt_reader_init(r);
	/* one byte at a time: every split point is exercised */
	for (size_t i = 0; in[i]; i++)
		assert_int_equal(pkt_reader_feed(r, in + i, 1, record, &s), 0);
	assert_string_equal(s.b.data, "D:hello|F|D:packfile\n|L|D:|E|");
	assert_true(pkt_reader_idle(r));
	buf_free(&s.b);
	free(r);
}

static void half_received_packet_is_not_idle(void **state)
{
	struct pkt_reader *r = xmalloc(sizeof(*r));
	struct seen s = { BUF_INIT, 0, 0 };

	pkt_reader_init(r);
	assert_int_equal(pkt_reader_feed(r, "000ahel", 7, record, &s), 0);
	assert_false(pkt_reader_idle(r));
	assert_int_equal(s.n, 0);
	buf_free(&s.b);
	free(r);
}

static void non_hex_length_is_a_protocol_error(void **state)
{
	struct pkt_reader *r = xmalloc(sizeof(*r));
	struct seen s = { BUF_INIT, 0, 0 };

	pkt_reader_init(r);
	assert_int_equal(pkt_reader_feed(r, "<htm", 4, record, &s), ERROR_PROTOCOL);
	assert_non_null(strstr(error_last(), "not a pkt-line length"));
	/* sticky: nothing more is parsed */
	assert_int_equal(pkt_reader_feed(r, "0000", 4, record, &s), ERROR_PROTOCOL);
	assert_int_equal(s.n, 0);
	free(r);
}

static void length_three_and_overlong_packets_are_refused(void **state)
{
	struct pkt_reader *r = xmalloc(sizeof(*r));
	struct seen s = { BUF_INIT, 0, 0 };

	pkt_reader_init(r);
	assert_int_equal(pkt_reader_feed(r, "0003", 4, record, &s), ERROR_PROTOCOL);
	pkt_reader_init(r);
	/* 0xfff1 = 65521 > 65520: a server cannot make us buffer more */
	assert_int_equal(pkt_reader_feed(r, "fff1", 4, record, &s), ERROR_PROTOCOL);
	assert_non_null(strstr(error_last(), "65520"));
	pkt_reader_init(r);
	assert_int_equal(pkt_reader_feed(r, "FFF0", 4, record, &s), 0);
	free(r);
}

static void largest_packet_is_accepted(void **state)
{
	struct pkt_reader *r = xmalloc(sizeof(*r));
	struct seen s = { BUF_INIT, 0, 0 };
	char *big = xmalloc(PKT_MAX);

	memcpy(big, "fff0", 4);
	memset(big + 4, 'x', PKT_MAX - 4);
	pkt_reader_init(r);
	assert_int_equal(pkt_reader_feed(r, big, PKT_MAX, record, &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.b.len, 2 + (PKT_MAX - 4) + 1);
	buf_free(&s.b);
	free(big);
	free(r);
}

static void callback_can_stop_the_parser(void **state)
{
	struct pkt_reader *r = xmalloc(sizeof(*r));
	struct seen s = { BUF_INIT, 1, 0 };

	pkt_reader_init(r);
	assert_int_equal(pkt_reader_feed(r, "0005a0005b", 10, record, &s), ERROR_ABORT);
	assert_string_equal(s.b.data, "D:a|");
	buf_free(&s.b);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoded_request_has_lengths_that_count_themselves),
		cmocka_unit_test(packets_split_across_feeds_are_reassembled),
		cmocka_unit_test(half_received_packet_is_not_idle),
		cmocka_unit_test(non_hex_length_is_a_protocol_error),
		cmocka_unit_test(length_three_and_overlong_packets_are_refused),
		cmocka_unit_test(largest_packet_is_accepted),
		cmocka_unit_test(callback_can_stop_the_parser),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
