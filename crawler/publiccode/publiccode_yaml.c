/*
 * publiccode_yaml.c - load publiccode.yml into nodes with positions.
 *
 * libyaml's event parser keeps its own stacks (no recursion), so a hostile
 * file is stopped here by explicit bounds before it costs anything: nesting
 * depth, alias count and the node count after alias expansion (a "billion
 * laughs" file is a few hundred bytes whose expansion is 10^9 nodes; we
 * share aliased nodes and only count them). Input size is bounded by the
 * caller (publiccode_validate).
 */
#include "crawler/publiccode/publiccode_yaml.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lib/alloc.h"
#include "lib/buf.h"

struct anchor {
	char *name;
	struct pcy_node *node;
};

struct loader {
	struct pcy_doc *doc;
	struct pcy_error *err;
	struct pcy_node *stack[PCY_MAX_DEPTH + 1];
	size_t depth;
	struct anchor *anchors;
	size_t nanchors, capanchors;
	size_t naliases;
};

static void fail(struct loader *l, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct loader *l, unsigned line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l->err->msg, sizeof(l->err->msg), fmt, ap);
	va_end(ap);
	l->err->line = line;
}

static struct pcy_node *node_new(struct loader *l, enum pcy_kind kind,
                                 const yaml_mark_t *m)
{
	struct pcy_doc *d = l->doc;
	struct pcy_node *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	n->weight = 1;
	if (d->nall == d->capall) {
		d->capall = d->capall ? 2 * d->capall : 64;
		d->all = xrealloc(d->all, d->capall * sizeof(*d->all));
	}
	d->all[d->nall++] = n;
	return n;
}

static void kid_add(struct pcy_node *p, struct pcy_node *k)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 4;
		p->kids = xrealloc(p->kids, p->cap * sizeof(*p->kids));
	}
	p->kids[p->n++] = k;
}

/* Attach a finished node to the open collection, or make it the root. */
static int attach(struct loader *l, struct pcy_node *n, unsigned line)
{
	struct pcy_node *p;

	if (l->depth == 0) {
		l->doc->root = n;
		return 0;
	}
	p = l->stack[l->depth - 1];
	if (p->kind == PCY_MAP && p->n % 2 == 0 && n->kind >= PCY_SEQ) {
		fail(l, line, "a mapping key must be a scalar");
		return -1;
	}
	kid_add(p, n);
	p->weight += n->weight;
	if (p->weight > PCY_MAX_WEIGHT) {
		fail(l, line, "the document expands to more than %d nodes "
		     "(nested aliases?): refusing it", PCY_MAX_WEIGHT);
		return -1;
	}
	return 0;
}

static int anchor_add(struct loader *l, const yaml_char_t *name,
                      struct pcy_node *n)
{
	if (!name)
		return 0;
	if (l->nanchors == l->capanchors) {
		l->capanchors = l->capanchors ? 2 * l->capanchors : 8;
		l->anchors = xrealloc(l->anchors,
		                      l->capanchors * sizeof(*l->anchors));
	}
	l->anchors[l->nanchors].name = xstrdup((const char *)name);
	l->anchors[l->nanchors++].node = n;
	return 0;
}

/* Go's fmt.Sprint of a float64 (strconv 'g', shortest): what goccy/go-yaml
 * puts into a string field from a float node. */
static char *go_float(double v)
{
	char digits[32], tmp[40];
	int exp10, nd, prec;

	if (isnan(v))
		return xstrdup("NaN");
	if (isinf(v))
		return xstrdup(v > 0 ? "+Inf" : "-Inf");
	if (v == 0)
		return xstrdup(signbit(v) ? "-0" : "0");
	/* Shortest digit string that reads back as V. */
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	{
		const char *s = tmp + (tmp[0] == '-');
		char *e = strchr(s, 'e');
		size_t k = 0;

		for (const char *c = s; c < e; c++)
			if (*c != '.')
				digits[k++] = *c;
		while (k > 1 && digits[k - 1] == '0')
			k--;
		digits[k] = '\0';
		nd = (int)k;
		exp10 = atoi(e + 1);
	}
	{
		struct buf b = BUF_INIT;
		int eprec = nd > 6 ? nd : 6;

		if (v < 0)
			buf_addc(&b, '-');
		if (exp10 < -4 || exp10 >= eprec) {
			buf_addc(&b, digits[0]);
			if (nd > 1) {
				buf_addc(&b, '.');
				buf_adds(&b, digits + 1);
			}
			buf_addf(&b, "e%c%02d", exp10 < 0 ? '-' : '+',
			         exp10 < 0 ? -exp10 : exp10);
		} else if (exp10 < 0) {
			buf_adds(&b, "0.");
			for (int i = -1; i > exp10; i--)
				buf_addc(&b, '0');
			buf_adds(&b, digits);
		} else {
			for (int i = 0; i <= exp10; i++)
				buf_addc(&b, i < nd ? digits[i] : '0');
			if (nd > exp10 + 1) {
				buf_addc(&b, '.');
				buf_adds(&b, digits + exp10 + 1);
			}
		}
		return buf_detach(&b);
	}
}

