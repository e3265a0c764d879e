/*
 * atom.c - the Atom 1.0 writer (RFC 4287; what it writes and why is in
 * atom.h).
 */
#include "output/atom.h"

#include <string.h>

#include "output/svg.h"

static void text_element(struct buf *b, const char *name, const char *text)
{
	buf_addf(b, "<%s>", name);
	svg_escape(b, text ? text : "");
	buf_addf(b, "</%s>\n", name);
}

/* Only web links are written: a forge's answer is untrusted. */
static void link(struct buf *b, const char *href)
{
	if (!href || (strncmp(href, "https://", 8) && strncmp(href, "http://", 7)))
		return;
	buf_adds(b, "<link rel=\"alternate\" type=\"text/html\" href=\"");
	svg_escape(b, href);
	buf_adds(b, "\"/>\n");
}

static void entry(struct buf *b, const struct atom_entry *e)
{
	buf_adds(b, "<entry>\n");
	text_element(b, "id", e->id);
	text_element(b, "title", e->title);
	text_element(b, "updated", e->updated);
	link(b, e->link);
	if (e->category) {
		buf_adds(b, "<category term=\"");
		svg_escape(b, e->category);
		buf_adds(b, "\"/>\n");
	}
	buf_adds(b, "<content type=\"text\">");
	svg_escape(b, e->content ? e->content : e->title);
	buf_adds(b, "</content>\n</entry>\n");
}

void atom_write(struct buf *b, const struct atom_feed *f)
{
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	         "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	if (f->lang) {
		buf_adds(b, " xml:lang=\"");
		svg_escape(b, f->lang);
		buf_adds(b, "\"");
	}
	buf_adds(b, ">\n");
	text_element(b, "id", f->id);
	text_element(b, "title", f->title);
	if (f->subtitle)
		text_element(b, "subtitle", f->subtitle);
	text_element(b, "updated", f->updated);
	buf_adds(b, "<author>\n");
	text_element(b, "name", f->author);
	if (f->author_uri)
		text_element(b, "uri", f->author_uri);
	buf_adds(b, "</author>\n");
	if (f->generator) {
		buf_adds(b, "<generator");
		if (f->author_uri) {
			buf_adds(b, " uri=\"");
			svg_escape(b, f->author_uri);
			buf_adds(b, "\"");
		}
		if (f->generator_version) {
			buf_adds(b, " version=\"");
			svg_escape(b, f->generator_version);
			buf_adds(b, "\"");
		}
		buf_adds(b, ">");
		svg_escape(b, f->generator);
		buf_adds(b, "</generator>\n");
	}
	for (size_t i = 0; i < f->n; i++)
		entry(b, &f->entries[i]);
	buf_adds(b, "</feed>\n");
}
