/*
 * atom.h - an Atom 1.0 feed writer (RFC 4287, "The Atom Syndication
 * Format"). It writes what the RFC requires and nothing clever:
 *   - atom:feed: id, title, updated (§4.1.1), and an author, because not
 *     every entry has one (§4.1.1: "one or more atom:author elements,
 *     unless all of the atom:feed element's child atom:entry elements
 *     contain at least one atom:author element");
 *   - atom:entry: id, title, updated (§4.1.2), and inline text content,
 *     so that no alternate link is required (§4.1.2: an entry without
 *     atom:content must have a link rel="alternate");
 *   - dates are RFC 3339 date-times (§3.3), ids are IRIs (§4.2.6);
 *   - text is XML-escaped, and what XML 1.0 cannot hold is dropped.
 */
#ifndef INVENTAIRE_ATOM_H
#define INVENTAIRE_ATOM_H

#include <stddef.h>

#include "lib/buf.h"

struct atom_entry {
	const char *id;         /* an IRI, unique and permanent */
	const char *title;
	const char *updated;    /* RFC 3339 date-time */
	const char *link;       /* rel="alternate", or NULL */
	const char *content;    /* text, or NULL (then the title is used) */
	const char *category;   /* a term, or NULL */
};

struct atom_feed {
	const char *id;
	const char *title;
	const char *subtitle;   /* or NULL */
	const char *updated;
	const char *lang;       /* xml:lang, or NULL */
	const char *author;     /* name */
	const char *author_uri; /* or NULL */
	const char *generator;  /* name, or NULL */
	const char *generator_version;
	const struct atom_entry *entries;
	size_t n;
};

void atom_write(struct buf *b, const struct atom_feed *f);

#endif
