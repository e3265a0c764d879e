/*
 * feed_accounts.c - comptes-organismes-publics.yml: the accounts we crawl,
 * in the exact format of code.gouv.fr's list (the header comment of
 * comptes-organismes-publics.yml in codegouvfr/codegouvfr-data), to send
 * upstream. One top-level key per forge host, sorted; under it `forge`,
 * then the forge-level `ignored_since`, `pso_id`, `floss_policy`,
 * `ospo_url` (a whole-forge entry), then `owners`, a map of lower-case
 * login to the same optional keys, sorted. An owner with no metadata has
 * an empty value, as `socio-connect:` has in the real file.
 *
 * Only code.gouv.fr's keys are written: our extensions `api_url` and
 * `kind` mean nothing upstream, and `kind: user` entries, a person's
 * accounts, are left out. Forge-level values stay at forge level: the
 * crawl gives them as an entry without owner beside the owners, which no
 * longer repeat them (crawler/crawl/crawl_accounts.c, crawl_entries).
 *
 * Given the national list, the additions file holds only what it lacks
 * (feed_accounts_additions_yaml): the same layout, so that adding it to
 * the national file is a small diff. `forge` is written as configured (also
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
#include "lib/error.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
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

#define NRE (sizeof(non_string_re) / sizeof(*non_string_re))

/* Compiled once per process: regcomp(3) of these nine expressions cost
 * more than the rest of the file, at every owner and value (8% of an
 * unchanged crawl's CPU at 2,000 repositories, tests/bench/bench_crawl.py).
 * regexec(3) on a compiled expression is thread-safe (POSIX). */
static regex_t compiled[NRE];
static bool compiled_ok[NRE];
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
	for (size_t i = 0; i < NRE; i++)
		compiled_ok[i] = regcomp(&compiled[i], non_string_re[i],
		                         REG_EXTENDED | REG_NOSUB) == 0;
}

static bool resolves_to_non_string(const char *s)
{
	if (!*s)
		return true;  /* an empty plain scalar is null */
	pthread_once(&compile_once, compile_all);
	for (size_t i = 0; i < NRE; i++)
		/* A failed regcomp cannot happen; quoting is the safe side. */
		if (!compiled_ok[i] || regexec(&compiled[i], s, 0, NULL, 0) == 0)
			return true;
	return false;
}

/* ignored_since: a YAML date, YYYY-MM-DD. */
static bool is_date(const char *s)
{
	int y, m, d;
	char tail;

	/* YYYY-MM-DD exactly, checked by hand rather than by a regcomp(3)
	 * for each value. */
	if (strlen(s) != 10)
		return false;
	for (size_t i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return false;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
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

/* The optional metadata of an entry, in upstream's order. */
enum { META_IGNORED_SINCE, META_PSO_ID, META_FLOSS_POLICY, META_OSPO_URL,
       META_N };
static const char *const meta_keys[META_N] = {
	"ignored_since", "pso_id", "floss_policy", "ospo_url",
};

static void entry_meta(const char *v[META_N], const struct record_entry *e)
{
	v[META_IGNORED_SINCE] = e->ignored_since;
	v[META_PSO_ID] = e->account.pso_id;
	v[META_FLOSS_POLICY] = e->account.floss_policy;
	v[META_OSPO_URL] = e->account.ospo_url;
}

static bool has_meta(const struct record_entry *e)
{
	const char *v[META_N];

	entry_meta(v, e);
	for (size_t i = 0; i < META_N; i++)
		if (v[i])
			return true;
	return false;
}

static void emit_meta(struct emit *em, const struct record_entry *e)
{
	const char *v[META_N];

	entry_meta(v, e);
	for (size_t i = 0; i < META_N; i++) {
		if (!v[i])
			continue;
		emit_scalar_style(em, meta_keys[i], YAML_PLAIN_SCALAR_STYLE);
		if (i == META_IGNORED_SINCE)  /* a date, checked by is_date() */
			emit_scalar_style(em, v[i], YAML_PLAIN_SCALAR_STYLE);
		else
			emit_string(em, v[i]);
	}
}

/* Logins match without ASCII case, as upstream's list writes them lower
 * case; ASCII rules, not the locale's. */
static int login_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);

		if (x != y || !x)
			return x - y;
	}
}

