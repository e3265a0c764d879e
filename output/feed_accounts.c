/*
 * feed_accounts.c - comptes-organismes-publics.yml: the accounts we crawl,
 * in the exact format of code.gouv.fr's list (NOTES.md §a.1), to send
 * upstream. One top-level key per forge host, sorted; under it `forge`,
 * then the forge-level `ignored_since`, `pso_id`, `floss_policy`,
 * `ospo_url` (a whole-forge entry), then `owners`, a map of lower-case
 * login to the same optional keys, sorted. An owner with no metadata has
 * an empty value, as `socio-connect:` has in the real file.
 *
 * Only code.gouv.fr's keys are written: our extensions `api_url` and
 * `kind` mean nothing upstream. `forge` is written as configured (also
 * `forgejo` or `bitbucket`, which upstream would skip as unsupported).
 *
 * libyaml's emitter does the quoting; as a YAML 1.1 loader (PyYAML,
 * clj-yaml) resolves plain scalars to booleans, numbers, null or dates, a
 * value that would resolve to anything but a string is double-quoted, so
 * that the file loads back to the same strings. `ignored_since` is the one
 * value meant as a date, and is written plain, as upstream writes it.
 */
#include "output/feed_int.h"
#include "lib/alloc.h"

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Plain scalars a YAML 1.1 resolver does not read as a string
 * (yaml.org/type: null, bool, int, float, timestamp, merge, value). */
static const char *const non_string_re[] = {
	"^(~|null|Null|NULL)$",
	"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|"
	"on|On|ON|off|Off|OFF)$",
	"^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*|"
	"[1-9][0-9_]*(:[0-5]?[0-9])+)$",
	"^[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?$",
	"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*$",
	"^[-+]?\\.(inf|Inf|INF)$",
	"^\\.(nan|NaN|NAN)$",
	"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt \t]|$)",
	"^(<<|=)$",
};

static bool matches(const char *re, const char *s)
{
	regex_t r;
	bool m;

	if (regcomp(&r, re, REG_EXTENDED | REG_NOSUB) != 0)
		return true;  /* cannot happen; quoting is the safe side */
	m = regexec(&r, s, 0, NULL, 0) == 0;
	regfree(&r);
	return m;
}

static bool resolves_to_non_string(const char *s)
{
	if (!*s)
		return true;  /* an empty plain scalar is null */
	for (size_t i = 0; i < sizeof(non_string_re) / sizeof(*non_string_re); i++)
		if (matches(non_string_re[i], s))
			return true;
	return false;
}

/* ignored_since: a YAML date, YYYY-MM-DD. */
static bool is_date(const char *s)
{
	int y, m, d;
	char tail;

	if (!matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", s) ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

struct emit {
	yaml_emitter_t e;
	struct buf *out;
	bool failed;
};

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	buf_add(data, buffer, size);
	return 1;
}

static void emit_event(struct emit *em, yaml_event_t *ev)
{
	if (em->failed)
		yaml_event_delete(ev);
	else if (!yaml_emitter_emit(&em->e, ev))
		em->failed = true;
}

static void emit_scalar_style(struct emit *em, const char *s,
                              yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
	                                  (int)strlen(s), 1, 1, style)) {
		em->failed = true;
		return;
	}
	emit_event(em, &ev);
}

static void emit_string(struct emit *em, const char *s)
{
	emit_scalar_style(em, s, resolves_to_non_string(s) ?
	                  YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
}

static void emit_mapping(struct emit *em, bool start)
{
	yaml_event_t ev;

	if (start ? !yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	                                                YAML_BLOCK_MAPPING_STYLE)
	          : !yaml_mapping_end_event_initialize(&ev)) {
		em->failed = true;
		return;
	}
	emit_event(em, &ev);
}

static const char *const meta_keys[] = {
	"ignored_since", "pso_id", "floss_policy", "ospo_url",
};

static bool has_meta(const json_t *o)
{
	for (size_t i = 0; i < sizeof(meta_keys) / sizeof(*meta_keys); i++)
		if (json_object_get(o, meta_keys[i]))
			return true;
	return false;
}

