/* test_url.c - tests lib/url.c: parsing, origins and RFC 3986 resolution. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/error.h"
#include "lib/url.h"

static void a_full_url_parses_into_its_parts(void **state)
{
	struct url u;

	(void)state;
	assert_int_equal(url_parse(&u, "HTTPS://me:pw@Git.Example.org:8443/a/b%2Fc?x=1&y#top"), 0);
	assert_string_equal(u.scheme, "HTTPS");
	assert_string_equal(u.userinfo, "me:pw");
	assert_string_equal(u.host, "Git.Example.org");
	assert_string_equal(u.port, "8443");
	assert_string_equal(u.path, "/a/b%2Fc");
	assert_string_equal(u.query, "x=1&y");
	assert_string_equal(u.fragment, "top");
	assert_true(url_is_http(&u));
	assert_int_equal(url_port(&u), 8443);
	url_clear(&u);
}

static void missing_parts_are_null_and_ports_default_by_scheme(void **state)
{
	struct url u;

	(void)state;
	assert_int_equal(url_parse(&u, "http://h"), 0);
	assert_null(u.userinfo);
	assert_null(u.port);
	assert_string_equal(u.path, "");
	assert_null(u.query);
	assert_null(u.fragment);
	assert_int_equal(url_port(&u), 80);
	url_clear(&u);
	assert_int_equal(url_parse(&u, "https://h/?"), 0);
	assert_string_equal(u.query, "");
	assert_int_equal(url_port(&u), 443);
	url_clear(&u);
	assert_int_equal(url_parse(&u, "ssh://h/x"), 0);
	assert_false(url_is_http(&u));
	assert_int_equal(url_port(&u), 0);
	url_clear(&u);
}

static void ip_literals_and_bytes_above_ascii_in_paths_are_accepted(void **state)
{
	struct url u;

	(void)state;
	assert_int_equal(url_parse(&u, "http://[::1]:8080/x"), 0);
	assert_string_equal(u.host, "[::1]");
	assert_string_equal(u.port, "8080");
	url_clear(&u);
	assert_int_equal(url_parse(&u, "https://h.fr/d\xc3\xa9p\xc3\xb4t"), 0);
	assert_string_equal(u.path, "/d\xc3\xa9p\xc3\xb4t");
	url_clear(&u);
}

static void what_is_not_plainly_a_url_is_refused_with_a_message(void **state)
{
	static const struct {
		const char *url;
		const char *says;
	} bad[] = {
		{ "github.com/socialgouv", "scheme" },
		{ "mailto:a@b.fr", "scheme" },
		{ "https:/h/x", "scheme" },
		{ "1http://h/", "scheme" },
		{ "https://", "no host" },
		{ "https:///x", "no host" },
		{ "https://me@/x", "no host" },
		{ "https://h:/x", "port" },
		{ "https://h:0/x", "port" },
		{ "https://h:65536/x", "port" },
		{ "https://h:80a/x", "port" },
		{ "https://h\xc3\xa9.fr/", "host name" },
		{ "https://h^.fr/", "host name" },
		{ "https://[zz::1]/", "IP address" },
		{ "https://[::1/", "IP address" },
		{ "https://[::1]x/", "IP address" },
		{ "https://h.fr/a b", "spaces" },
		{ "https://h.fr/a\tb", "control" },
		{ "https://h.fr/a\x7f", "control" },
		{ "https://a%zz@h.fr/", "user information" },
		{ "https://h%2.fr/", "host name" },
	};
	struct url u;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		if (url_parse(&u, bad[i].url) != ERROR_INVALID)
			fail_msg("accepted: %s", bad[i].url);
		if (!strstr(error_last(), bad[i].says))
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].url, error_last(),
			         bad[i].says);
		assert_null(u.scheme);
		assert_null(u.host);
	}
	/* The message quotes the input, made printable. */
	url_parse(&u, "https://h.fr/a\tb");
	assert_non_null(strstr(error_last(), "\"https://h.fr/a\\x09b\""));
	assert_int_equal(url_parse(&u, NULL), ERROR_INVALID);
}

static void formatting_gives_the_parsed_url_back(void **state)
{
	static const char *const urls[] = {
		"https://me:pw@h.org:8443/a/b?x=1#top", "http://h", "http://h/?",
		"http://h/#", "http://[::1]:80/a/../b",
	};
	struct url u;

	(void)state;
	for (size_t i = 0; i < sizeof(urls) / sizeof(*urls); i++) {
		char *s;

		assert_int_equal(url_parse(&u, urls[i]), 0);
		s = url_format(&u);
		assert_string_equal(s, urls[i]);
		free(s);
		url_clear(&u);
	}
}

