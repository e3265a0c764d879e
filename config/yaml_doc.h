/*
 * yaml_doc.h - load a small YAML configuration file with libyaml's document
 * API, keeping each node's line for messages. Bounded: at most
 * YAML_DOC_MAX_BYTES, one document, YAML_DOC_MAX_DEPTH levels of nesting.
 */
#ifndef INVENTAIRE_YAML_DOC_H
#define INVENTAIRE_YAML_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#define YAML_DOC_MAX_BYTES (16u * 1024 * 1024)
/* As the publiccode.yml reader (crawler/publiccode/publiccode_yaml.h). */
#define YAML_DOC_MAX_DEPTH 64u

struct yaml_doc {
	yaml_document_t doc;
	bool loaded;
	const char *name;     /* for messages; not owned */
};

/* 0, or ERROR_INVALID (ERROR_TOOBIG) with the message "NAME:LINE: what
 * is wrong" (lib/error.h). */
int yaml_doc_load(struct yaml_doc *d, const char *name, const char *text,
                  size_t len);
void yaml_doc_free(struct yaml_doc *d);

yaml_node_t *yaml_doc_root(struct yaml_doc *d);
yaml_node_t *yaml_doc_node(struct yaml_doc *d, int id);
/* 1-based line of N. */
unsigned yaml_doc_line(const yaml_node_t *n);
/* The text of a scalar, or NULL when N is not a scalar. */
const char *yaml_doc_scalar(const yaml_node_t *n);
/* An empty value, `~` or `null` (plain): an owner with no metadata. */
bool yaml_doc_is_null(const yaml_node_t *n);

/* Read a whole file (at most YAML_DOC_MAX_BYTES). *OUT is NUL-terminated.
 * 0, or a negative code with the message "PATH: what is wrong". */
int yaml_doc_read_file(char **out, size_t *len, const char *path);

#endif