static char *ascii_lower(const char *s)
{
	char *p = xstrdup(s);

	for (char *c = p; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return p;
}

/* Entries in the file's order: by host (bytes), the whole-forge entry
 * first, then owners by lower-case login. */
static int entry_cmp(const void *pa, const void *pb)
{
	const struct record_entry *a = *(const struct record_entry *const *)pa;
	const struct record_entry *b = *(const struct record_entry *const *)pb;
	int c = strcmp(a->account.host, b->account.host);

	if (c)
		return c;
	if (!a->account.owner || !b->account.owner)
		return (a->account.owner != NULL) - (b->account.owner != NULL);
	if ((c = login_cmp(a->account.owner, b->account.owner)) != 0)
		return c;
	return strcmp(a->account.owner, b->account.owner);
}

static int yaml_begin(struct emit *em, struct buf *out)
{
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&em->e))
		return error_set(ERROR_FAIL, "accounts: cannot start libyaml's "
		                 "emitter");
	em->out = out;
	yaml_emitter_set_output(&em->e, write_handler, out);
	yaml_emitter_set_unicode(&em->e, 1);
	yaml_emitter_set_indent(&em->e, 2);
	yaml_emitter_set_width(&em->e, -1);  /* never fold a long URL */
	yaml_emitter_set_break(&em->e, YAML_LN_BREAK);
	if (yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING))
		emit_event(em, &ev);
	else
		em->failed = true;
	/* implicit: no "---", so that the host entries concatenate into one
	 * mapping */
	if (yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1))
		emit_event(em, &ev);
	else
		em->failed = true;
	return 0;
}

static int yaml_end(struct emit *em, const char *host)
{
	yaml_event_t ev;
	int ok;

	if (yaml_document_end_event_initialize(&ev, 1))
		emit_event(em, &ev);
	else
		em->failed = true;
	if (yaml_stream_end_event_initialize(&ev))
		emit_event(em, &ev);
	else
		em->failed = true;
	ok = !em->failed && yaml_emitter_flush(&em->e);
	yaml_emitter_delete(&em->e);
	return ok ? 0 : error_set(ERROR_FAIL, "accounts: cannot write the YAML "
	                          "entry of %s", host);
}

/*
 * One host's entries V[0..n) (sorted by entry_cmp) as YAML, appended to
 * OUT: `forge`, the whole-forge entry's metadata, then `owners`.
 */
static int emit_host(struct buf *out, const struct record_entry *const *v,
                     size_t n)
{
	const struct record_entry *whole = v[0]->account.owner ? NULL : v[0];
	struct emit em = { 0 };
	int e;

	if ((e = yaml_begin(&em, out)) < 0)
		return e;
	emit_mapping(&em, true);
	emit_string(&em, v[0]->account.host);
	emit_mapping(&em, true);
	emit_scalar_style(&em, "forge", YAML_PLAIN_SCALAR_STYLE);
	emit_string(&em, v[0]->account.forge);
	if (whole)
		emit_meta(&em, whole);
	if (n > (whole != NULL)) {
		emit_scalar_style(&em, "owners", YAML_PLAIN_SCALAR_STYLE);
		emit_mapping(&em, true);
		for (size_t i = whole != NULL; i < n; i++) {
			char *login = ascii_lower(v[i]->account.owner);

			emit_string(&em, login);
			free(login);
			if (has_meta(v[i])) {
				emit_mapping(&em, true);
				emit_meta(&em, v[i]);
				emit_mapping(&em, false);
			} else {
				/* upstream's bare `login:`; loads as null */
				emit_scalar_style(&em, "", YAML_PLAIN_SCALAR_STYLE);
			}
		}
		emit_mapping(&em, false);
	}
	emit_mapping(&em, false);
	emit_mapping(&em, false);
	return yaml_end(&em, v[0]->account.host);
}

/* Set strings are not empty (a YAML key or value must say something). */
static int check_strings(const struct record_entry *e, size_t i)
{
	const char *v[META_N];
	const char *const names[] = { "host", "forge", "owner" };
	const char *const vals[] = { e->account.host, e->account.forge,
	                             e->account.owner };

	for (size_t k = 0; k < 3; k++)
		if (vals[k] && !*vals[k])
			return error_set(ERROR_INVALID, "accounts: entry %zu: \"%s\" "
			                 "must be a non-empty string", i, names[k]);
	if (!e->account.host || !e->account.forge)
		return error_set(ERROR_INVALID, "accounts: entry %zu has no %s; "
		                 "both host and forge are mandatory", i,
		                 e->account.host ? "forge" : "host");
	entry_meta(v, e);
	for (size_t k = 0; k < META_N; k++)
		if (v[k] && !*v[k])
			return error_set(ERROR_INVALID, "accounts: entry %zu: \"%s\" "
			                 "must be a non-empty string", i, meta_keys[k]);
	return 0;
}

