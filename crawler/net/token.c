/* token.c - API tokens from the environment (see token.h). */
#include "crawler/net/token.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"

struct token {
	char *value;
	time_t exhausted_until;
};

struct token_set {
	struct token *v;
	size_t n;
	size_t cur;            /* the next request's, if not exhausted */
};

static const char *well_known_var(const char *host)
{
	if (!strcasecmp(host, "github.com") || !strcasecmp(host, "api.github.com"))
		return "GITHUB_TOKEN";
	if (!strcasecmp(host, "gitlab.com"))
		return "GITLAB_TOKEN";
	return NULL;
}

static char *host_var(const char *host)
{
	char *name = xasprintf("INVENTAIRE_TOKEN_%s", host);

	for (char *p = name + strlen("INVENTAIRE_TOKEN_"); *p; p++) {
		if (*p == '.' || *p == '-' || !isalnum((unsigned char)*p))
			*p = '_';
		else
			*p = (char)toupper((unsigned char)*p);
	}
	return name;
}

char *token_env_name(const char *host)
{
	const char *known = well_known_var(host);

	return known ? xstrdup(known) : host_var(host);
}

static void add_tokens(struct token_set *ts, const char *list)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");
		const char *s = p, *e = p + n;

		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e > s) {
			ts->v = xrealloc(ts->v, (ts->n + 1) * sizeof(*ts->v));
			ts->v[ts->n].value = xstrndup(s, (size_t)(e - s));
			ts->v[ts->n].exhausted_until = 0;
			ts->n++;
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

int token_set_from_env(struct token_set **out, const char *host)
{
	struct token_set *ts = xcalloc(1, sizeof(*ts));
	char *var = host_var(host ? host : "");
	const char *known = host ? well_known_var(host) : NULL;
	const char *val = getenv(var);

	/* The host-specific variable wins: it is the more deliberate choice. */
	if ((!val || !*val) && known)
		val = getenv(known);
	if (val)
		add_tokens(ts, val);
	free(var);
	*out = ts;
	return 0;
}

void token_set_free(struct token_set *ts)
{
	if (!ts)
		return;
	for (size_t i = 0; i < ts->n; i++) {
		/* Scrub: a core dump should not hold the token. */
		memset(ts->v[i].value, 0, strlen(ts->v[i].value));
		free(ts->v[i].value);
	}
	free(ts->v);
	free(ts);
}

size_t token_set_count(const struct token_set *ts)
{
	return ts->n;
}

const char *token_set_pick(const struct token_set *ts, int *idx, time_t *until,
                           time_t now)
{
	time_t earliest = 0;

	*idx = -1;
	if (until)
		*until = 0;
	for (size_t k = 0; k < ts->n; k++) {
		size_t i = (ts->cur + k) % ts->n;

		if (ts->v[i].exhausted_until <= now) {
			*idx = (int)i;
			return ts->v[i].value;
		}
		if (!earliest || ts->v[i].exhausted_until < earliest)
			earliest = ts->v[i].exhausted_until;
	}
	if (until)
		*until = earliest;
	return NULL;
}

const char *token_set_next(struct token_set *ts, int *idx, time_t *until,
                           time_t now)
{
	const char *t = token_set_pick(ts, idx, until, now);

	if (t)
		ts->cur = ((size_t)*idx + 1) % ts->n;
	return t;
}

void token_set_exhausted(struct token_set *ts, int idx, time_t reset)
{
	if (idx < 0 || (size_t)idx >= ts->n)
		return;
	ts->v[idx].exhausted_until = reset;
}