static bool all_in(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr(set, s[i]))
			return false;
	return n > 0;
}

static bool is_one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(s, *words))
			return true;
	return false;
}

/* YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool is_float(const char *s)
{
	static const char *const special[] = {
		".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
		"-.Inf", "-.INF", ".nan", ".NaN", ".NAN", NULL,
	};
	size_t i = 0, d = 0;

	if (is_one_of(s, special))
		return true;
	if (s[i] == '-' || s[i] == '+')
		i++;
	while (s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (s[i] == '.') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++, d++;
	}
	if (!d)
		return false;
	if (s[i] == 'e' || s[i] == 'E') {
		size_t e = 0;
		i++;
		if (s[i] == '-' || s[i] == '+')
			i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++, e++;
		if (!e)
			return false;
	}
	return s[i] == '\0';
}

/* Resolve a plain scalar (YAML 1.2 core schema, as goccy/go-yaml does) and
 * set its Go-string form. */
static void resolve_plain(struct pcy_node *n, const char *s, size_t len)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	const char *digits = s + (s[0] == '-' || s[0] == '+');

	if (len == 0 || is_one_of(s, nulls)) {
		n->kind = PCY_NULL;
		n->str = xstrdup("");
	} else if (is_one_of(s, trues) || is_one_of(s, falses)) {
		n->kind = PCY_BOOL;
		n->str = xstrdup(is_one_of(s, trues) ? "true" : "false");
	} else if (all_in(digits, strlen(digits), "0123456789") ||
	           (!strncmp(s, "0o", 2) && all_in(s + 2, len - 2, "01234567")) ||
	           (!strncmp(s, "0x", 2) &&
	            all_in(s + 2, len - 2, "0123456789abcdefABCDEF"))) {
		int base = s[1] == 'o' ? 8 : s[1] == 'x' ? 16 : 10;
		const char *p = base == 10 ? s : s + 2;
		char *end;
		long long v;

		n->kind = PCY_INT;
		errno = 0;
		v = strtoll(p, &end, base);
		/* Out of int64: keep the text, as a uint64/big value would read. */
		n->str = errno ? xstrdup(s) : xasprintf("%lld", v);
	} else if (is_float(s)) {
		n->kind = PCY_FLOAT;
		if (strstr(s, "inf") || strstr(s, "Inf") || strstr(s, "INF"))
			n->str = xstrdup(s[0] == '-' ? "-Inf" : "+Inf");
		else if (strstr(s, "nan") || strstr(s, "NaN") || strstr(s, "NAN"))
			n->str = xstrdup("NaN");
		else
			n->str = go_float(strtod(s, NULL));
	} else {
		n->kind = PCY_STR;
		n->str = xstrndup(s, len);
	}
	n->len = strlen(n->str);
}

static int on_scalar(struct loader *l, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	struct pcy_node *n = node_new(l, PCY_STR, &ev->start_mark);

	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (!tag || strcmp(tag, YAML_STR_TAG)) && strlen(s) == len) {
		resolve_plain(n, s, len);
	} else {
		n->str = xstrndup(s, len);
		n->len = len;
	}
	n->closed = true;
	anchor_add(l, ev->data.scalar.anchor, n);
	return attach(l, n, n->line);
}

static int on_alias(struct loader *l, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	unsigned line = (unsigned)ev->start_mark.line + 1;

	if (++l->naliases > PCY_MAX_ALIASES) {
		fail(l, line, "more than %d aliases: refusing the document",
		     PCY_MAX_ALIASES);
		return -1;
	}
	for (size_t i = l->nanchors; i-- > 0;) {
		if (strcmp(l->anchors[i].name, name))
			continue;
		if (!l->anchors[i].node->closed) {
			fail(l, line, "alias *%s refers to a node that contains it",
			     name);
			return -1;
		}
		return attach(l, l->anchors[i].node, line);
	}
	fail(l, line, "unknown anchor '%s' referenced", name);
	return -1;
}

