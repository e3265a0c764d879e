/*
 * discover_score.c - how likely a forge account is an actor's own, from
 * evidence (discover_int.h). Each piece of evidence adds or takes points;
 * the sum, 0 to 100, ranks the candidates, and gives the confidence:
 * high from DISCOVER_HIGH, medium from DISCOVER_MEDIUM.
 *
 *   verified-domain   +25  GitHub verified the website or e-mail domain,
 *                          and it is the actor's (github_search.c says why
 *                          is_verified means that)
 *   website-domain    +35  the website is on one of the actor's domains
 *   email-domain      +35  the e-mail is (+10 only when the website is too)
 *   shared-domain     +10  on a domain the actor shares with others, one
 *                          above its own (ars.sante.fr for an ARS)
 *   other-actor       -30  the website or e-mail is another actor's
 *   foreign-domain    -15  on a domain of no actor
 *   name              +35  its name or login is the actor's name or an alias
 *   acronym           +20  ... is the actor's acronym
 *   name-close        +20  it has 75 % of the words of the actor's name
 *   name-part         +10  its login or name has the acronym as a word
 *   description       +15  its description names the actor
 *   repository        +25  a README or publiccode.yml of its names the actor
 *   location           +5  in France
 *   personal      half off a person's account, not an organisation's: at
 *                          most low confidence
 *
 * A domain is what identifies a public body; a name can be taken by
 * anyone. So names alone reach medium confidence at most, and a
 * look-alike on a foreign website falls to low.
 */
#include "crawler/discover/discover_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/alloc.h"

/* Free mail services: an address there says nothing of a body. */
static bool free_mail(const char *host)
{
	static const char *const hosts[] = {
		"gmail.com", "googlemail.com", "outlook.com", "outlook.fr",
		"hotmail.com", "hotmail.fr", "live.com", "live.fr", "yahoo.com",
		"yahoo.fr", "icloud.com", "protonmail.com", "proton.me",
		"laposte.net", "orange.fr", "free.fr", "wanadoo.fr", "sfr.fr",
		"gmx.fr", "gmx.com",
	};

	for (size_t i = 0; i < sizeof(hosts) / sizeof(*hosts); i++)
		if (!strcasecmp(host, hosts[i]))
			return true;
	return false;
}

/* Pages that forges host for anyone: a website there is no body's. */
static bool forge_pages(const char *host)
{
	static const char *const suffixes[] = {
		"github.io", "gitlab.io", "codeberg.page", "github.com",
		"gitlab.com", "codeberg.org",
	};
	size_t n = strlen(host);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		size_t m = strlen(suffixes[i]);

		if (n >= m && !strcasecmp(host + n - m, suffixes[i]) &&
		    (n == m || host[n - m - 1] == '.'))
			return true;
	}
	return false;
}

/* HOST is above one of ACTOR's domains: "ars.sante.fr" for
 * "bretagne.ars.sante.fr". */
static bool above_own_domain(const struct actor *actor, const char *host)
{
	size_t n = strlen(host);

	for (size_t i = 0; i < actor->ndomains; i++) {
		const char *d = actor->domains[i];
		size_t m = strlen(d);

		if (m > n && !strcasecmp(d + m - n, host) && d[m - n - 1] == '.')
			return true;
	}
	return false;
}

enum where { ON_OWN, ON_SHARED, ON_OTHER_ACTOR, ON_FOREIGN, ON_NOTHING };

/* Whose HOST is, seen from ACTOR; *OTHER names another actor's. */
static enum where whose(const struct actor *actor, const struct actors *actors,
                        const char *host, const struct actor **other)
{
	*other = NULL;
	if (!host)
		return ON_NOTHING;
	if (actor_has_domain(actor, host))
		return ON_OWN;
	if (above_own_domain(actor, host))
		return ON_SHARED;
	if (actors && (*other = actors_find_domain(actors, host)))
		return ON_OTHER_ACTOR;
	if (free_mail(host) || forge_pages(host))
		return ON_NOTHING;
	return ON_FOREIGN;
}