/* Entry I against the entries before it, which are all valid. */
static int check_entry(const struct record_entry *v, size_t i)
{
	const struct record_account *a = &v[i].account;
	int e;

	if ((e = check_strings(&v[i], i)) < 0)
		return e;
	for (size_t j = 0; j < i; j++) {
		const struct record_account *b = &v[j].account;

		if (strcmp(a->host, b->host) != 0)
			continue;
		if (strcmp(a->forge, b->forge) != 0)
			return error_set(ERROR_INVALID, "accounts: entry %zu: host %s "
			                 "is declared both as %s and as %s; keep one "
			                 "forge kind per host", i, a->host, b->forge,
			                 a->forge);
		if (!a->owner && !b->owner)
			return error_set(ERROR_INVALID, "accounts: entry %zu: host %s "
			                 "has two whole-forge entries", i, a->host);
		if (a->owner && b->owner && login_cmp(a->owner, b->owner) == 0)
			return error_set(ERROR_INVALID, "accounts: entry %zu: owner %s "
			                 "on %s is listed twice (owners match without "
			                 "case)", i, a->owner, a->host);
	}
	if (v[i].ignored_since && !is_date(v[i].ignored_since))
		return error_set(ERROR_INVALID, "accounts: entry %zu: ignored_since "
		                 "\"%s\" is not a date; write it as YYYY-MM-DD", i,
		                 v[i].ignored_since);
	return 0;
}

static bool is_user(const struct record_entry *e)
{
	return e->account.kind && !strcmp(e->account.kind, "user");
}

/* The entries to write, in the file's order: `kind: user` ones left out
 * (code.gouv.fr lists organisations, and a person's account is not
 * proposed upstream), and so is a forge whose owners were all such (its
 * forge-level values alone would make it a whole forge). */
static const struct record_entry **writable(size_t *k,
                                            const struct record_entry *v,
                                            size_t n)
{
	const struct record_entry **sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (!is_user(&v[i]))
			sorted[m++] = &v[i];
	qsort(sorted, m, sizeof(*sorted), entry_cmp);
	*k = 0;
	for (size_t i = 0, end; i < m; i = end) {
		bool had_owners = false;

		for (end = i + 1; end < m; end++)
			if (strcmp(sorted[end]->account.host, sorted[i]->account.host))
				break;
		for (size_t j = 0; j < n; j++)
			had_owners |= v[j].account.owner &&
			              !strcmp(v[j].account.host, sorted[i]->account.host);
		if (end - i == 1 && !sorted[i]->account.owner && had_owners)
			continue;
		for (size_t j = i; j < end; j++)
			sorted[(*k)++] = sorted[j];
	}
	return sorted;
}

/* The hosts of V[0..n) (sorted by entry_cmp) into B, each after a blank
 * line; COMMENT(host) is written before a host when it returns text. */
static int emit_hosts(struct buf *b, const struct record_entry *const *v,
                      size_t n, const char *(*comment)(const char *host,
                                                       const void *ctx),
                      const void *ctx)
{
	int e = 0;

	for (size_t i = 0, end; i < n && e == 0; i = end) {
		const char *c = comment ? comment(v[i]->account.host, ctx) : NULL;

		for (end = i + 1; end < n; end++)
			if (strcmp(v[end]->account.host, v[i]->account.host))
				break;
		buf_addc(b, '\n');
		if (c)
			buf_adds(b, c);
		e = emit_host(b, v + i, end - i);
	}
	return e;
}

static int check_all(const struct record_entry *v, size_t n)
{
	int e;

	/* The first bad entry in the list's order is the one reported. */
	for (size_t i = 0; i < n; i++)
		if ((e = check_entry(v, i)) < 0)
			return e;
	return 0;
}

