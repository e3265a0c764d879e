/*
 * feed_forges.c - codegouvfr-forges.csv: one "NAME,KIND" line per forge,
 * no header, as output-forges-csv writes it
 * (codegouvfr/codegouvfr-output-data, src/codegouvfr/codegouvfr_output_data.clj):
 * NAME is the host, KIND ecosyste.ms's kind of host (github, gitlab,
 * gitea, forgejo, gogs, bitbucket, sourcehut: our forge kinds).
 *
 * Upstream takes NAME from ecosyste.ms's hosts, which are host names but
 * for a few it titles ("GitHub", "GitLab" for gitlab.com, "Framagit",
 * "OW2"), and turns only "GitHub" back into github.com. The front end
 * filters repositories on `p` (the host) with the name chosen in this list
 * (src/codegouvfr/core.cljs, (= (:p %) forge)), so we write every forge as
 * its host, which that filter matches. (The front end also drops the first
 * line, as if it were a header: (next (csv/parse response)).)
 *
 * The forges listed are those of the published records (output/feed_view.c),
 * sorted by host.
 */
#include "output/feed_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"

struct forge_line {
	const char *host;
	const char *kind;
};

static int line_cmp(const void *pa, const void *pb)
{
	const struct forge_line *a = pa, *b = pb;
	int c = feed_casecmp(a->host, b->host);

	return c ? c : strcmp(a->host, b->host);
}

static void add(struct forge_line *v, size_t *n, const char *host,
                const char *kind)
{
	if (!feed_nonempty(host) || !feed_nonempty(kind) ||
	    strpbrk(host, ",\"\r\n") || strpbrk(kind, ",\"\r\n"))
		return;
	v[(*n)++] = (struct forge_line){ host, kind };
}

char *feed_forges_csv(const struct inventory *inv)
{
	struct feed_view view;
	struct forge_line *v;
	struct buf b = BUF_INIT;
	size_t n = 0;

	feed_view_build(&view, inv);
	v = xcalloc(view.nrepos + view.nowners + 1, sizeof(*v));
	for (size_t i = 0; i < view.nrepos; i++)
		add(v, &n, view.repos[i].rec->repo.host,
		    feed_repo_account(view.repos[i].rec)->forge);
	for (size_t i = 0; i < view.nowners; i++)
		add(v, &n, view.owners[i].rec->owner.host,
		    feed_owner_account(view.owners[i].rec)->forge);
	qsort(v, n, sizeof(*v), line_cmp);
	buf_adds(&b, "");
	for (size_t i = 0; i < n; i++)
		if (i == 0 || feed_casecmp(v[i].host, v[i - 1].host))
			buf_addf(&b, "%s,%s\n", v[i].host, v[i].kind);
	free(v);
	feed_view_clear(&view);
	return buf_detach(&b);
}

int feed_write_forges(const char *dir, const struct inventory *inv)
{
	char *text = feed_forges_csv(inv);
	int e = feed_write_text(dir, FEED_FORGES_CSV, text, strlen(text));

	free(text);
	return e;
}