static int add(struct discovery_candidate *c, const char *kind, int points,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int add(struct discovery_candidate *c, const char *kind, int points,
               const char *fmt, ...)
{
	va_list ap;
	char *detail;

	va_start(ap, fmt);
	detail = xvasprintf(fmt, ap);
	va_end(ap);
	discovery_evidence_add(c, kind, points, detail);
	free(detail);
	return points;
}

static const char *label(const struct actor *a)
{
	return a->acronym ? a->acronym : a->name;
}

/* The website and the e-mail. */
static int domains(struct discovery_candidate *c, const struct actor *actor,
                   const struct actors *actors, const struct search_hit *hit)
{
	char *web = discover_web_host(hit->website);
	char *mail = discover_mail_host(hit->email);
	const struct actor *ow, *om;
	enum where w = whose(actor, actors, web, &ow);
	enum where m = whose(actor, actors, mail, &om);
	int pts = 0;

	if (w == ON_OWN)
		pts += add(c, "website-domain", 35, "website %s is on the actor's "
		           "domain", hit->website);
	if (m == ON_OWN)
		pts += add(c, "email-domain", w == ON_OWN ? 10 : 35, "e-mail %s is "
		           "on the actor's domain", hit->email);
	if ((w == ON_OWN || m == ON_OWN) && hit->verified)
		pts += add(c, "verified-domain", 25, "the forge verified the "
		           "domain of its website and e-mail (%s)",
		           w == ON_OWN ? web : mail);
	if (w == ON_SHARED || (m == ON_SHARED && w != ON_OWN))
		pts += add(c, "shared-domain", 10, "%s is on %s, shared by the "
		           "actor and others", w == ON_SHARED ? "its website"
		                                              : "its e-mail",
		           w == ON_SHARED ? web : mail);
	if (w == ON_OTHER_ACTOR)
		pts += add(c, "other-actor", -30, "website %s is %s's domain",
		           hit->website, label(ow));
	else if (m == ON_OTHER_ACTOR)
		pts += add(c, "other-actor", -30, "e-mail %s is on %s's domain",
		           hit->email, label(om));
	else if (w == ON_FOREIGN && m != ON_OWN)
		pts += add(c, "foreign-domain", -15, "website %s is on a domain "
		           "that is not the actor's", hit->website);
	else if (m == ON_FOREIGN && w != ON_OWN)
		pts += add(c, "foreign-domain", -15, "e-mail %s is on a domain "
		           "that is not the actor's", hit->email);
	free(web);
	free(mail);
	return pts;
}

/* NAME is an acronym of the actor's (its acronym, or an alias written
 * like one). */
static bool is_acronym(const struct actor *actor, const char *name)
{
	if (actor->acronym && !strcmp(name, actor->acronym))
		return true;
	for (const char *p = name; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			return false;
	return strlen(name) <= 24;
}

/* The actor's names, one by one: its name, acronym, aliases. */
static const char *actor_name(const struct actor *a, size_t i)
{
	if (i == 0)
		return a->name;
	if (i == 1)
		return a->acronym;
	return i - 2 < a->naliases ? a->aliases[i - 2] : NULL;
}

/* The login with its separators as spaces: "sante-publique_france". */
static bool compact_equal(const char *a, const char *b)
{
	char *ca, *cb;
	bool eq;

	if (!a || !b)
		return false;
	ca = discover_compact(a);
	cb = discover_compact(b);
	eq = *ca && !strcmp(ca, cb);
	free(ca);
	free(cb);
	return eq;
}

static int names(struct discovery_candidate *c, const struct actor *actor,
                 const struct search_hit *hit)
{
	int best_close = 0;
	const char *close = NULL, *part = NULL;

	for (size_t i = 0; i < 2 + actor->naliases; i++) {
		const char *n = actor_name(actor, i);

		if (!n)
			continue;
		if (compact_equal(n, hit->login) || compact_equal(n, hit->name)) {
			if (is_acronym(actor, n) && i != 0)
				return add(c, "acronym", 20, "its %s is the actor's "
				           "acronym \"%s\"", compact_equal(n, hit->login)
				           ? "login" : "name", n);
			return add(c, "name", 35, "its %s is the actor's %s \"%s\"",
			           compact_equal(n, hit->login) ? "login" : "name",
			           i == 0 ? "name" : "other name", n);
		}
	}
	for (size_t i = 0; i < 2 + actor->naliases; i++) {
		const char *n = actor_name(actor, i);
		int w;

		if (!n)
			continue;
		w = discover_words_in(n, hit->name);
		if (discover_words_in(n, hit->login) > w)
			w = discover_words_in(n, hit->login);
		if (is_acronym(actor, n) && i != 0) {
			if (w == 100 && !part)
				part = n;
		} else if (w > best_close) {
			best_close = w;
			close = n;
		}
	}
	if (best_close >= 75)
		return add(c, "name-close", 20, "its name has %d %% of the words "
		           "of \"%s\"", best_close, close);
	if (part)
		return add(c, "name-part", 10, "its login or name has the "
		           "acronym \"%s\"", part);
	return 0;
}

int discover_prescore(const struct actor *actor, const struct search_hit *hit)
{
	int best = 0;

	for (size_t i = 0; i < 2 + actor->naliases; i++) {
		const char *n = actor_name(actor, i);
		int w;

		if (!n)
			continue;
		if (compact_equal(n, hit->login) || compact_equal(n, hit->name))
			return 100;
		w = discover_words_in(n, hit->name);
		if (discover_words_in(n, hit->login) > w)
			w = discover_words_in(n, hit->login);
		if (w > best)
			best = w;
	}
	return best;
}

static bool in_france(const char *location)
{
	static const char *const places[] = {
		"france", "paris", "lyon", "marseille", "toulouse", "nantes",
		"rennes", "lille", "bordeaux", "strasbourg", "montpellier", "nice",
		"saint denis", "la plaine saint denis",
	};
	char *n = discover_normalize(location);
	char *pad = xasprintf(" %s ", n);
	bool found = false;

	for (size_t i = 0; !found && i < sizeof(places) / sizeof(*places); i++) {
		char *w = xasprintf(" %s ", places[i]);

		found = strstr(pad, w) != NULL;
		free(w);
	}
	free(n);
	free(pad);
	return found;
}

void discover_score(struct discovery_candidate *out, const struct actor *actor,
                    const struct actors *actors, const struct search_hit *hit,
                    const char *named)
{
	char *what = NULL;
	int score = 0;

	memset(out, 0, sizeof(*out));
	score += domains(out, actor, actors, hit);
	score += names(out, actor, hit);
	if (hit->description &&
	    discover_text_names(&what, hit->description, actor))
		score += add(out, "description", 15, "its description names %s",
		             what);
	free(what);
	if (named)
		score += add(out, "repository", 25, "%s", named);
	if (hit->location && in_france(hit->location))
		score += add(out, "location", 5, "location \"%s\" is in France",
		             hit->location);
	if (score < 0)
		score = 0;
	if (score > 100)
		score = 100;
	out->personal = hit->kind == ACCOUNT_USER;
	if (out->personal) {
		int half = score / 2;

		add(out, "personal", half - score, "a person's account, not an "
		    "organisation's: ranked down");
		score = half;
	}
	out->score = score;
	out->confidence = out->personal ? DISCOVERY_LOW
	                  : score >= DISCOVER_HIGH ? DISCOVERY_HIGH
	                  : score >= DISCOVER_MEDIUM ? DISCOVERY_MEDIUM
	                  : DISCOVERY_LOW;
}
