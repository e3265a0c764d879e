/* test_changes.c - tests output/changes*.c and output/atom.c: two
 * hand-built crawls (tests/rapport/fixture.c) with one change of every
 * kind; renames by forge id, by clone URL and by creation time; what is
 * not guessed; and the three outputs. */
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "output/changes.h"
#include "tests/rapport/fixture.h"

static void computed(struct changes *c)
{
	struct changes_inventory *o, *n;

	fixture_inventories(&o, &n);
	changes_compute(c, o, n);
	changes_inventory_free(o);
	changes_inventory_free(n);
}

static const struct change *find(const struct changes *c, enum change_kind k,
                                 const char *full_name)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].kind == k && c->v[i].full_name &&
		    !strcmp(c->v[i].full_name, full_name))
			return &c->v[i];
	return NULL;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void every_kind_of_change_is_found_once(void **s)
{
	struct changes c;
	const size_t want[CHANGE_NKINDS] = {
		[CHANGE_ADDED] = 2, [CHANGE_REMOVED] = 3, [CHANGE_RENAMED] = 2,
		[CHANGE_TRANSFERRED] = 1, [CHANGE_ARCHIVED] = 1,
		[CHANGE_UNARCHIVED] = 1, [CHANGE_LICENSE] = 1,
		[CHANGE_PUBLICCODE_ADDED] = 1, [CHANGE_PUBLICCODE_INVALID] = 1,
		[CHANGE_ACCOUNT_UNREACHABLE] = 1,
	};

	computed(&c);
	for (size_t k = 0; k < CHANGE_NKINDS; k++)
		if (c.count[k] != want[k])
			fail_msg("%s: %zu, not %zu", change_kind_name(k), c.count[k],
			         want[k]);
	assert_int_equal(c.n, 14);
	assert_string_equal(c.from, "2026-10-28T02:00:00Z");
	assert_string_equal(c.to, "2026-11-28T02:00:00Z");
	changes_clear(&c);
	(void)s;
}

static void renames_and_transfers_are_recognised(void **s)
{
	struct changes c;
	const struct change *ch;

	computed(&c);
	/* By the forge's id. */
	assert_non_null(ch = find(&c, CHANGE_RENAMED, "drees/new-name"));
	assert_string_equal(ch->previous, "drees/old-name");
	assert_string_equal(ch->url, "https://github.com/drees/new-name");
	/* By the clone URL, without case or ".git". */
	assert_non_null(ch = find(&c, CHANGE_RENAMED, "drees/caseonly"));
	assert_string_equal(ch->previous, "drees/CaseOnly");
	/* By the creation time and the name, to another owner. */
	assert_non_null(ch = find(&c, CHANGE_TRANSFERRED, "cnam-org/moving"));
	assert_string_equal(ch->previous, "drees/moving");
	/* None of them is also an addition or a removal. */
	assert_null(find(&c, CHANGE_ADDED, "drees/new-name"));
	assert_null(find(&c, CHANGE_REMOVED, "drees/old-name"));
	assert_null(find(&c, CHANGE_REMOVED, "drees/moving"));
	assert_non_null(find(&c, CHANGE_REMOVED, "drees/gone"));
	assert_non_null(find(&c, CHANGE_ADDED, "drees/brand-new"));
	changes_clear(&c);
	(void)s;
}

static void an_ambiguous_move_is_not_guessed(void **s)
{
	struct changes c;

	computed(&c);
	assert_non_null(find(&c, CHANGE_REMOVED, "g/one"));
	assert_non_null(find(&c, CHANGE_REMOVED, "g/two"));
	assert_non_null(find(&c, CHANGE_ADDED, "g/three"));
	changes_clear(&c);
	(void)s;
}

static struct changes_repo *plant(struct changes_inventory *inv,
                                   const char *full_name, const char *id)
{
	struct changes_repo *r = changes_repo_add(inv);

	r->host = xstrdup("gitlab.com");
	r->owner = xstrdup("drees");
	r->full_name = xstrdup(full_name);
	r->clone_url = xasprintf("https://gitlab.com/%s.git", full_name);
	r->forge_id = id ? xstrdup(id) : NULL;
	r->created_at = xstrdup("2024-03-01T10:00:00Z");
	return r;
}