static int on_start(struct loader *l, const yaml_event_t *ev, bool map)
{
	struct pcy_node *n = node_new(l, map ? PCY_MAP : PCY_SEQ, &ev->start_mark);
	const yaml_char_t *anchor = map ? ev->data.mapping_start.anchor
	                                : ev->data.sequence_start.anchor;

	n->flow = map ? ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
	              : ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	if (l->depth == PCY_MAX_DEPTH) {
		fail(l, n->line, "nesting deeper than %d levels: refusing the "
		     "document", PCY_MAX_DEPTH);
		return -1;
	}
	anchor_add(l, anchor, n);
	l->stack[l->depth++] = n;
	return 0;
}

static int key_cmp(const void *a, const void *b)
{
	const struct pcy_node *x = *(const struct pcy_node *const *)a;
	const struct pcy_node *y = *(const struct pcy_node *const *)b;
	int c = strcmp(x->str, y->str);

	if (c)
		return c;
	return x->line != y->line ? (x->line < y->line ? -1 : 1)
	                          : (x->col < y->col ? -1 : x->col > y->col);
}

/* Duplicate keys are a syntax error for the reference decoder. Sorting keeps
 * this O(n log n) on a hostile mapping of 100,000 keys. */
static int check_duplicates(struct loader *l, const struct pcy_node *m)
{
	size_t nk = m->n / 2;
	const struct pcy_node **keys;
	int ret = 0;

	if (nk < 2)
		return 0;
	keys = xmalloc(nk * sizeof(*keys));
	for (size_t i = 0; i < nk; i++)
		keys[i] = m->kids[2 * i];
	qsort(keys, nk, sizeof(*keys), key_cmp);
	for (size_t i = 1; i < nk; i++) {
		if (strcmp(keys[i - 1]->str, keys[i]->str))
			continue;
		fail(l, keys[i]->line, "mapping key \"%s\" already defined at "
		     "[%u:%u]", keys[i]->str, keys[i - 1]->line, keys[i - 1]->col);
		ret = -1;
		break;
	}
	free(keys);
	return ret;
}

static int on_end(struct loader *l, const yaml_event_t *ev)
{
	struct pcy_node *n = l->stack[--l->depth];

	n->closed = true;
	if (n->kind == PCY_MAP && check_duplicates(l, n) < 0)
		return -1;
	return attach(l, n, (unsigned)ev->start_mark.line + 1);
}

static void parser_fail(struct loader *l, const yaml_parser_t *p)
{
	const yaml_mark_t *m = p->problem ? &p->problem_mark : &p->mark;

	if (p->error == YAML_MEMORY_ERROR) {
		fail(l, 0, "out of memory while parsing YAML");
		return;
	}
	fail(l, (unsigned)m->line + 1, "%s%s%s",
	     p->problem ? p->problem : "invalid YAML",
	     p->context ? " " : "", p->context ? p->context : "");
}

