/*
 * changes_out.c - the changes between two crawls as changes.json (for
 * programs), text (for a terminal) and changes.atom (for feed readers:
 * the ministry's office subscribes and sees each new repository, rename
 * or licence change as it happens).
 */
#include "output/changes.h"
#include "output/atom.h"
#include "output/rapport_int.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "lib/error.h"
#include "lib/report.h"
#include "lib/file.h"
#include "version.h"

/* Atom needs a date-time (RFC 4287 §3.3) even when a crawl has none. */
#define NO_DATE "1970-01-01T00:00:00Z"

json_t *changes_json(const struct changes *c)
{
	json_t *o = json_object(), *counts = json_object(), *v = json_array();

	json_object_set_new(o, "from", report_string(c->from));
	json_object_set_new(o, "to", report_string(c->to));
	for (size_t k = 0; k < CHANGE_NKINDS; k++)
		json_object_set_new(counts, change_kind_name(k),
		                    json_integer((json_int_t)c->count[k]));
	json_object_set_new(o, "counts", counts);
	for (size_t i = 0; i < c->n; i++) {
		const struct change *ch = &c->v[i];
		json_t *e = json_object();

		json_object_set_new(e, "kind", json_string(change_kind_name(ch->kind)));
		json_object_set_new(e, "host", report_string(ch->host));
		json_object_set_new(e, "full_name", report_string(ch->full_name));
		json_object_set_new(e, "previous", report_string(ch->previous));
		json_object_set_new(e, "url", report_string(ch->url));
		json_object_set_new(e, "actor", report_string(ch->actor));
		json_object_set_new(e, "before", report_string(ch->before));
		json_object_set_new(e, "after", report_string(ch->after));
		json_array_append_new(v, e);
	}
	json_object_set_new(o, "changes", v);
	return o;
}

static char *where(const struct change *ch)
{
	return xasprintf("%s/%s", ch->host ? ch->host : "?",
	                 ch->full_name ? ch->full_name : "");
}

void changes_text(struct buf *out, const struct changes *c)
{
	buf_addf(out, "%zu change%s from %s to %s\n", c->n, c->n == 1 ? "" : "s",
	         c->from ? c->from : "(no earlier crawl)", c->to ? c->to : "?");
	for (size_t i = 0; i < c->n; i++) {
		const struct change *ch = &c->v[i];
		char *w = where(ch);

		buf_addf(out, "%-20s %s", change_kind_name(ch->kind), w);
		if (ch->previous)
			buf_addf(out, " (was %s)", ch->previous);
		if (ch->before)
			buf_addf(out, ": %s -> %s", ch->before, ch->after);
		else if (ch->after)
			buf_addf(out, ": %s", ch->after);
		buf_addc(out, '\n');
		free(w);
	}
}

/* Percent-encode all but RFC 3986's unreserved characters and "/". */
static void iri_part(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char u = (unsigned char)*s;

		if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
		    (u >= '0' && u <= '9') || strchr("-._~/", u))
			buf_addc(b, (char)u);
		else
			buf_addf(b, "%%%02X", u);
	}
}

/* A permanent id for this change: the project's address, then what
 * changed and when; the same change of the same crawl has the same id. */
static char *entry_id(const struct changes *c, const struct change *ch)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s#%s/", INVENTAIRE_URL, change_kind_name(ch->kind));
	iri_part(&b, ch->host);
	buf_addc(&b, '/');
	iri_part(&b, ch->full_name);
	buf_addc(&b, '/');
	iri_part(&b, c->to ? c->to : NO_DATE);
	return buf_detach(&b);
}

