/* test_pack_scan.c - tests crawler/transport/pack_scan.c: what a pack
 * expands to is read, and refused over the caps, before libgit2 sees it.
 * The packs are built here (gitformat-pack(5)); the scanner does not read
 * the trailer, so none is written. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "crawler/transport/pack_scan.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"

enum { COMMIT = 1, TREE = 2, BLOB = 3, OFS_DELTA = 6, REF_DELTA = 7 };

static void put_header(struct buf *b, int type, uint64_t size)
{
	unsigned char c = (unsigned char)(type << 4 | (size & 15));

	size >>= 4;
	while (size) {
		buf_addc(b, (char)(c | 0x80));
		c = size & 0x7f;
		size >>= 7;
	}
	buf_addc(b, (char)c);
}

static void put_varint(struct buf *b, uint64_t n)
{
	do {
		unsigned char c = n & 0x7f;

		n >>= 7;
		buf_addc(b, (char)(c | (n ? 0x80 : 0)));
	} while (n);
}

static void put_offset(struct buf *b, uint64_t off)
{
	unsigned char v[16];
	int n = 0;

	v[n++] = off & 0x7f;
	while (off >>= 7) {
		off--;
		v[n++] = 0x80 | (off & 0x7f);
	}
	while (n--)
		buf_addc(b, (char)v[n]);
}

static void put_zlib(struct buf *b, const void *data, size_t len)
{
	uLongf out = compressBound(len);
	unsigned char *z = xmalloc(out);

	assert_int_equal(compress2(z, &out, data, len, 9), Z_OK);
	buf_add(b, z, out);
	free(z);
}

static void start(struct buf *b, uint32_t objects)
{
	unsigned char h[12] = { 'P', 'A', 'C', 'K', 0, 0, 0, 2 };

	h[8] = objects >> 24;
	h[9] = objects >> 16 & 0xff;
	h[10] = objects >> 8 & 0xff;
	h[11] = objects & 0xff;
	buf_add(b, h, 12);
}

/* A whole object of TYPE holding LEN bytes of zeros; its offset. */
static size_t put_whole(struct buf *b, int type, size_t len)
{
	size_t at = b->len;
	char *zeros = xcalloc(1, len ? len : 1);

	put_header(b, type, len);
	put_zlib(b, zeros, len);
	free(zeros);
	return at;
}

/* An ofs-delta on the object at BASE_AT (of BASE bytes) that expands to
 * RESULT bytes by copying 64 KiB of the base again and again. */
static size_t put_copy_delta(struct buf *b, size_t base_at, uint64_t base,
                             uint64_t result)
{
	struct buf d = BUF_INIT;
	size_t at = b->len;

	put_varint(&d, base);
	put_varint(&d, result);
	for (uint64_t done = 0; done < result; done += 0x10000)
		buf_addc(&d, (char)0x80);   /* copy 64 KiB at offset 0 */
	put_header(b, OFS_DELTA, d.len);
	put_offset(b, at - base_at);
	put_zlib(b, d.data, d.len);
	buf_free(&d);
	return at;
}

static int scan(struct buf *b, size_t step)
{
	struct pack_scan *s;
	int rc = 0;

	assert_int_equal(pack_scan_new(&s, "test.pack"), 0);
	for (size_t i = 0; rc == 0 && i < b->len; i += step)
		rc = pack_scan_feed(s, (const unsigned char *)b->data + i,
		                    b->len - i < step ? b->len - i : step);
	if (rc == 0)
		rc = pack_scan_finish(s);
	pack_scan_free(s);
	return rc;
}

static void a_small_pack_is_read_whatever_its_split(void **state)
{
	struct buf b = BUF_INIT;
	size_t blob;

	(void)state;
	start(&b, 4);
	put_whole(&b, COMMIT, 200);
	put_whole(&b, TREE, 3000);
	blob = put_whole(&b, BLOB, 1 << 16);
	put_copy_delta(&b, blob, 1 << 16, 4 << 16);
	buf_add(&b, "01234567890123456789", 20);   /* the trailer */
	for (size_t step = 1; step < 64; step += 7)
		assert_int_equal(scan(&b, step), 0);
	assert_int_equal(scan(&b, b.len), 0);
	buf_free(&b);
}

/* The 168-byte pack of the attack: a blob and one ofs-delta that copies
 * it until it is a gigabyte. Refused from the delta's first bytes. */
static void a_delta_bomb_is_refused_from_its_header(void **state)
{
	struct buf b = BUF_INIT;
	size_t blob;

	(void)state;
	start(&b, 2);
	blob = put_whole(&b, BLOB, 1 << 16);
	put_copy_delta(&b, blob, 1 << 16, 1ull << 30);
	assert_true(b.len < 400);
	assert_int_equal(scan(&b, 4096), ERROR_TOOBIG);
	assert_non_null(strstr(error_last(), "test.pack: the pack's object at "
	                       "offset 99 is a delta that expands to 1073741824 "
	                       "bytes"));
	buf_free(&b);
}