static void emit_meta(struct emit *em, const json_t *o)
{
	for (size_t i = 0; i < sizeof(meta_keys) / sizeof(*meta_keys); i++) {
		const char *v = feed_str_at(json_object_get(o, meta_keys[i]));

		if (!v)
			continue;
		emit_scalar_style(em, meta_keys[i], YAML_PLAIN_SCALAR_STYLE);
		if (i == 0)  /* a date, checked by is_date() */
			emit_scalar_style(em, v, YAML_PLAIN_SCALAR_STYLE);
		else
			emit_string(em, v);
	}
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of O, sorted (byte order). Free the array, not the keys. */
static const char **sorted_keys(const json_t *o, size_t *n)
{
	const char **v = xcalloc(json_object_size(o), sizeof(*v));
	const char *k;
	json_t *val;

	*n = 0;
	json_object_foreach((json_t *)o, k, val)
		v[(*n)++] = k;
	qsort(v, *n, sizeof(*v), key_cmp);
	return v;
}

/* One host entry as YAML, appended to OUT. */
static int emit_host(struct buf *out, const char *host, const json_t *h)
{
	struct emit em = { .out = out };
	const json_t *owners = json_object_get(h, "owners");
	yaml_event_t ev;
	int ok;

	if (!yaml_emitter_initialize(&em.e))
		return -ENOMEM;
	yaml_emitter_set_output(&em.e, write_handler, out);
	yaml_emitter_set_unicode(&em.e, 1);
	yaml_emitter_set_indent(&em.e, 2);
	yaml_emitter_set_width(&em.e, -1);  /* never fold a long URL */
	yaml_emitter_set_break(&em.e, YAML_LN_BREAK);
	if (yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING))
		emit_event(&em, &ev);
	else
		em.failed = true;
	/* implicit: no "---", so that the host entries concatenate into one
	 * mapping */
	if (yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1))
		emit_event(&em, &ev);
	else
		em.failed = true;
	emit_mapping(&em, true);
	emit_string(&em, host);
	emit_mapping(&em, true);
	emit_scalar_style(&em, "forge", YAML_PLAIN_SCALAR_STYLE);
	emit_string(&em, feed_str_at(json_object_get(h, "forge")));
	emit_meta(&em, h);
	if (owners) {
		size_t n;
		const char **logins = sorted_keys(owners, &n);

		emit_scalar_style(&em, "owners", YAML_PLAIN_SCALAR_STYLE);
		emit_mapping(&em, true);
		for (size_t i = 0; i < n; i++) {
			const json_t *o = json_object_get(owners, logins[i]);

			emit_string(&em, logins[i]);
			if (has_meta(o)) {
				emit_mapping(&em, true);
				emit_meta(&em, o);
				emit_mapping(&em, false);
			} else {
				/* upstream's bare `login:`; loads as null */
				emit_scalar_style(&em, "", YAML_PLAIN_SCALAR_STYLE);
			}
		}
		emit_mapping(&em, false);
		free(logins);
	}
	emit_mapping(&em, false);
	emit_mapping(&em, false);
	if (yaml_document_end_event_initialize(&ev, 1))
		emit_event(&em, &ev);
	else
		em.failed = true;
	if (yaml_stream_end_event_initialize(&ev))
		emit_event(&em, &ev);
	else
		em.failed = true;
	ok = !em.failed && yaml_emitter_flush(&em.e);
	yaml_emitter_delete(&em.e);
	return ok ? 0 : -EINVAL;
}

/* Optional string member KEY of entry I: NULL when null or absent. */
static int opt_str(const char **out, char **err, const json_t *rec,
                   const char *key, size_t i)
{
	const json_t *v = json_object_get(rec, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		*err = xasprintf("accounts: entry %zu: \"%s\" must be a non-empty "
		                 "string without NUL bytes", i, key);
		return -EINVAL;
	}
	*out = json_string_value(v);
	return 0;
}

/* Copy the optional metadata of REC into DST; check ignored_since. */
static int add_meta(json_t *dst, char **err, const json_t *rec, size_t i)
{
	for (size_t k = 0; k < sizeof(meta_keys) / sizeof(*meta_keys); k++) {
		const char *v;
		int e;

		if ((e = opt_str(&v, err, rec, meta_keys[k], i)) < 0)
			return e;
		if (!v)
			continue;
		if (k == 0 && !is_date(v)) {
			*err = xasprintf("accounts: entry %zu: ignored_since \"%s\" is "
			                 "not a date; write it as YYYY-MM-DD", i, v);
			return -EINVAL;
		}
		json_object_set_new(dst, meta_keys[k], json_string(v));
	}
	return 0;
}

