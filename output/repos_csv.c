/* repos_csv.c - repository records as CSV (see repos_csv.h). */
#include "output/repos_csv.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "output/feed.h"
#include "lib/buf.h"
#include "lib/error.h"

static const char header[] =
	"host,owner,full_name,name,html_url,clone_url,description,"
	"default_branch,fork,archived,mirror,empty,created_at,updated_at,"
	"pushed_at,stars,forks,open_issues,language,topics,license\r\n";

/* One cell, after a comma unless FIRST; quoting and formula defusing are
 * the feeds' (feed_csv_cell): one CSV writer for every file we publish. */
static void cell(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_addc(b, ',');
	feed_csv_cell(b, s);
}

static void flag(struct buf *b, bool v)
{
	buf_adds(b, v ? ",true" : ",false");
}

static void count(struct buf *b, long n)
{
	if (n >= 0)
		buf_addf(b, ",%ld", n);
	else
		buf_addc(b, ',');
}

int repos_csv_write(FILE *out, const struct repo_list *repos)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	buf_adds(&b, header);
	for (size_t i = 0; i < repos->n; i++) {
		const struct repo *r = &repos->v[i];
		struct buf topics = BUF_INIT;

		cell(&b, r->host, true);
		cell(&b, r->owner, false);
		cell(&b, r->full_name, false);
		cell(&b, r->name, false);
		cell(&b, r->html_url, false);
		cell(&b, r->clone_url, false);
		cell(&b, r->description, false);
		cell(&b, r->default_branch, false);
		flag(&b, r->fork);
		flag(&b, r->archived);
		flag(&b, r->mirror);
		flag(&b, r->empty);
		cell(&b, r->created_at, false);
		cell(&b, r->updated_at, false);
		cell(&b, r->pushed_at, false);
		count(&b, r->stars);
		count(&b, r->forks);
		count(&b, r->open_issues);
		cell(&b, r->language, false);
		for (size_t t = 0; t < r->ntopics; t++) {
			if (t)
				buf_addc(&topics, ';');
			buf_adds(&topics, r->topics[t] ? r->topics[t] : "");
		}
		cell(&b, topics.data, false);
		buf_free(&topics);
		cell(&b, r->license, false);
		buf_adds(&b, "\r\n");
	}
	if (fwrite(b.data, 1, b.len, out) != b.len)
		rc = error_errno(errno ? errno : EIO, "writing the CSV listing");
	buf_free(&b);
	return rc;
}
