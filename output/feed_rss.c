/*
 * feed_rss.c - latest-repositories.xml: the RSS 2.0 channel of the 10
 * newest repositories, as output-latest-repositories-xml writes it
 * (codegouvfr/codegouvfr-output-data, src/codegouvfr/codegouvfr_output_data.clj)
 * through clj-rss's channel-xml (yogthos/clj-rss, src/clj_rss/core.clj):
 *
 *   <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
 *   xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link href=LINK
 *   rel="self" type="application/rss+xml"/><title/><link/><description/>
 *   <generator/><item><title/><link/><guid/><description/><pubDate/></item>
 *   ...</channel></rss>
 *
 * on one line: the repositories with a creation date, newest first
 * (created_at; ties in feed order), 10 of them; title "Nouveau dépôt de
 * code source dans code.gouv.fr : NAME" (NAME as `n`), link the web page,
 * guid upstream's key of the repository, which is the lower-cased URL of
 * its ecosyste.ms record: ours, having none, is the lower-cased web page;
 * the description when there is one (clj-rss drops nil tags); pubDate in
 * RFC 822 form ("EEE, dd MMM yyyy HH:mm:ss ZZZZ", English names) in UTC.
 * The generator says inventaire. Text is escaped as clj-rss escapes it (&
 * < > "), and characters XML 1.0 forbids (the C0 controls but tab, LF and
 * CR) are dropped: a forge's description is anyone's text. The producer
 * pins clj-rss 0.4.0; the layout above is channel-xml's, read in
 * yogthos/clj-rss.
 */
#include "output/feed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

#define LATEST 10
#define CHANNEL_TITLE "code.gouv.fr/sources - Nouveaux dépôts de code source"
#define CHANNEL_LINK "https://code.gouv.fr/data/latest-repositories.xml"

static void add_text(struct buf *b, const char *s)
{
	char *u = report_strdup(s);  /* UTF-8, invalid bytes as \xNN */

	for (const char *p = u; p && *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '&')
			buf_adds(b, "&amp;");
		else if (c == '<')
			buf_adds(b, "&lt;");
		else if (c == '>')
			buf_adds(b, "&gt;");
		else if (c == '"')
			buf_adds(b, "&quot;");
		else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			buf_addc(b, (char)c);
	}
	free(u);
}

static void add_tag(struct buf *b, const char *tag, const char *text)
{
	buf_addf(b, "<%s>", tag);
	add_text(b, text);
	buf_addf(b, "</%s>", tag);
}

/* Day of the week of a Gregorian date, 0 = Sunday (Sakamoto's method). */
static int weekday(int y, int m, int d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* "2024-01-31T12:00:00Z" as "Wed, 31 Jan 2024 12:00:00 +0000"; false
 * when DATE is not in that form. */
static bool rfc822(char *out, size_t size, const char *date)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	                                    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int y, mo, d, h, mi, s;
	char z;

	if (!date || sscanf(date, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h,
	                    &mi, &s, &z) != 7 || z != 'Z' || mo < 1 || mo > 12 ||
	    d < 1 || d > 31)
		return false;
	snprintf(out, size, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	         days[weekday(y, mo, d)], d, months[mo - 1], y, h, mi, s);
	return true;
}

struct dated {
	const struct record_repo *r;
	size_t pos;
};

static int newest_first(const void *pa, const void *pb)
{
	const struct dated *a = pa, *b = pb;
	int c = strcmp(b->r->repo.created_at, a->r->repo.created_at);

	return c ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

static void add_item(struct buf *b, const struct record_repo *r)
{
	json_t *name = feed_repo_name(r);
	char *title = xasprintf("Nouveau dépôt de code source dans code.gouv.fr : %s",
	                        json_string_value(name));
	char *guid = xstrdup(r->repo.html_url ? r->repo.html_url : "");
	char date[64];

	for (char *p = guid; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	buf_adds(b, "<item>");
	add_tag(b, "title", title);
	if (r->repo.html_url)
		add_tag(b, "link", r->repo.html_url);
	if (*guid)
		add_tag(b, "guid", guid);
	if (feed_nonempty(r->repo.description))
		add_tag(b, "description", r->repo.description);
	if (rfc822(date, sizeof(date), r->repo.created_at))
		add_tag(b, "pubDate", date);
	buf_adds(b, "</item>");
	free(guid);
	free(title);
	json_decref(name);
}

char *feed_latest_xml(const struct inventory *inv)
{
	struct feed_view v;
	struct dated *d;
	struct buf b = BUF_INIT;
	size_t n = 0;

	feed_view_build(&v, inv);
	d = xcalloc(v.nrepos + 1, sizeof(*d));
	for (size_t i = 0; i < v.nrepos; i++)
		if (feed_nonempty(v.repos[i].rec->repo.created_at))
			d[n++] = (struct dated){ v.repos[i].rec, i };
	qsort(d, n, sizeof(*d), newest_first);
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	             "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
	             "<channel><atom:link href=\"" CHANNEL_LINK "\" rel=\"self\" "
	             "type=\"application/rss+xml\"/>");
	add_tag(&b, "title", CHANNEL_TITLE);
	add_tag(&b, "link", CHANNEL_LINK);
	add_tag(&b, "description", CHANNEL_TITLE);
	add_tag(&b, "generator", "inventaire");
	for (size_t i = 0; i < n && i < LATEST; i++)
		add_item(&b, d[i].r);
	buf_adds(&b, "</channel></rss>");
	free(d);
	feed_view_clear(&v);
	return buf_detach(&b);
}

int feed_write_latest(const char *dir, const struct inventory *inv)
{
	char *text = feed_latest_xml(inv);
	int e = feed_write_text(dir, FEED_LATEST_XML, text, strlen(text));

	free(text);
	return e;
}