int feed_accounts_yaml(char **out, const struct record_entry *v, size_t n)
{
	const struct record_entry **sorted;
	struct buf b = BUF_INIT;
	size_t k;
	int e;

	*out = NULL;
	if ((e = check_all(v, n)) < 0)
		return e;
	sorted = writable(&k, v, n);
	buf_adds(&b, "# Accounts of public bodies on software forges, in the "
	             "format of code.gouv.fr's\n"
	             "# comptes-organismes-publics.yml. Written by inventaire.\n");
	e = emit_hosts(&b, sorted, k, NULL, NULL);
	free(sorted);
	if (e < 0) {
		buf_free(&b);
		return e;
	}
	*out = buf_detach(&b);
	return 0;
}

/* What the national list UP[0..nup) has of a host. */
struct upstream_host {
	bool any;            /* the host is in the list */
	bool whole;          /* as a whole forge: every account is crawled */
};

static struct upstream_host upstream_of(const char *host,
                                        const struct record_entry *up,
                                        size_t nup)
{
	struct upstream_host h = { false, false };
	bool owners = false;

	for (size_t i = 0; i < nup; i++) {
		if (feed_casecmp(up[i].account.host, host))
			continue;
		h.any = true;
		owners |= up[i].account.owner != NULL;
	}
	h.whole = h.any && !owners;
	return h;
}

static bool upstream_has_owner(const char *host, const char *owner,
                               const struct record_entry *up, size_t nup)
{
	for (size_t i = 0; i < nup; i++)
		if (!feed_casecmp(up[i].account.host, host) && up[i].account.owner &&
		    !login_cmp(up[i].account.owner, owner))
			return true;
	return false;
}

struct upstream_ctx {
	const struct record_entry *up;
	size_t nup;
};

static const char *existing_host_comment(const char *host, const void *ctx)
{
	const struct upstream_ctx *u = ctx;

	return upstream_of(host, u->up, u->nup).any
	       ? "# This forge is in the national list: add these owners to "
	         "its owners.\n" : NULL;
}

/*
 * Of the writable entries V[0..n), those the national list lacks: an
 * owner it does not list, on a forge it does not crawl whole; a whole
 * forge it does not have at all. A forge it has keeps its own values: only
 * the new owners are given (with their own values); a forge it has not
 * comes with ours.
 */
static size_t lacking(const struct record_entry **v, size_t n,
                      const struct record_entry *up, size_t nup)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const struct record_account *a = &v[i]->account;
		struct upstream_host h = upstream_of(a->host, up, nup);

		if (a->owner ? (!h.whole &&
		                !upstream_has_owner(a->host, a->owner, up, nup))
		             : !h.any)
			v[k++] = v[i];
	}
	return k;
}

int feed_accounts_additions_yaml(char **out, const struct record_entry *v,
                                 size_t n, const struct record_entry *up,
                                 size_t nup)
{
	const struct record_entry **sorted;
	struct upstream_ctx ctx = { up, nup };
	struct buf b = BUF_INIT;
	size_t k;
	int e;

	*out = NULL;
	if ((e = check_all(v, n)) < 0 || (e = check_all(up, nup)) < 0)
		return e;
	sorted = writable(&k, v, n);
	k = lacking(sorted, k, up, nup);
	buf_adds(&b, "# What code.gouv.fr's comptes-organismes-publics.yml lacks "
	             "of our accounts list,\n# in its format, to add to it. "
	             "Written by inventaire.\n");
	if (k)
		e = emit_hosts(&b, sorted, k, existing_host_comment, &ctx);
	else
		buf_adds(&b, "# It lacks none of them.\n");
	free(sorted);
	if (e < 0) {
		buf_free(&b);
		return e;
	}
	*out = buf_detach(&b);
	return 0;
}

int feed_write_accounts(const char *dir, const struct record_entry *v,
                        size_t n)
{
	char *yml;
	int e;

	if ((e = feed_accounts_yaml(&yml, v, n)) < 0)
		return e;
	e = feed_write_text(dir, FEED_ACCOUNTS_YML, yml, strlen(yml));
	free(yml);
	return e;
}

int feed_write_additions(const char *dir, const struct record_entry *v,
                         size_t n, const struct record_entry *up, size_t nup)
{
	char *yml;
	int e;

	if ((e = feed_accounts_additions_yaml(&yml, v, n, up, nup)) < 0)
		return e;
	e = feed_write_text(dir, FEED_ADDITIONS_YML, yml, strlen(yml));
	free(yml);
	return e;
}