/* Two repositories made in the same second by one owner: one renamed,
 * the other deleted while a third was made in that second too. The
 * creation time cannot tell them apart; the ids can, and two ids that
 * differ are never one repository moved. */
static void ids_pair_a_rename_and_keep_apart_what_differs(void **s)
{
	struct changes_inventory *o = changes_inventory_new(NULL);
	struct changes_inventory *n = changes_inventory_new(NULL);
	const struct change *ch;
	struct changes c;

	plant(o, "drees/a", "11");
	plant(o, "drees/b", "12");
	plant(n, "drees/a-renamed", "11");
	plant(n, "drees/c", "13");
	changes_compute(&c, o, n);
	assert_int_equal(c.count[CHANGE_RENAMED], 1);
	assert_non_null(ch = find(&c, CHANGE_RENAMED, "drees/a-renamed"));
	assert_string_equal(ch->previous, "drees/a");
	assert_non_null(find(&c, CHANGE_REMOVED, "drees/b"));
	assert_non_null(find(&c, CHANGE_ADDED, "drees/c"));
	assert_int_equal(c.n, 3);
	changes_clear(&c);
	changes_inventory_free(o);
	changes_inventory_free(n);
	/* Without ids (a state from before they were kept), the same pairs
	 * are ambiguous: nothing is guessed. */
	o = changes_inventory_new(NULL);
	n = changes_inventory_new(NULL);
	plant(o, "drees/a", NULL);
	plant(o, "drees/b", NULL);
	plant(n, "drees/a-renamed", NULL);
	plant(n, "drees/c", NULL);
	changes_compute(&c, o, n);
	assert_int_equal(c.count[CHANGE_RENAMED], 0);
	assert_int_equal(c.count[CHANGE_REMOVED], 2);
	assert_int_equal(c.count[CHANGE_ADDED], 2);
	changes_clear(&c);
	changes_inventory_free(o);
	changes_inventory_free(n);
	(void)s;
}

static void verdicts_change_only_where_both_crawls_checked(void **s)
{
	struct changes c;
	const struct change *ch;

	computed(&c);
	assert_non_null(ch = find(&c, CHANGE_LICENSE, "drees/lic"));
	assert_string_equal(ch->before, "MIT");
	assert_string_equal(ch->after, "GPL-3.0-or-later");
	assert_null(find(&c, CHANGE_LICENSE, "drees/unchecked-now"));
	assert_non_null(ch = find(&c, CHANGE_PUBLICCODE_ADDED, "drees/pc-new"));
	assert_string_equal(ch->after, "valid");
	assert_non_null(find(&c, CHANGE_PUBLICCODE_INVALID, "drees/pc-broken"));
	assert_non_null(find(&c, CHANGE_ARCHIVED, "drees/to-archive"));
	assert_non_null(find(&c, CHANGE_UNARCHIVED, "drees/to-unarchive"));
	changes_clear(&c);
	(void)s;
}

static void only_an_account_that_was_listed_becomes_unreachable(void **s)
{
	struct changes c;
	const struct change *ch;

	computed(&c);
	assert_non_null(ch = find(&c, CHANGE_ACCOUNT_UNREACHABLE, "x"));
	assert_string_equal(ch->host, "codeberg.org");
	assert_string_equal(ch->after, "HTTP 503 after 3 attempts");
	assert_null(find(&c, CHANGE_ACCOUNT_UNREACHABLE, "newgroup"));
	changes_clear(&c);
	(void)s;
}

static void the_json_has_counts_and_one_object_per_change(void **s)
{
	struct changes c;
	json_t *j;
	char *text;

	computed(&c);
	j = changes_json(&c);
	assert_int_equal(json_array_size(json_object_get(j, "changes")), 14);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j,
	                 "counts"), "renamed")), 2);
	text = json_dumps(json_array_get(json_object_get(j, "changes"), 5),
	                  JSON_PRESERVE_ORDER | JSON_COMPACT);
	assert_string_equal(text, "{\"kind\":\"renamed\",\"host\":\"github.com\","
	                    "\"full_name\":\"drees/caseonly\",\"previous\":"
	                    "\"drees/CaseOnly\",\"url\":\"https://github.com/drees/"
	                    "caseonly\",\"actor\":\"DREES\",\"before\":null,"
	                    "\"after\":null}");
	free(text);
	json_decref(j);
	changes_clear(&c);
	(void)s;
}

