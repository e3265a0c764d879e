/* test_forge_link.c - tests forges/link.c (Link header, URL helpers) and
 * forges/date.c (date normaliser) shared by every plug-in. */
#include "tests/forge_test.h"

#include "forges/forge_int.h"
#include "lib/date.h"

static const char base[] = "https://api.example.org/v4/groups/a%2Fb/projects?per_page=100&page=1";

static char *next_of(const char *header)
{
	char *out = (char *)"unset";

	assert_int_equal(forge_link_next(&out, header, base), 0);
	return out;
}

static void link_next_is_found_among_several_links(void **state)
{
	char *s;

	(void)state;
	s = next_of("<https://h/x?page=1>; rel=\"prev\", <https://h/x?page=3>; rel=\"next\", <https://h/x?page=9>; rel=\"last\"");
	assert_string_equal(s, "https://h/x?page=3");
	free(s);
	/* spaces, tabs, bare rel, other parameters first, upper case */
	s = next_of("  <https://h/y>  ;  type=\"text/html\" ;\trel = NEXT  ");
	assert_string_equal(s, "https://h/y");
	free(s);
}

static void link_rel_with_several_tokens_counts_each_token(void **state)
{
	char *s;

	(void)state;
	s = next_of("<https://h/a>; rel=\"first prev\", <https://h/b>; rel=\"last next\"");
	assert_string_equal(s, "https://h/b");
	free(s);
	/* "nextpage" is not "next" */
	assert_null(next_of("<https://h/a>; rel=\"nextpage\"; title=\"next\""));
	/* a quoted title holding a comma and a '<' does not split links */
	s = next_of("<https://h/a>; title=\"a, <b>\"; rel=\"prev\", <https://h/c>; rel=next");
	assert_string_equal(s, "https://h/c");
	free(s);
}

static void link_uri_templates_in_other_links_are_tolerated(void **state)
{
	char *s;

	(void)state;
	/* a recorded GitHub header: rel="first" is a URI template */
	s = next_of("<https://api.github.com/repositories?per_page=1&since=369>; rel=\"next\", <https://api.github.com/repositories{?since}>; rel=\"first\"");
	assert_string_equal(s, "https://api.github.com/repositories?per_page=1&since=369");
	free(s);
	assert_null(next_of("<https://api.github.com/repositories{?since}>; rel=\"first\""));
}

static void link_relative_targets_are_resolved_against_the_request(void **state)
{
	char *s;

	(void)state;
	s = next_of("</api/v4/projects?id_after=42>; rel=\"next\"");
	assert_string_equal(s, "https://api.example.org/api/v4/projects?id_after=42");
	free(s);
	s = next_of("<?per_page=100&page=2>; rel=\"next\"");
	assert_string_equal(s, "https://api.example.org/v4/groups/a%2Fb/projects?per_page=100&page=2");
	free(s);
	s = next_of("<projects2?page=2>; rel=\"next\"");
	assert_string_equal(s, "https://api.example.org/v4/groups/a%2Fb/projects2?page=2");
	free(s);
	s = next_of("<//mirror.example.org/p?page=2>; rel=\"next\"");
	assert_string_equal(s, "https://mirror.example.org/p?page=2");
	free(s);
}

static void link_absent_empty_or_broken_headers(void **state)
{
	char *s = (char *)"unset";

	(void)state;
	assert_null(next_of(NULL));
	assert_null(next_of(""));
	assert_null(next_of(" , ,"));
	assert_int_equal(forge_link_next(&s, "https://h/a; rel=next", base), ERROR_PARSE);
	assert_null(s);
	assert_int_equal(forge_link_next(&s, "<https://h/a; rel=next", base), ERROR_PARSE);
	assert_int_equal(forge_link_next(&s, "<https://h/a>; rel=\"next", base), ERROR_PARSE);
	assert_int_equal(forge_link_next(&s, "<https://h/a>; rel=next junk", base), ERROR_PARSE);
	/* a target that is not a usable URL */
	assert_int_equal(forge_link_next(&s, "<javascript:alert(1)>; rel=next", base), ERROR_PARSE);
	assert_int_equal(forge_link_next(&s, "<https://h/a b>; rel=next", base), ERROR_PARSE);
	assert_null(s);
}