int pcy_load(struct pcy_doc *doc, struct pcy_error *err, const char *buf,
             size_t len)
{
	struct loader l = { .doc = doc, .err = err };
	yaml_parser_t parser;
	yaml_event_t ev;
	int ret = -1;
	bool done = false;

	memset(doc, 0, sizeof(*doc));
	memset(err, 0, sizeof(*err));
	if (!yaml_parser_initialize(&parser)) {
		fail(&l, 0, "out of memory while parsing YAML");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done) {
		int r = 0;

		if (!yaml_parser_parse(&parser, &ev)) {
			parser_fail(&l, &parser);
			goto out;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			/* A second document is an error (parser.go); stop here. */
			if (++doc->ndocs > 1)
				done = true;
			break;
		case YAML_SCALAR_EVENT:
			r = on_scalar(&l, &ev);
			break;
		case YAML_ALIAS_EVENT:
			r = on_alias(&l, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			r = on_start(&l, &ev, ev.type == YAML_MAPPING_START_EVENT);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			r = on_end(&l, &ev);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (r < 0)
			goto out;
	}
	ret = 0;
out:
	yaml_parser_delete(&parser);
	for (size_t i = 0; i < l.nanchors; i++)
		free(l.anchors[i].name);
	free(l.anchors);
	return ret;
}

void pcy_free(struct pcy_doc *doc)
{
	for (size_t i = 0; i < doc->nall; i++) {
		free(doc->all[i]->str);
		free(doc->all[i]->kids);
		free(doc->all[i]);
	}
	free(doc->all);
	memset(doc, 0, sizeof(*doc));
}

const struct pcy_node *pcy_get_key(const struct pcy_node *m, const char *key)
{
	if (!m || m->kind != PCY_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (!strcmp(m->kids[i]->str, key))
			return m->kids[i];
	return NULL;
}

const struct pcy_node *pcy_get(const struct pcy_node *m, const char *key)
{
	if (!m || m->kind != PCY_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->n; i += 2)
		if (!strcmp(m->kids[i]->str, key))
			return m->kids[i + 1];
	return NULL;
}

/* The position a node's "first token" has (goccy/go-yaml's tokens). */
static void node_pos(unsigned *line, unsigned *col, const struct pcy_node *n)
{
	if (n->kind == PCY_MAP && !n->flow && n->n)
		n = n->kids[0];
	*line = n->line;
	*col = n->col;
}

void pcy_position(unsigned *line, unsigned *col, const struct pcy_node *root,
                  const char *key)
{
	const struct pcy_node *node = root, *keynode = NULL;
	const char *p = key;

	*line = *col = 0;
	if (!root)
		return;
	while (*p) {
		/* One part: NAME, NAME[N] or NAME[STR], up to the next '.'. */
		const char *dot = strchr(p, '.'), *br = strchr(p, '[');
		const char *end = dot ? dot : p + strlen(p);
		char name[256], idx[256] = "";
		size_t nl;
		bool last = *end == '\0', numeric = false;

		if (br && br < end) {
			const char *close = memchr(br, ']', (size_t)(end - br));
			size_t il;

			if (!close) /* "[en.x]": the bracket spans a dot; give up */
				return;
			il = (size_t)(close - br - 1);
			if (il >= sizeof(idx))
				return;
			memcpy(idx, br + 1, il);
			idx[il] = '\0';
			numeric = il > 0 && strspn(idx, "0123456789") == il;
			nl = (size_t)(br - p);
		} else {
			nl = (size_t)(end - p);
		}
		if (nl >= sizeof(name))
			return;
		memcpy(name, p, nl);
		name[nl] = '\0';

		for (int step = 0; step < 2; step++) {
			/* step 0: NAME; step 1: STR of NAME[STR]. */
			const char *want = step ? idx : name;
			/* NAME[N] and NAME[STR] go on past NAME */
			bool is_last = last && (step == 1 || !idx[0]);

			if (step == 1 && (!idx[0] || numeric))
				break;
			if (node->kind != PCY_MAP) {
				node_pos(line, col, node);
				return;
			}
			keynode = pcy_get_key(node, want);
			if (!keynode) {
				if (node->flow)
					node_pos(line, col, node);
				else if (is_last && node->n)
					node_pos(line, col, node->kids[0]);
				return;
			}
			if (is_last) {
				node_pos(line, col, keynode);
				return;
			}
			node = pcy_get(node, want);
		}
		if (numeric) {
			unsigned long i = strtoul(idx, NULL, 10);

			if (node->kind != PCY_SEQ || i >= node->n) {
				node_pos(line, col, keynode);
				return;
			}
			node = node->kids[i];
			if (last) {
				node_pos(line, col, node);
				return;
			}
		}
		p = last ? end : end + 1;
	}
}

static bool key_walk(struct buf *path, const struct pcy_node *n,
                     unsigned line, size_t depth)
{
	size_t mark = path->len;

	/* Aliases share nodes; the document's weight bound keeps this finite,
	 * and the depth bound keeps it shallow. */
	if (depth > PCY_MAX_DEPTH)
		return false;
	if (n->kind == PCY_MAP) {
		for (size_t i = 0; i + 1 < n->n; i += 2) {
			if (mark)
				buf_addc(path, '.');
			buf_adds(path, n->kids[i]->str);
			if (n->kids[i]->line == line ||
			    key_walk(path, n->kids[i + 1], line, depth + 1))
				return true;
			path->len = mark;
			path->data[mark] = '\0';
		}
	} else if (n->kind == PCY_SEQ) {
		for (size_t i = 0; i < n->n; i++) {
			unsigned l, c;

			buf_addf(path, "[%zu]", i);
			node_pos(&l, &c, n->kids[i]);
			if (n->kids[i]->line == line || l == line ||
			    key_walk(path, n->kids[i], line, depth + 1))
				return true;
			path->len = mark;
			path->data[mark] = '\0';
		}
	}
	return false;
}

char *pcy_key_at_line(const struct pcy_node *root, unsigned line)
{
	struct buf path = BUF_INIT;

	buf_adds(&path, "");
	if (root && key_walk(&path, root, line, 0))
		return buf_detach(&path);
	buf_free(&path);
	return xstrdup("");
}
