/*
 * discover_out.c - the proposal a run prints (discover_int.h), for the
 * actors it searched for and the forges it searched:
 *
 *   yaml  a fragment in code.gouv.fr's comptes-organismes-publics.yml
 *         format (codegouvfr/codegouvfr-data, the file's header comment):
 *         host -> forge, owners -> login -> pso_id (and our `kind: user`),
 *         best candidates first, each one's evidence in comments, ready
 *         for a person to review and copy into config/accounts.yml;
 *   json  the same candidates as discover.json writes them, and what was
 *         not searched;
 *   text  for reading in a terminal.
 *
 * Every form says that discover only proposes. Names, descriptions and
 * e-mails come from the forges: in YAML comments they are made one line
 * of printable text, or a name with a line break could write YAML.
 */
#include "crawler/discover/discover_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/error.h"
#include "lib/file.h"
#include "lib/report.h"
#include "lib/str.h"

#define COMMENT_MAX 160

static const char proposes[] =
	"discover only proposes: nothing here is in the accounts list. Check "
	"each candidate's evidence (open its page), then add the accounts that "
	"are the actor's to config/accounts.yml under their host (for an actor "
	"without pso_id, also list HOST/LOGIN in its `accounts:` in "
	"config/actors.yml), and run `inventaire crawl`.";

/* S as one line of printable text, at most COMMENT_MAX bytes: control
 * characters, line and paragraph separators (YAML breaks lines at U+0085,
 * U+2028, U+2029 too) become spaces, bytes that are not UTF-8 '?'. */
static char *one_line(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = s ? strlen(s) : 0;

	for (size_t i = 0; i < n && b.len < COMMENT_MAX;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &c);

		if (k <= 0) {
			buf_addc(&b, '?');
			i++;
			continue;
		}
		if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 ||
		    c == 0x2029 || c == 0xfeff)
			buf_addc(&b, ' ');
		else
			buf_add(&b, s + i, (size_t)k);
		i += (size_t)k;
	}
	if (b.len >= COMMENT_MAX && n > b.len)
		buf_adds(&b, "...");
	return buf_detach(&b);
}

/* An owner key as YAML: plain when it cannot be read as anything but this
 * string (feed_accounts.c quotes the same way), else double-quoted. */
static void yaml_key(struct buf *b, const char *s)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null",
	};
	bool plain = *s >= 'a' && *s <= 'z';

	for (const char *p = s; plain && *p; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		        *p == '-' || *p == '_' || *p == '.' || *p == '/';
	for (size_t i = 0; plain && i < sizeof(words) / sizeof(*words); i++)
		plain = strcmp(s, words[i]) != 0;
	if (plain) {
		buf_adds(b, s);
		return;
	}
	/* A JSON string is a YAML double-quoted scalar. */
	{
		json_t *j = report_string(s);
		char *q = json_dumps(j, JSON_ENCODE_ANY);

		buf_adds(b, q ? q : "\"\"");
		free(q);
		json_decref(j);
	}
}

/* The run's actors, each once, in plan order. */
static const struct actor *run_actor(const struct dsc_run *r, size_t i)
{
	return r->nsites && i * r->nsites < r->ntasks
	       ? r->tasks[i * r->nsites].actor : NULL;
}

static bool run_site(const struct dsc_run *r, const char *host)
{
	for (size_t i = 0; i < r->nsites; i++)
		if (!strcasecmp(r->sites[i].host, host))
			return true;
	return false;
}

static void yaml_candidate(struct buf *b, const struct actor *x,
                           const struct discovery_candidate *c)
{
	char *name = one_line(x->name), *shown = one_line(c->name);

	buf_addf(b, "    # %s (%s): score %d, confidence %s%s\n", name, x->id,
	         c->score, discovery_confidence_name(c->confidence),
	         c->personal ? "; a PERSON's account" : "");
	if (c->name) {
		buf_addf(b, "    #   the account's name: %s\n", shown);
	}
	for (size_t i = 0; i < c->nevidence; i++) {
		char *d = one_line(c->evidence[i].detail);

		buf_addf(b, "    #   %+d %s\n", c->evidence[i].points, d);
		free(d);
	}
	if (!x->pso_id) {
		/* In a comment, the login too must stay on one line. */
		char *login = one_line(c->login);

		buf_addf(b, "    #   %s has no pso_id: also add \"%s/%s\" to its "
		         "`accounts:` in actors.yml\n", x->id, c->host, login);
		free(login);
	}
	buf_adds(b, "    ");
	yaml_key(b, c->login);
	buf_adds(b, ":");
	if (x->pso_id)
		buf_addf(b, "\n      pso_id: %s", x->pso_id);
	if (c->personal)
		buf_adds(b, "\n      kind: user");
	buf_adds(b, "\n");
	free(name);
	free(shown);
}

