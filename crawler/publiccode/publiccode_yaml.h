/*
 * publiccode_yaml.h - a publiccode.yml document as a tree of nodes with
 * their positions, loaded with libyaml under hard bounds.
 *
 * Scalars are resolved with the YAML 1.2 core schema, as the reference
 * parser's decoder does (goccy/go-yaml): `yes` is a string, `0.2` a float.
 */
#ifndef INVENTAIRE_PUBLICCODE_YAML_H
#define INVENTAIRE_PUBLICCODE_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pcy_kind {
	PCY_NULL,
	PCY_BOOL,
	PCY_INT,
	PCY_FLOAT,
	PCY_STR,
	PCY_SEQ,
	PCY_MAP,
};

struct pcy_node {
	enum pcy_kind kind;
	bool flow;            /* a flow collection: [..] or {..} */
	bool closed;          /* its end event was seen (aliases need it) */
	unsigned line, col;   /* 1-based position of its first token */
	/* Scalars: the value as a Go string field would receive it from
	 * goccy/go-yaml: ints in decimal, floats as fmt.Sprint prints them,
	 * null "". */
	char *str;
	size_t len;
	/* Sequences: items. Mappings: key, value, key, value... */
	struct pcy_node **kids;
	size_t n, cap;
	/* Nodes this one stands for once aliases are expanded (bounded). */
	uint64_t weight;
};

struct pcy_doc {
	struct pcy_node *root;     /* NULL for an empty document */
	size_t ndocs;              /* documents in the stream */
	/* Every node, to free them (aliases share nodes). */
	struct pcy_node **all;
	size_t nall, capall;
};

/* Hard bounds on untrusted input: a publiccode.yml may be hostile. */
#define PCY_MAX_DEPTH   64        /* nesting levels */
#define PCY_MAX_ALIASES 1000
#define PCY_MAX_WEIGHT  100000    /* nodes after alias expansion */

/* Why loading failed: the message, and a 1-based line (0: none). */
struct pcy_error {
	char msg[256];
	unsigned line;
};

/*
 * Load BUF[0..len) (valid UTF-8, checked by the caller). Stops at the
 * second document (DOC->ndocs is then 2). 0, or -1 with *ERR filled; DOC
 * must be freed with pcy_free in both cases.
 */
int pcy_load(struct pcy_doc *doc, struct pcy_error *err, const char *buf,
             size_t len);
void pcy_free(struct pcy_doc *doc);

/* Mapping M's value for KEY, or NULL. */
const struct pcy_node *pcy_get(const struct pcy_node *m, const char *key);
/* The mapping's key node for KEY, or NULL. */
const struct pcy_node *pcy_get_key(const struct pcy_node *m, const char *key);

/*
 * Position of a result's KEY in the document (the reference's parser.go,
 * getPositionInFile): the key token,
 * the item, or the nearest enclosing position; 0,0 when there is none.
 */
void pcy_position(unsigned *line, unsigned *col, const struct pcy_node *root,
                  const char *key);

/*
 * The dotted key path (as parser.go names decode errors) of the first
 * mapping key or sequence
 * item on LINE, depth first; "" when none. Caller frees.
 */
char *pcy_key_at_line(const struct pcy_node *root, unsigned line);

#endif