static char *ascii_lower(const char *s)
{
	char *p = xstrdup(s);

	for (char *c = p; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return p;
}

/*
 * Group the config entries by host: {host: {forge, <meta>, owners: {login:
 * {<meta>}}}}. A null owner is the whole-forge entry, whose metadata sits
 * at forge level.
 */
static int group_accounts(json_t *hosts, char **err, const json_t *accounts)
{
	size_t i;
	json_t *rec;

	if (!json_is_array(accounts)) {
		*err = xasprintf("accounts: expected a JSON array of entries");
		return -EINVAL;
	}
	json_array_foreach(accounts, i, rec) {
		const char *host, *forge, *owner, *known;
		json_t *h;
		int e;

		if (!json_is_object(rec)) {
			*err = xasprintf("accounts: entry %zu is not a JSON object", i);
			return -EINVAL;
		}
		if ((e = opt_str(&host, err, rec, "host", i)) < 0 ||
		    (e = opt_str(&forge, err, rec, "forge", i)) < 0 ||
		    (e = opt_str(&owner, err, rec, "owner", i)) < 0)
			return e;
		if (!host || !forge) {
			*err = xasprintf("accounts: entry %zu has no %s; both host and "
			                 "forge are mandatory", i, host ? "forge" : "host");
			return -EINVAL;
		}
		if (!(h = json_object_get(hosts, host))) {
			h = json_object();
			json_object_set_new(h, "forge", json_string(forge));
			json_object_set_new(hosts, host, h);
		}
		known = feed_str_at(json_object_get(h, "forge"));
		if (strcmp(known, forge) != 0) {
			*err = xasprintf("accounts: entry %zu: host %s is declared both "
			                 "as %s and as %s; keep one forge kind per host",
			                 i, host, known, forge);
			return -EINVAL;
		}
		if (!owner) {
			if (json_object_get(h, "whole")) {
				*err = xasprintf("accounts: entry %zu: host %s has two "
				                 "whole-forge entries", i, host);
				return -EINVAL;
			}
			json_object_set_new(h, "whole", json_true());
			if ((e = add_meta(h, err, rec, i)) < 0)
				return e;
		} else {
			json_t *owners = json_object_get(h, "owners");
			char *login = ascii_lower(owner);
			json_t *o;

			if (!owners) {
				owners = json_object();
				json_object_set_new(h, "owners", owners);
			}
			if (json_object_get(owners, login)) {
				*err = xasprintf("accounts: entry %zu: owner %s on %s is "
				                 "listed twice (owners match without case)",
				                 i, owner, host);
				free(login);
				return -EINVAL;
			}
			o = json_object();
			json_object_set_new(owners, login, o);
			free(login);
			if ((e = add_meta(o, err, rec, i)) < 0)
				return e;
		}
	}
	return 0;
}

int feed_accounts_yaml(char **out, char **err, const json_t *accounts)
{
	json_t *hosts = json_object();
	struct buf b = BUF_INIT;
	const char **names;
	size_t n;
	int e;

	*out = NULL;
	if ((e = group_accounts(hosts, err, accounts)) < 0) {
		json_decref(hosts);
		return e;
	}
	buf_adds(&b, "# Accounts of public bodies on software forges, in the "
	             "format of code.gouv.fr's\n"
	             "# comptes-organismes-publics.yml. Written by inventaire.\n");
	names = sorted_keys(hosts, &n);
	for (size_t i = 0; i < n && e == 0; i++) {
		buf_addc(&b, '\n');
		e = emit_host(&b, names[i], json_object_get(hosts, names[i]));
		if (e < 0)
			*err = xasprintf("accounts: cannot write the YAML entry of %s",
			                 names[i]);
	}
	free(names);
	json_decref(hosts);
	if (e < 0) {
		buf_free(&b);
		return e;
	}
	*out = buf_detach(&b);
	return 0;
}

int feed_write_accounts(char **err, const char *dir, const json_t *accounts)
{
	char *yml;
	int e;

	if ((e = feed_accounts_yaml(&yml, err, accounts)) < 0)
		return e;
	e = feed_write_text(err, dir, FEED_ACCOUNTS_YML, yml, strlen(yml));
	free(yml);
	return e;
}
