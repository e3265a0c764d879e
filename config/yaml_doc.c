/* yaml_doc.c - small YAML files with line numbers, for config/. */
#include "config/yaml_doc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "lib/alloc.h"
#include "lib/file.h"

int yaml_doc_load(struct yaml_doc *d, char **err, const char *name,
                  const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t extra;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->name = name;
	if (len > YAML_DOC_MAX_BYTES) {
		*err = xasprintf("%s: larger than %u bytes; is it the right file?",
		                 name, YAML_DOC_MAX_BYTES);
		return CONFIG_EINVAL;
	}
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
		*err = xasprintf("%s:%zu: invalid YAML: %s%s%s", name, line,
		                 parser.problem ? parser.problem : "syntax error",
		                 parser.context ? " " : "",
		                 parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return CONFIG_EINVAL;
	}
	d->loaded = true;
	/* A second document would be silently ignored: refuse it. */
	if (!yaml_parser_load(&parser, &extra)) {
		*err = xasprintf("%s:%zu: invalid YAML: %s", name,
		                 parser.problem_mark.line + 1,
		                 parser.problem ? parser.problem : "syntax error");
		rc = CONFIG_EINVAL;
	} else {
		if (yaml_document_get_root_node(&extra)) {
			*err = xasprintf("%s:%zu: a second YAML document; the file "
			                 "must hold one", name,
			                 extra.start_mark.line + 1);
			rc = CONFIG_EINVAL;
		}
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

int yaml_doc_read_file(char **out, size_t *len, char **err, const char *path)
{
	int rc = file_read(out, len, path, YAML_DOC_MAX_BYTES);

	if (rc == -EFBIG) {
		*err = xasprintf("%s: larger than %u bytes; is it the right file?",
		                 path, YAML_DOC_MAX_BYTES);
		return CONFIG_EINVAL;
	}
	if (rc < 0) {
		*err = xasprintf("%s: %s", path, strerror(-rc));
		return CONFIG_EIO;
	}
	return 0;
}