static void url_helpers_encode_set_and_compare(void **state)
{
	char *s;

	(void)state;
	s = forge_url_encode("drees/sous-groupe_1.x~");
	assert_string_equal(s, "drees%2Fsous-groupe_1.x~");
	free(s);
	s = forge_url_encode("é ?&");
	assert_string_equal(s, "%C3%A9%20%3F%26");
	free(s);
	s = forge_url_set_param("https://h/p?per_page=100&page=1&x=2", "page", "7");
	assert_string_equal(s, "https://h/p?per_page=100&page=7&x=2");
	free(s);
	s = forge_url_set_param("https://h/p?per_page=100#frag", "page", "2");
	assert_string_equal(s, "https://h/p?per_page=100&page=2#frag");
	free(s);
	s = forge_url_set_param("https://h/p", "page", "2");
	assert_string_equal(s, "https://h/p?page=2");
	free(s);
	s = forge_url_set_param("https://h/p?xpage=1", "page", "2");
	assert_string_equal(s, "https://h/p?xpage=1&page=2");
	free(s);
	assert_true(forge_url_same_host("https://H.org/a", "http://h.org/b?c"));
	assert_false(forge_url_same_host("https://h.org:8443/a", "https://h.org/a"));
	assert_false(forge_url_same_host("https://h.org.evil/a", "https://h.org/a"));
	assert_false(forge_url_same_host("ftp://h.org/a", "https://h.org/a"));
}

static void dates_are_normalised_to_utc_seconds(void **state)
{
	static const char *cases[][2] = {
		{ "2024-01-31T12:00:00Z", "2024-01-31T12:00:00Z" },
		{ "2012-10-15T17:26:53.000Z", "2012-10-15T17:26:53Z" },
		{ "2014-11-16T23:19:16.674082+00:00", "2014-11-16T23:19:16Z" },
		{ "2024-01-31T14:00:00+02:00", "2024-01-31T12:00:00Z" },
		{ "2024-03-01T01:30:00+0200", "2024-02-29T23:30:00Z" },	/* leap year */
		{ "2023-12-31T23:30:00-01:00", "2024-01-01T00:30:00Z" },
		{ "2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z" },
		{ "2020-05-05 10:00:00Z", "2020-05-05T10:00:00Z" },
		{ "2020-05-05t10:00z", "2020-05-05T10:00:00Z" },
	};
	static const char *bad[] = {
		"", "yesterday", "2024-01-31", "2024-01-31T12:00:00", "2024-02-30T00:00:00Z",
		"2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-31T24:00:00Z",
		"2024-01-31T12:00:00Zjunk", "2024-01-31T12:00:00.Z", "2024-01-31T12:00:00+2",
		"99999-01-01T00:00:00Z",
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(date_normalize(&s, cases[i][0]), 0);
		assert_string_equal(s, cases[i][1]);
		free(s);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(date_normalize(&s, bad[i]), ERROR_PARSE);
		assert_null(s);
	}
	assert_int_equal(date_normalize(&s, NULL), ERROR_PARSE);
}

/* The same parser gives seconds since the epoch: the crawl's weekly
 * rhythm reads its own stored dates with it (crawler/crawl/crawl_fresh.c). */
static void dates_read_back_as_seconds_since_the_epoch(void **state)
{
	long long t;

	(void)state;
	assert_int_equal(date_seconds(&t, "1970-01-01T00:00:00Z"), 0);
	assert_true(t == 0);
	assert_int_equal(date_seconds(&t, "2024-01-31T12:00:00Z"), 0);
	assert_true(t == 1706702400LL);
	assert_int_equal(date_seconds(&t, "2024-01-31T14:00:00+02:00"), 0);
	assert_true(t == 1706702400LL);
	assert_int_equal(date_seconds(&t, "2024-02-30T00:00:00Z"), ERROR_PARSE);
	assert_int_equal(date_seconds(&t, NULL), ERROR_PARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(link_next_is_found_among_several_links),
		cmocka_unit_test(link_rel_with_several_tokens_counts_each_token),
		cmocka_unit_test(link_uri_templates_in_other_links_are_tolerated),
		cmocka_unit_test(link_relative_targets_are_resolved_against_the_request),
		cmocka_unit_test(link_absent_empty_or_broken_headers),
		cmocka_unit_test(url_helpers_encode_set_and_compare),
		cmocka_unit_test(dates_are_normalised_to_utc_seconds),
		cmocka_unit_test(dates_read_back_as_seconds_since_the_epoch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
