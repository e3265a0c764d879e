/* yaml_doc.c - small YAML files with line numbers, for config/. */
#include "config/yaml_doc.h"

#include <string.h>

#include "lib/error.h"
#include "lib/file.h"

/*
 * Refuse nesting deeper than YAML_DOC_MAX_DEPTH before loading. libyaml's
 * scanner walks its stack of possible simple keys, one per open flow
 * collection, for every token (scanner.c, yaml_parser_stale_simple_keys):
 * N nested `[` cost O(N^2), and 100,000 of them took minutes to be
 * refused as a syntax error. The event parser stops here at the first
 * collection too deep, having scanned a few thousand tokens at most. A
 * file that is not YAML at all is left to yaml_parser_load(), whose
 * message says where.
 */
static int check_depth(const char *name, const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	unsigned depth = 0;
	int rc = 0;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (rc == 0 && yaml_parser_parse(&parser, &ev)) {
		yaml_event_type_t type = ev.type;

		if (type == YAML_SEQUENCE_START_EVENT ||
		    type == YAML_MAPPING_START_EVENT) {
			if (++depth > YAML_DOC_MAX_DEPTH)
				rc = error_set(ERROR_INVALID, "%s:%zu: nested more "
				               "than %u levels deep; a configuration "
				               "file is never that deep", name,
				               ev.start_mark.line + 1,
				               YAML_DOC_MAX_DEPTH);
		} else if (type == YAML_SEQUENCE_END_EVENT ||
		           type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
	return rc;
}

int yaml_doc_load(struct yaml_doc *d, const char *name, const char *text,
                  size_t len)
{
	yaml_parser_t parser;
	yaml_document_t extra;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->name = name;
	if (len > YAML_DOC_MAX_BYTES)
		return error_set(ERROR_TOOBIG, "%s: larger than %u bytes; is it the "
		                 "right file?", name, YAML_DOC_MAX_BYTES);
	if ((rc = check_depth(name, text, len)) < 0)
		return rc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &d->doc)) {
		size_t line = parser.problem_mark.line + 1;

		/* Encoding errors come with a byte offset, not a mark. */
		if (parser.error == YAML_READER_ERROR) {
			line = 1;
			for (size_t i = 0; i < parser.problem_offset && i < len; i++)
				line += text[i] == '\n';
		}
		rc = error_set(ERROR_INVALID, "%s:%zu: invalid YAML: %s%s%s", name,
		               line, parser.problem ? parser.problem : "syntax error",
		               parser.context ? " " : "",
		               parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return rc;
	}
	d->loaded = true;
	/* A second document would be silently ignored: refuse it. */
	if (!yaml_parser_load(&parser, &extra)) {
		rc = error_set(ERROR_INVALID, "%s:%zu: invalid YAML: %s", name,
		               parser.problem_mark.line + 1,
		               parser.problem ? parser.problem : "syntax error");
	} else {
		if (yaml_document_get_root_node(&extra))
			rc = error_set(ERROR_INVALID, "%s:%zu: a second YAML document; "
			               "the file must hold one", name,
			               extra.start_mark.line + 1);
		yaml_document_delete(&extra);
	}
	yaml_parser_delete(&parser);
	if (rc)
		yaml_doc_free(d);
	return rc;
}

void yaml_doc_free(struct yaml_doc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
}

yaml_node_t *yaml_doc_root(struct yaml_doc *d)
{
	return yaml_document_get_root_node(&d->doc);
}

yaml_node_t *yaml_doc_node(struct yaml_doc *d, int id)
{
	return yaml_document_get_node(&d->doc, id);
}

unsigned yaml_doc_line(const yaml_node_t *n)
{
	return (unsigned)n->start_mark.line + 1;
}

const char *yaml_doc_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
	                                        : NULL;
}

bool yaml_doc_is_null(const yaml_node_t *n)
{
	const char *s = yaml_doc_scalar(n);

	if (!s || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

int yaml_doc_read_file(char **out, size_t *len, const char *path)
{
	int rc = file_read(out, len, path, YAML_DOC_MAX_BYTES);

	if (rc == ERROR_TOOBIG)
		return error_set(ERROR_TOOBIG, "%s: larger than %u bytes; is it the "
		                 "right file?", path, YAML_DOC_MAX_BYTES);
	/* Otherwise file_read's own "PATH: strerror" says it. */
	return rc;
}