static void the_atom_feed_has_what_rfc_4287_requires(void **s)
{
	struct changes c;
	struct buf fr = BUF_INIT, en = BUF_INIT, t = BUF_INIT;

	computed(&c);
	changes_atom(&fr, &c, RAPPORT_FR);
	changes_atom(&en, &c, RAPPORT_EN);
	changes_text(&t, &c);
	assert_non_null(strstr(fr.data, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                        "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
	                        "xml:lang=\"fr\">\n<id>"));
	assert_non_null(strstr(fr.data, "<updated>2026-11-28T02:00:00Z</updated>"));
	assert_non_null(strstr(fr.data, "<author>\n<name>inventaire</name>"));
	assert_int_equal(count(fr.data, "<entry>"), 14);
	assert_int_equal(count(fr.data, "</entry>"), 14);
	/* Feed and entries: an id, a title and an updated each. */
	assert_int_equal(count(fr.data, "<id>"), 15);
	assert_int_equal(count(fr.data, "<title>"), 15);
	assert_int_equal(count(fr.data, "<updated>"), 15);
	assert_int_equal(count(fr.data, "<content type=\"text\">"), 14);
	assert_non_null(strstr(fr.data, "<title>Dépôt renommé\xe2\x80\xaf: "
	                        "github.com/drees/old-name \xe2\x86\x92 "
	                        "github.com/drees/new-name</title>"));
	assert_non_null(strstr(en.data, "<title>Licence changed: github.com/drees/"
	                        "lic (MIT \xe2\x86\x92 GPL-3.0-or-later)</title>"));
	assert_non_null(strstr(t.data, "renamed              github.com/drees/"
	                        "new-name (was drees/old-name)\n"));
	buf_free(&fr);
	buf_free(&en);
	buf_free(&t);
	changes_clear(&c);
	(void)s;
}

static void hostile_names_are_escaped_in_the_feed(void **s)
{
	struct changes_inventory *o = changes_inventory_new(NULL);
	struct changes_inventory *n = changes_inventory_new("2026-11-28T02:00:00Z");
	struct changes_repo *r = changes_repo_add(n);
	struct changes c;
	struct buf b = BUF_INIT;

	r->host = xstrdup("git.example.fr");
	r->owner = xstrdup("a");
	r->full_name = xstrdup("a/<x>&\"y\"\x01");
	r->html_url = xstrdup("javascript:alert(1)");
	changes_compute(&c, o, n);
	changes_atom(&b, &c, RAPPORT_FR);
	assert_non_null(strstr(b.data, "a/&lt;x&gt;&amp;&quot;y&quot;"));
	assert_null(strstr(b.data, "<x>"));
	assert_null(strstr(b.data, "\x01"));
	assert_null(strstr(b.data, "javascript:"));
	/* No earlier crawl: every repository is new. */
	assert_non_null(strstr(b.data, "premier crawl, le 2026-11-28T02:00:00Z"));
	assert_int_equal(c.count[CHANGE_ADDED], 1);
	/* The entry id is an IRI: what is not unreserved is encoded. */
	assert_non_null(strstr(b.data, "#added/git.example.fr/a/%3Cx%3E%26%22y"
	                               "%22%01/2026-11-28T02%3A00%3A00Z</id>"));
	buf_free(&b);
	changes_clear(&c);
	changes_inventory_free(o);
	changes_inventory_free(n);
	(void)s;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_of_change_is_found_once),
		cmocka_unit_test(renames_and_transfers_are_recognised),
		cmocka_unit_test(ids_pair_a_rename_and_keep_apart_what_differs),
		cmocka_unit_test(an_ambiguous_move_is_not_guessed),
		cmocka_unit_test(verdicts_change_only_where_both_crawls_checked),
		cmocka_unit_test(only_an_account_that_was_listed_becomes_unreachable),
		cmocka_unit_test(the_json_has_counts_and_one_object_per_change),
		cmocka_unit_test(the_atom_feed_has_what_rfc_4287_requires),
		cmocka_unit_test(hostile_names_are_escaped_in_the_feed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