static char *entry_title(enum rapport_lang l, const struct change *ch)
{
	static const enum rapport_msg m[CHANGE_NKINDS] = {
		M_CH_ADDED, M_CH_REMOVED, M_CH_RENAMED, M_CH_TRANSFERRED,
		M_CH_ARCHIVED, M_CH_UNARCHIVED, M_CH_LICENSE,
		M_CH_PUBLICCODE_ADDED, M_CH_PUBLICCODE_INVALID,
		M_CH_ACCOUNT_UNREACHABLE,
	};
	char *w = where(ch), *s, *prev;

	switch (ch->kind) {
	case CHANGE_RENAMED:
	case CHANGE_TRANSFERRED:
		prev = xasprintf("%s/%s", ch->host ? ch->host : "?",
		                 ch->previous ? ch->previous : "?");
		s = rapport_trf(l, m[ch->kind], prev, w);
		free(prev);
		break;
	case CHANGE_LICENSE:
		s = rapport_trf(l, m[ch->kind], w, ch->before, ch->after);
		break;
	case CHANGE_PUBLICCODE_ADDED:
		s = rapport_trf(l, m[ch->kind], w, rapport_tr(l,
		                ch->after && !strcmp(ch->after, "valid")
		                ? M_PC_VALID : M_PC_INVALID));
		break;
	default:
		s = rapport_trf(l, m[ch->kind], w);
	}
	free(w);
	return s;
}

static char *entry_content(const char *title, const struct change *ch)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, title);
	if (ch->actor)
		buf_addf(&b, " \xe2\x80\x94 %s", ch->actor);
	if (ch->kind == CHANGE_ACCOUNT_UNREACHABLE && ch->after)
		buf_addf(&b, " \xe2\x80\x94 %s", ch->after);
	return buf_detach(&b);
}

void changes_atom(struct buf *out, const struct changes *c,
                  enum rapport_lang lang)
{
	struct atom_entry *e = xcalloc(c->n + 1, sizeof(*e));
	char *title, *id = xasprintf("%s#changes", INVENTAIRE_URL);
	const char *to = c->to ? c->to : NO_DATE;

	title = c->from ? rapport_trf(lang, M_CH_FEED_TITLE, c->from, to)
	                : rapport_trf(lang, M_CH_FEED_TITLE_FIRST, to);
	for (size_t i = 0; i < c->n; i++) {
		const struct change *ch = &c->v[i];
		char *t = entry_title(lang, ch);

		e[i].id = entry_id(c, ch);
		e[i].title = t;
		e[i].updated = to;
		e[i].link = ch->url;
		e[i].content = entry_content(t, ch);
		e[i].category = change_kind_name(ch->kind);
	}
	atom_write(out, &(struct atom_feed){
		.id = id, .title = title,
		.subtitle = rapport_tr(lang, M_CH_FEED_SUBTITLE), .updated = to,
		.lang = rapport_tr(lang, M_LANG), .author = "inventaire",
		.author_uri = INVENTAIRE_URL, .generator = "inventaire",
		.generator_version = INVENTAIRE_VERSION, .entries = e, .n = c->n,
	});
	for (size_t i = 0; i < c->n; i++) {
		free((char *)e[i].id);
		free((char *)e[i].title);
		free((char *)e[i].content);
	}
	free(e);
	free(title);
	free(id);
}

static int write_one(const char *dir, const char *name, const char *data,
                     size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	int err = atomic_file_write(path, data ? data : "", len);

	free(path);
	return err;
}

void changes_json_text(struct buf *out, const struct changes *c)
{
	json_t *j = changes_json(c);
	char *text = json_dumps(j, JSON_PRESERVE_ORDER | JSON_INDENT(2));

	buf_adds(out, text ? text : "{}");
	buf_addc(out, '\n');
	free(text);
	json_decref(j);
}

int changes_write(const char *dir, const struct changes *c,
                  enum rapport_lang lang)
{
	struct buf atom = BUF_INIT, jb = BUF_INIT;
	int err;

	changes_json_text(&jb, c);
	changes_atom(&atom, c, lang);
	err = write_one(dir, CHANGES_JSON, jb.data, jb.len);
	if (!err)
		err = write_one(dir, CHANGES_ATOM, atom.data, atom.len);
	buf_free(&jb);
	buf_free(&atom);
	return err;
}