static void origins_are_lower_case_with_the_port_written_out(void **state)
{
	char *a = url_origin("https://GitLab.COM/api/v4"), *b;

	(void)state;
	assert_string_equal(a, "https://gitlab.com:443");
	b = url_origin("https://gitlab.com:443/x?y");
	assert_string_equal(a, b);
	free(b);
	/* Another scheme or port is another origin (RFC 6454 §4). */
	b = url_origin("http://gitlab.com/api/v4");
	assert_string_equal(b, "http://gitlab.com:80");
	free(b);
	b = url_origin("https://gitlab.com:8443/");
	assert_string_equal(b, "https://gitlab.com:8443");
	free(b);
	free(a);
	assert_null(url_origin("ftp://h.org/x"));
	assert_null(url_origin("not a url"));
	assert_null(url_origin(NULL));
}

static void hosts_are_lower_case_without_port_or_user(void **state)
{
	char *h = url_host("https://me@Git.Drees.FR:8443/x");

	(void)state;
	assert_string_equal(h, "git.drees.fr");
	free(h);
	assert_null(url_host("git.drees.fr/x"));
}

static void references_resolve_as_rfc_3986_says(void **state)
{
	/* RFC 3986 §5.4.1 and §5.4.2, less the reference "g:h" (not a URL
	 * with an authority) and "" (not a usable Location). */
	static const char base[] = "http://a/b/c/d;p?q";
	static const char *const cases[][2] = {
		{ "g", "http://a/b/c/g" }, { "./g", "http://a/b/c/g" },
		{ "g/", "http://a/b/c/g/" }, { "/g", "http://a/g" },
		{ "//g", "http://g" }, { "?y", "http://a/b/c/d;p?y" },
		{ "g?y", "http://a/b/c/g?y" }, { "#s", "http://a/b/c/d;p?q#s" },
		{ "g#s", "http://a/b/c/g#s" }, { "g?y#s", "http://a/b/c/g?y#s" },
		{ ";x", "http://a/b/c/;x" }, { "g;x", "http://a/b/c/g;x" },
		{ "g;x?y#s", "http://a/b/c/g;x?y#s" }, { ".", "http://a/b/c/" },
		{ "./", "http://a/b/c/" }, { "..", "http://a/b/" },
		{ "../", "http://a/b/" }, { "../g", "http://a/b/g" },
		{ "../..", "http://a/" }, { "../../", "http://a/" },
		{ "../../g", "http://a/g" },
		{ "../../../g", "http://a/g" }, { "../../../../g", "http://a/g" },
		{ "/./g", "http://a/g" }, { "/../g", "http://a/g" },
		{ "g.", "http://a/b/c/g." }, { ".g", "http://a/b/c/.g" },
		{ "g..", "http://a/b/c/g.." }, { "..g", "http://a/b/c/..g" },
		{ "./../g", "http://a/b/g" }, { "./g/.", "http://a/b/c/g/" },
		{ "g/./h", "http://a/b/c/g/h" }, { "g/../h", "http://a/b/c/h" },
		{ "g;x=1/./y", "http://a/b/c/g;x=1/y" },
		{ "g;x=1/../y", "http://a/b/c/y" },
		{ "g?y/./x", "http://a/b/c/g?y/./x" },
		{ "g?y/../x", "http://a/b/c/g?y/../x" },
		{ "g#s/./x", "http://a/b/c/g#s/./x" },
		{ "g#s/../x", "http://a/b/c/g#s/../x" },
		{ "https://x.org/a/./b/../c", "https://x.org/a/c" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *t = url_resolve(base, cases[i][0]);

		if (!t || strcmp(t, cases[i][1]))
			fail_msg("\"%s\" gave \"%s\", not \"%s\"", cases[i][0],
			         t ? t : "(null)", cases[i][1]);
		free(t);
	}
}

static void unusable_references_and_bases_resolve_to_nothing(void **state)
{
	(void)state;
	assert_null(url_resolve("https://h/a", "javascript:alert(1)"));
	assert_null(url_resolve("https://h/a", "http:g"));
	assert_null(url_resolve("https://h/a", "a b"));
	assert_null(url_resolve("https://h/a", "x\r\nSet-Cookie: y"));
	assert_null(url_resolve("https://h/a", ""));
	assert_null(url_resolve("https://h/a", NULL));
	assert_null(url_resolve("/relative/base", "g"));
	assert_null(url_resolve("https://h/a", "//"));
}

static void an_empty_base_path_gets_a_slash(void **state)
{
	char *t = url_resolve("https://h.org", "x?p=2");

	(void)state;
	assert_string_equal(t, "https://h.org/x?p=2");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_full_url_parses_into_its_parts),
		cmocka_unit_test(missing_parts_are_null_and_ports_default_by_scheme),
		cmocka_unit_test(ip_literals_and_bytes_above_ascii_in_paths_are_accepted),
		cmocka_unit_test(what_is_not_plainly_a_url_is_refused_with_a_message),
		cmocka_unit_test(formatting_gives_the_parsed_url_back),
		cmocka_unit_test(origins_are_lower_case_with_the_port_written_out),
		cmocka_unit_test(hosts_are_lower_case_without_port_or_user),
		cmocka_unit_test(references_resolve_as_rfc_3986_says),
		cmocka_unit_test(unusable_references_and_bases_resolve_to_nothing),
		cmocka_unit_test(an_empty_base_path_gets_a_slash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