/* Is T the first incomplete task of its forge with its reason? */
static bool first_of_reason(const struct dsc_run *r, size_t ti)
{
	const struct task *t = &r->tasks[ti];

	for (size_t i = 0; i < ti; i++)
		if (!task_complete(&r->tasks[i]) && r->tasks[i].site == t->site &&
		    !strcmp(task_why(&r->tasks[i]), task_why(t)))
			return false;
	return true;
}

/* What was not searched, by forge and reason: a forge down is said once,
 * with the actors it leaves, not once per actor. */
static void not_searched_lines(struct buf *b, const struct dsc_run *r,
                               const char *prefix)
{
	bool any = false;

	for (size_t i = 0; i < r->ntasks; i++) {
		const struct task *t = &r->tasks[i];
		size_t col;
		char *why;

		if (task_complete(t) || !first_of_reason(r, i))
			continue;
		if (!any)
			buf_addf(b, "%sNot searched (run discover again later: what "
			         "was answered is kept):\n", prefix);
		any = true;
		why = one_line(task_why(t));
		buf_addf(b, "%s  %s: %s\n%s    for", prefix, t->site->host, why,
		         prefix);
		free(why);
		col = 7;
		for (size_t k = i; k < r->ntasks; k++) {
			const struct task *u = &r->tasks[k];

			if (task_complete(u) || u->site != t->site ||
			    strcmp(task_why(u), task_why(t)))
				continue;
			if (col + strlen(u->actor->id) > 74) {
				buf_addf(b, "\n%s     ", prefix);
				col = 5;
			}
			buf_addf(b, " %s", u->actor->id);
			col += strlen(u->actor->id) + 1;
		}
		buf_adds(b, "\n");
	}
}

/* Has HOST/LOGIN already been written (a candidate of two actors)? */
static bool written(const struct dsc_run *r, size_t upto_actor, size_t upto_c,
                    const struct discovery_candidate *c)
{
	for (size_t i = 0; i <= upto_actor; i++) {
		const struct discovery_actor *a =
			discovery_find(&r->record, run_actor(r, i)->id);

		for (size_t k = 0; a && k < a->ncandidates; k++) {
			if (i == upto_actor && k >= upto_c)
				break;
			if (!strcasecmp(a->candidates[k].host, c->host) &&
			    !strcasecmp(a->candidates[k].login, c->login))
				return true;
		}
	}
	return false;
}