/* Each delta under the cap, but all of them together far over it: the
 * total refuses the chain (libgit2 resolves each from the base). */
static void deltas_under_the_cap_are_refused_by_their_total(void **state)
{
	struct buf b = BUF_INIT;
	size_t at;

	(void)state;
	start(&b, 40);
	at = put_whole(&b, BLOB, 1 << 16);
	for (int i = 0; i < 39; i++)
		put_copy_delta(&b, at, 1 << 16, PACK_OBJECT_MAX);
	assert_int_equal(scan(&b, 65536), ERROR_TOOBIG);
	assert_non_null(strstr(error_last(), "deltas expand to more than"));
	buf_free(&b);
}

static void a_long_chain_of_deltas_is_refused(void **state)
{
	struct buf b = BUF_INIT;
	size_t at;

	(void)state;
	start(&b, PACK_DEPTH_MAX + 2);
	at = put_whole(&b, BLOB, 1 << 16);
	for (unsigned i = 0; i <= PACK_DEPTH_MAX; i++)
		at = put_copy_delta(&b, at, 1 << 16, 1 << 16);
	assert_int_equal(scan(&b, 65536), ERROR_TOOBIG);
	assert_non_null(strstr(error_last(), "chain of more than 64 deltas"));
	buf_free(&b);
}

/* libgit2's indexer streams whole blobs, so a large one passes; a tree
 * or commit is read whole, and capped. */
static void a_large_blob_passes_and_a_large_tree_does_not(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	start(&b, 1);
	put_whole(&b, BLOB, PACK_OBJECT_MAX + 1);
	assert_int_equal(scan(&b, 65536), 0);
	buf_free(&b);
	start(&b, 1);
	put_header(&b, TREE, PACK_OBJECT_MAX + 1);
	assert_int_equal(scan(&b, 65536), ERROR_TOOBIG);
	assert_non_null(strstr(error_last(), "inflates to 16777217 bytes"));
	buf_free(&b);
}

static void a_pack_that_lies_is_corrupt(void **state)
{
	struct buf b = BUF_INIT;
	size_t blob;

	(void)state;
	/* a delta whose base is not where it says */
	start(&b, 2);
	blob = put_whole(&b, BLOB, 100);
	put_copy_delta(&b, blob + 1, 100, 1000);
	assert_int_equal(scan(&b, 100), ERROR_CORRUPT);
	assert_non_null(strstr(error_last(), "the pack is corrupt"));
	buf_free(&b);
	/* an object that inflates to more than its header says */
	start(&b, 1);
	put_header(&b, BLOB, 10);
	put_zlib(&b, "0123456789abcdef", 16);
	assert_int_equal(scan(&b, 100), ERROR_CORRUPT);
	assert_non_null(strstr(error_last(), "past the 10 bytes"));
	buf_free(&b);
	/* fewer objects than the header says */
	start(&b, 3);
	put_whole(&b, BLOB, 10);
	assert_int_equal(scan(&b, 100), ERROR_CORRUPT);
	assert_non_null(strstr(error_last(), "truncated: it ends after 1 of its 3"));
	buf_free(&b);
	/* not a pack */
	buf_add(&b, "<html>hello</html>", 18);
	assert_int_equal(scan(&b, 100), ERROR_CORRUPT);
	buf_free(&b);
}

static void ref_deltas_are_noted_with_their_bases(void **state)
{
	struct buf b = BUF_INIT, d = BUF_INIT;
	struct pack_scan *s;
	const unsigned char *ids;
	size_t n;

	(void)state;
	start(&b, 2);
	put_whole(&b, BLOB, 1 << 16);
	put_varint(&d, 1 << 16);
	put_varint(&d, 1 << 16);
	buf_addc(&d, (char)0x80);
	put_header(&b, REF_DELTA, d.len);
	buf_add(&b, "abcdefghijklmnopqrst", 20);
	put_zlib(&b, d.data, d.len);
	assert_int_equal(pack_scan_new(&s, "t"), 0);
	assert_int_equal(pack_scan_feed(s, (unsigned char *)b.data, b.len), 0);
	assert_int_equal(pack_scan_finish(s), 0);
	assert_true(pack_scan_has_ref_delta(s));
	assert_int_equal(pack_scan_largest(s), 1 << 16);
	ids = pack_scan_ref_bases(s, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(ids, "abcdefghijklmnopqrst", 20);
	pack_scan_free(s);
	buf_free(&d);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_small_pack_is_read_whatever_its_split),
		cmocka_unit_test(a_delta_bomb_is_refused_from_its_header),
		cmocka_unit_test(deltas_under_the_cap_are_refused_by_their_total),
		cmocka_unit_test(a_long_chain_of_deltas_is_refused),
		cmocka_unit_test(a_large_blob_passes_and_a_large_tree_does_not),
		cmocka_unit_test(a_pack_that_lies_is_corrupt),
		cmocka_unit_test(ref_deltas_are_noted_with_their_bases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