static void write_yaml(struct buf *b, const struct dsc_run *r)
{
	char *now = discover_utc_now();
	size_t nactors = r->nsites ? r->ntasks / r->nsites : 0, total = 0;

	buf_addf(b, "# Candidate accounts found by `inventaire discover` on %s,\n"
	         "# in comptes-organismes-publics.yml format, best first.\n#\n",
	         now);
	for (const char *p = proposes; *p;) {
		size_t n = strlen(p) > 72 ? 72 : strlen(p);

		while (n < strlen(p) && n > 0 && p[n] != ' ')
			n--;
		buf_addf(b, "# %.*s\n", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
	not_searched_lines(b, r, "# ");
	for (size_t s = 0; s < r->nsites; s++) {
		const struct site *site = &r->sites[s];
		bool header = false;

		for (size_t i = 0; i < nactors; i++) {
			const struct actor *x = run_actor(r, i);
			const struct discovery_actor *a = discovery_find(&r->record, x->id);

			for (size_t k = 0; a && k < a->ncandidates; k++) {
				const struct discovery_candidate *c = &a->candidates[k];

				if (strcasecmp(c->host, site->host) || written(r, i, k, c))
					continue;
				if (!header)
					buf_addf(b, "\n%s:\n  forge: %s\n  owners:\n", site->host,
					         site->forge->kind);
				else
					buf_adds(b, "\n");
				header = true;
				yaml_candidate(b, x, c);
				total++;
			}
		}
	}
	if (!total)
		buf_adds(b, "\n# No candidate found.\n");
	free(now);
}

static void write_json(struct buf *b, const struct dsc_run *r)
{
	size_t nactors = r->nsites ? r->ntasks / r->nsites : 0;
	json_t *actors = json_array(), *missing = json_array(), *doc;
	char *now = discover_utc_now(), *text;

	for (size_t i = 0; i < nactors; i++) {
		const struct actor *x = run_actor(r, i);
		const struct discovery_actor *a = discovery_find(&r->record, x->id);
		json_t *cands = json_array();

		for (size_t k = 0; a && k < a->ncandidates; k++)
			if (run_site(r, a->candidates[k].host))
				json_array_append_new(cands, discovery_candidate_json(
					&a->candidates[k]));
		json_array_append_new(actors, json_pack("{s:s, s:o, s:o, s:o, s:s, s:o}",
			"id", x->id, "name", report_string(x->name),
			"acronym", report_string(x->acronym),
			"pso_id", report_string(x->pso_id),
			"status", discovery_status_name(discovery_status(
				&r->record, &r->actors, x, &r->accounts)),
			"candidates", cands));
	}
	for (size_t i = 0; i < r->ntasks; i++) {
		const struct task *t = &r->tasks[i];

		if (task_complete(t))
			continue;
		json_array_append_new(missing, json_pack("{s:s, s:s, s:o}",
			"actor", t->actor->id, "host", t->site->host,
			"reason", report_string(task_why(t))));
	}
	doc = json_pack("{s:s, s:s, s:o, s:o}", "note", proposes,
	                "generated_at", now, "actors", actors,
	                "not_searched", missing);
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	buf_adds(b, text);
	buf_addc(b, '\n');
	free(text);
	json_decref(doc);
	free(now);
}

static void write_text(struct buf *b, const struct dsc_run *r)
{
	size_t nactors = r->nsites ? r->ntasks / r->nsites : 0;

	for (size_t i = 0; i < nactors; i++) {
		const struct actor *x = run_actor(r, i);
		const struct discovery_actor *a = discovery_find(&r->record, x->id);
		char *name = one_line(x->name);
		size_t shown = 0;

		buf_addf(b, "%s (%s): %s\n", name, x->id, discovery_status_name(
		         discovery_status(&r->record, &r->actors, x, &r->accounts)));
		for (size_t k = 0; a && k < a->ncandidates; k++) {
			const struct discovery_candidate *c = &a->candidates[k];
			char *cn = one_line(c->name);

			if (!run_site(r, c->host)) {
				free(cn);
				continue;
			}
			/* The login is the forge's answer too: escaped, so that it
			 * cannot drive the reader's terminal (lib/str.h). */
			char *login = str_printable(c->login, strlen(c->login));

			buf_addf(b, "  %s/%s  score %d, %s%s%s%s%s\n", c->host, login,
			         c->score, discovery_confidence_name(c->confidence),
			         c->personal ? ", a person's account" : "",
			         c->name ? " (" : "", c->name ? cn : "",
			         c->name ? ")" : "");
			for (size_t e = 0; e < c->nevidence; e++) {
				char *d = one_line(c->evidence[e].detail);

				buf_addf(b, "      %+d %s\n", c->evidence[e].points, d);
				free(d);
			}
			shown++;
			free(login);
			free(cn);
		}
		if (!shown)
			buf_adds(b, "  no candidate\n");
		free(name);
	}
	not_searched_lines(b, r, "");
	buf_addf(b, "\n%s\n", proposes);
}

int discover_write_proposal(const struct dsc_run *r)
{
	struct buf b = BUF_INIT;
	const char *path = r->o->output;
	int e = 0;

	if (r->o->format == DISCOVER_JSON)
		write_json(&b, r);
	else if (r->o->format == DISCOVER_TEXT)
		write_text(&b, r);
	else
		write_yaml(&b, r);
	if (path && strcmp(path, "-"))
		e = atomic_file_write(path, b.data ? b.data : "", b.len);
	else if (fwrite(b.data ? b.data : "", 1, b.len, stdout) != b.len ||
	         fflush(stdout) != 0)
		e = error_set(ERROR_IO, "standard output: cannot write the "
		              "proposal");
	buf_free(&b);
	return e;
}
